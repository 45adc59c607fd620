list(APPEND PLAYER_SOURCES
  ${CMAKE_CURRENT_LIST_DIR}/backoff.cpp
  ${CMAKE_CURRENT_LIST_DIR}/feed_poller.cpp
  ${CMAKE_CURRENT_LIST_DIR}/http_client.cpp
  ${CMAKE_CURRENT_LIST_DIR}/sync_client.cpp
  ${CMAKE_CURRENT_LIST_DIR}/sync_worker.cpp
  ${CMAKE_CURRENT_LIST_DIR}/terminal_status.cpp)
