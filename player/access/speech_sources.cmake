# Speech (eSpeak NG + SDL audio). Included from access/sources.cmake; player/CMakeLists.txt
# links player_access with eSpeak NG and SDL2 (privately).
list(APPEND PLAYER_SOURCES
  ${CMAKE_CURRENT_LIST_DIR}/speech.cpp
  ${CMAKE_CURRENT_LIST_DIR}/speech_pcm.cpp)
