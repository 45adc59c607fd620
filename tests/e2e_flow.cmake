# End-to-end walk through a guided procedure under Xvfb (tests/e2e/procedure_flow.sh):
#   e2e.procedure_flow  pick English, open moving-in, answer every question, decode the
#                       checklist's QR code (tests/e2e/expected/), wait for the idle warning
#                       and the reset to home in ja, SIGTERM exits 0
#                       (skipped, exit 77, only when Xvfb is not installed)
# png_diff is defined in golden.cmake. About 50 s: most of it is the idle countdown.

add_test(NAME e2e.procedure_flow
  COMMAND bash ${CMAKE_CURRENT_LIST_DIR}/e2e/procedure_flow.sh $<TARGET_FILE:kiosk>
          $<TARGET_FILE:png_diff> ${KIOSK_SOURCE_ROOT}/content/demo-ward
          ${CMAKE_CURRENT_BINARY_DIR}/e2e-out/procedure_flow)
set_tests_properties(e2e.procedure_flow PROPERTIES
  LABELS e2e SKIP_RETURN_CODE 77 TIMEOUT 180 RESOURCE_LOCK xvfb)
if(KIOSK_SANITIZE)
  # As for e2e.run_tap (tests/e2e.cmake): SDL's software renderer, so LeakSanitizer can
  # attribute what the renderer keeps until exit.
  set_tests_properties(e2e.procedure_flow PROPERTIES
    ENVIRONMENT "SDL_RENDER_DRIVER=software;SDL_FRAMEBUFFER_ACCELERATION=0")
endif()
