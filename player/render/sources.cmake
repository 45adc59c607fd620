list(APPEND PLAYER_SOURCES
  ${CMAKE_CURRENT_LIST_DIR}/image_cache.cpp
  ${CMAKE_CURRENT_LIST_DIR}/surface.cpp
  ${CMAKE_CURRENT_LIST_DIR}/text_renderer.cpp)
