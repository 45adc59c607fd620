list(APPEND PLAYER_SOURCES
  ${CMAKE_CURRENT_LIST_DIR}/bundle_layout.cpp
  ${CMAKE_CURRENT_LIST_DIR}/bundle_loader.cpp
  ${CMAKE_CURRENT_LIST_DIR}/bundle_references.cpp
  ${CMAKE_CURRENT_LIST_DIR}/bundle_signage.cpp
  ${CMAKE_CURRENT_LIST_DIR}/bundle_toml.cpp
  ${CMAKE_CURRENT_LIST_DIR}/bundle_videos.cpp
  ${CMAKE_CURRENT_LIST_DIR}/bundle_model.cpp
  ${CMAKE_CURRENT_LIST_DIR}/content_rules.cpp
  ${CMAKE_CURRENT_LIST_DIR}/front_matter.cpp
  ${CMAKE_CURRENT_LIST_DIR}/image_check.cpp
  ${CMAKE_CURRENT_LIST_DIR}/markdown_page.cpp
  ${CMAKE_CURRENT_LIST_DIR}/procedure_flow.cpp
  ${CMAKE_CURRENT_LIST_DIR}/procedure_graph.cpp
  ${CMAKE_CURRENT_LIST_DIR}/signage_model.cpp
  ${CMAKE_CURRENT_LIST_DIR}/signage_toml.cpp
  ${CMAKE_CURRENT_LIST_DIR}/toml_fields.cpp)
