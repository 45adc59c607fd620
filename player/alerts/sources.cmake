list(APPEND PLAYER_SOURCES
  ${CMAKE_CURRENT_LIST_DIR}/alert_board.cpp
  ${CMAKE_CURRENT_LIST_DIR}/alert_language.cpp
  ${CMAKE_CURRENT_LIST_DIR}/alert_spool.cpp
  ${CMAKE_CURRENT_LIST_DIR}/atom_feed.cpp
  ${CMAKE_CURRENT_LIST_DIR}/cap_parser.cpp
  ${CMAKE_CURRENT_LIST_DIR}/mqtt_link.cpp
  ${CMAKE_CURRENT_LIST_DIR}/signed_alert.cpp
  ${CMAKE_CURRENT_LIST_DIR}/xml_guard.cpp)
