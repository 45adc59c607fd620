list(APPEND PLAYER_SOURCES
  ${CMAKE_CURRENT_LIST_DIR}/font_set.cpp
  ${CMAKE_CURRENT_LIST_DIR}/itemizer.cpp
  ${CMAKE_CURRENT_LIST_DIR}/layout_context.cpp
  ${CMAKE_CURRENT_LIST_DIR}/shaper.cpp
  ${CMAKE_CURRENT_LIST_DIR}/line_breaker.cpp
  ${CMAKE_CURRENT_LIST_DIR}/ruby_markup.cpp
  ${CMAKE_CURRENT_LIST_DIR}/text_layout.cpp
  ${CMAKE_CURRENT_LIST_DIR}/paragraph_cache.cpp
  ${CMAKE_CURRENT_LIST_DIR}/glyph_atlas.cpp
  ${CMAKE_CURRENT_LIST_DIR}/layout_json.cpp)
