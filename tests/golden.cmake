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
# A re-render is pixel-identical; the rule leaves room only for anti-aliasing noise (another
# FreeType or SDL build): differences up to 8 per channel anywhere, larger ones only as
# specks of at most 4 connected pixels, on at most 0.5% of the pixels. A changed word is a
# blob of hundreds of pixels and fails (golden.refuses_changed_word.*) even when it is far
# below 0.5% of the screen, which is what the count alone let through before.
set(KIOSK_GOLDEN_TOLERANCE 8)
set(KIOSK_GOLDEN_MAX_DIFFERING 0.5%)
set(KIOSK_GOLDEN_MAX_CLUSTER 4)
set(KIOSK_GOLDEN_TEXT_PX 48)
set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS
  ${KIOSK_GOLDEN_DIR}/screen-cases.txt ${KIOSK_GOLDEN_DIR}/text-cases.txt)

function(kiosk_golden_test name expected actual)
  add_test(NAME ${name}
    COMMAND bash ${KIOSK_GOLDEN_CHECK} $<TARGET_FILE:png_diff> ${expected} ${actual}
            ${KIOSK_GOLDEN_TOLERANCE} ${KIOSK_GOLDEN_MAX_DIFFERING} ${KIOSK_GOLDEN_MAX_CLUSTER}
            -- ${ARGN})
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

# The rule above must refuse one changed word and accept an identical re-render.
set(KIOSK_GOLDEN_RULE --tolerance ${KIOSK_GOLDEN_TOLERANCE}
    --max-differing ${KIOSK_GOLDEN_MAX_DIFFERING} --max-cluster ${KIOSK_GOLDEN_MAX_CLUSTER})
function(kiosk_golden_sensitivity_test name file from to)
  add_test(NAME golden.refuses_changed_word.${name}
    COMMAND bash ${CMAKE_CURRENT_LIST_DIR}/tools/golden_sensitivity.sh $<TARGET_FILE:kiosk>
            $<TARGET_FILE:png_diff> ${KIOSK_SOURCE_ROOT}/content/demo-ward
            ${CMAKE_CURRENT_BINARY_DIR}/golden-sensitivity/${name} ${file} ${from} ${to}
            -- ${KIOSK_GOLDEN_RULE} -- ${ARGN})
  set_tests_properties(golden.refuses_changed_word.${name} PROPERTIES LABELS golden TIMEOUT 120)
endfunction()
kiosk_golden_sensitivity_test(home-label bundle.toml "en = \"Transport\"" "en = \"Transit\""
  --screen home --lang en --size 1920x1080 --clock 2026-11-27T10:05)
kiosk_golden_sensitivity_test(page-days pages/moving-out/en.md "14 days" "15 days"
  --screen page/moving-out --lang en --size 1920x1080 --clock 2026-11-27T10:05)
kiosk_golden_sensitivity_test(checklist-days procedures/moving-in/en.toml "14 days" "15 days"
  --screen checklist/moving-in/origin=japan,children=yes,my-number=no --lang en
  --size 1920x1080 --clock 2026-11-27T10:05)
