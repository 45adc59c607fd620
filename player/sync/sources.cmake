list(APPEND PLAYER_SOURCES
  ${CMAKE_CURRENT_LIST_DIR}/http_client.cpp
  ${CMAKE_CURRENT_LIST_DIR}/sync_client.cpp)
