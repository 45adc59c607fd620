# Golden-image tests: render with the kiosk, compare with tests/golden/*.png using png_diff.
#   tests/golden/screen-cases.txt  NAME|kiosk shot arguments   -> golden.screen.NAME
#   tests/golden/text-cases.txt    NAME|LANG|WIDTH|TEXT        -> golden.text.NAME (48 px)
# Rendered images (and *.diff.png on a mismatch) land in <build>/tests/golden-out/.
# scripts/update-goldens.sh regenerates the goldens on purpose.

add_executable(png_diff ${CMAKE_CURRENT_LIST_DIR}/tools/png_diff.cpp)
target_link_libraries(png_diff PRIVATE player_render)

set(KIOSK_GOLDEN_DIR ${CMAKE_CURRENT_LIST_DIR}/golden)
set(KIOSK_GOLDEN_OUT ${CMAKE_CURRENT_BINARY_DIR}/golden-out)
set(KIOSK_GOLDEN_CHECK ${CMAKE_CURRENT_LIST_DIR}/tools/golden_check.sh)
# Up to 8 per channel (anti-aliasing, FreeType/SDL differences) on at most 0.5% of pixels.
set(KIOSK_GOLDEN_TOLERANCE 8)
set(KIOSK_GOLDEN_MAX_DIFFERING 0.5%)
set(KIOSK_GOLDEN_TEXT_PX 48)
set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS
  ${KIOSK_GOLDEN_DIR}/screen-cases.txt ${KIOSK_GOLDEN_DIR}/text-cases.txt)

function(kiosk_golden_test name expected actual)
  add_test(NAME ${name}
    COMMAND bash ${KIOSK_GOLDEN_CHECK} $<TARGET_FILE:png_diff> ${expected} ${actual}
            ${KIOSK_GOLDEN_TOLERANCE} ${KIOSK_GOLDEN_MAX_DIFFERING} -- ${ARGN})
  set_tests_properties(${name} PROPERTIES LABELS golden TIMEOUT 120)
endfunction()

file(STRINGS ${KIOSK_GOLDEN_DIR}/screen-cases.txt screen_cases ENCODING UTF-8)
foreach(line IN LISTS screen_cases)
  if(line MATCHES "^[ \t]*(#|$)")
    continue()
  endif()
  if(NOT line MATCHES "^([a-z0-9-]+)\\|(.+)$")
    message(FATAL_ERROR "tests/golden/screen-cases.txt: cannot read line: ${line}")
  endif()
  set(case_name ${CMAKE_MATCH_1})
  separate_arguments(case_args UNIX_COMMAND "${CMAKE_MATCH_2}")
  kiosk_golden_test(golden.screen.${case_name}
    ${KIOSK_GOLDEN_DIR}/${case_name}.png ${KIOSK_GOLDEN_OUT}/${case_name}.png
    $<TARGET_FILE:kiosk> shot --bundle ${KIOSK_SOURCE_ROOT}/content/demo-ward ${case_args}
    -o ${KIOSK_GOLDEN_OUT}/${case_name}.png)
endforeach()

file(STRINGS ${KIOSK_GOLDEN_DIR}/text-cases.txt text_cases ENCODING UTF-8)
foreach(line IN LISTS text_cases)
  if(line MATCHES "^[ \t]*(#|$)")
    continue()
  endif()
  if(NOT line MATCHES "^([A-Za-z0-9-]+)\\|([A-Za-z0-9-]+)\\|([0-9]+)\\|(.+)$")
    message(FATAL_ERROR "tests/golden/text-cases.txt: cannot read line: ${line}")
  endif()
  set(case_name ${CMAKE_MATCH_1})
  kiosk_golden_test(golden.text.${case_name}
    ${KIOSK_GOLDEN_DIR}/text-${case_name}.png ${KIOSK_GOLDEN_OUT}/text-${case_name}.png
    $<TARGET_FILE:kiosk> text --lang ${CMAKE_MATCH_2} --px ${KIOSK_GOLDEN_TEXT_PX}
    --width ${CMAKE_MATCH_3} -o ${KIOSK_GOLDEN_OUT}/text-${case_name}.png "${CMAKE_MATCH_4}")
endforeach()
