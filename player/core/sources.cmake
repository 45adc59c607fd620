list(APPEND PLAYER_SOURCES
  ${CMAKE_CURRENT_LIST_DIR}/result.cpp
  ${CMAKE_CURRENT_LIST_DIR}/byte_size.cpp
  ${CMAKE_CURRENT_LIST_DIR}/paths.cpp
  ${CMAKE_CURRENT_LIST_DIR}/date_time.cpp
  ${CMAKE_CURRENT_LIST_DIR}/toml_guard.cpp
  ${CMAKE_CURRENT_LIST_DIR}/utf8.cpp)
