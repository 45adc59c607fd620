# Tests of the build's own structure (issue 14, "one place for each thing").
#   build.area_includes          every #include in player/ keeps the arrows between areas
#   build.area_includes_refuses  the check above refuses a planted wrong-way include
#   build.imgui_backend_cache    on a slim image (no /usr/share/doc), the ImGui backend
#                                is found where scripts/setup.sh extracts it
#   build.imgui_backend_missing  ... and when it is nowhere, configuring fails with a
#                                message naming scripts/setup.sh and KIOSK_IMGUI_BACKEND_DIR
#   build.configure_stripped_doc the whole project configured with KIOSK_IMGUI_BACKEND_DIR
#                                at an empty directory fails the same way
#   build.headless_start         the kiosk executable loads no display or audio library;
#                                the display module does, and the commands find it

set(KIOSK_TOOLS_DIR ${CMAKE_CURRENT_LIST_DIR}/tools)
set(KIOSK_STRUCTURE_OUT ${CMAKE_CURRENT_BINARY_DIR}/structure-out)

add_test(NAME build.area_includes
  COMMAND bash ${KIOSK_TOOLS_DIR}/check_area_includes.sh ${KIOSK_SOURCE_ROOT})
add_test(NAME build.area_includes_refuses
  COMMAND bash ${KIOSK_TOOLS_DIR}/check_area_includes_test.sh ${KIOSK_SOURCE_ROOT}
          ${KIOSK_STRUCTURE_OUT}/area-includes)

foreach(case cache missing)
  add_test(NAME build.imgui_backend_${case}
    COMMAND ${CMAKE_COMMAND} -DCASE=${case} -DSOURCE_ROOT=${KIOSK_SOURCE_ROOT}
            -DWORK=${KIOSK_STRUCTURE_OUT}/imgui-${case} -P ${KIOSK_TOOLS_DIR}/imgui_backend_test.cmake)
endforeach()

add_test(NAME build.configure_stripped_doc
  COMMAND bash ${KIOSK_TOOLS_DIR}/configure_stripped_doc.sh ${CMAKE_COMMAND} ${KIOSK_SOURCE_ROOT}
          ${KIOSK_STRUCTURE_OUT}/configure-stripped-doc)
set_tests_properties(build.configure_stripped_doc PROPERTIES TIMEOUT 120)

add_test(NAME build.headless_start
  COMMAND bash ${KIOSK_TOOLS_DIR}/check_headless_start.sh $<TARGET_FILE:kiosk> ${KIOSK_SOURCE_ROOT})

set_tests_properties(build.area_includes build.area_includes_refuses build.headless_start
  build.imgui_backend_cache build.imgui_backend_missing build.configure_stripped_doc
  PROPERTIES LABELS build)
