# Speech (eSpeak NG + SDL audio). Included from access/sources.cmake. The player target
# must link eSpeak NG: pkg_check_modules(ESPEAK REQUIRED IMPORTED_TARGET espeak-ng) and
# target_link_libraries(player PUBLIC PkgConfig::ESPEAK) in player/CMakeLists.txt.
list(APPEND PLAYER_SOURCES
  ${CMAKE_CURRENT_LIST_DIR}/speech.cpp
  ${CMAKE_CURRENT_LIST_DIR}/speech_pcm.cpp)
