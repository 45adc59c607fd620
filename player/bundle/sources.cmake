list(APPEND PLAYER_SOURCES
  ${CMAKE_CURRENT_LIST_DIR}/bundle_builder.cpp
  ${CMAKE_CURRENT_LIST_DIR}/bundle_files.cpp
  ${CMAKE_CURRENT_LIST_DIR}/bundle_publisher.cpp
  ${CMAKE_CURRENT_LIST_DIR}/bundle_store.cpp
  ${CMAKE_CURRENT_LIST_DIR}/file_io.cpp
  ${CMAKE_CURRENT_LIST_DIR}/manifest.cpp
  ${CMAKE_CURRENT_LIST_DIR}/relative_path.cpp
  ${CMAKE_CURRENT_LIST_DIR}/sha256.cpp
  ${CMAKE_CURRENT_LIST_DIR}/signing.cpp)
