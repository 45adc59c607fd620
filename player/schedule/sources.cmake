list(APPEND PLAYER_SOURCES
  ${CMAKE_CURRENT_LIST_DIR}/signage_check.cpp
  ${CMAKE_CURRENT_LIST_DIR}/signage_schedule.cpp)
