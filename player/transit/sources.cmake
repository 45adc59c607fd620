list(APPEND PLAYER_SOURCES
  ${CMAKE_CURRENT_LIST_DIR}/odpt_train_information.cpp
  ${CMAKE_CURRENT_LIST_DIR}/transit_names.cpp)
