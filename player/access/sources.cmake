list(APPEND PLAYER_SOURCES
  ${CMAKE_CURRENT_LIST_DIR}/attention_tone.cpp
  ${CMAKE_CURRENT_LIST_DIR}/contrast.cpp
  ${CMAKE_CURRENT_LIST_DIR}/theme.cpp)
if(EXISTS ${CMAKE_CURRENT_LIST_DIR}/speech_sources.cmake)
  include(${CMAKE_CURRENT_LIST_DIR}/speech_sources.cmake)
endif()
