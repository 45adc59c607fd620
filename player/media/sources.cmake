list(APPEND PLAYER_SOURCES
  ${CMAKE_CURRENT_LIST_DIR}/video_player.cpp
  ${CMAKE_CURRENT_LIST_DIR}/video_probe.cpp
  ${CMAKE_CURRENT_LIST_DIR}/webvtt.cpp)
