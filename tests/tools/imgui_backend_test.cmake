# cmake -DWORK=DIR -DSOURCE_ROOT=DIR -P imgui_backend_test.cmake
# The ImGui backend lookup on a slim image, simulated in WORK without touching
# /usr/share/doc: case "cache" finds the copy scripts/setup.sh extracts into the cache;
# case "missing" (an empty cache too) must fail with the message that names the fix. Each case is its own CTest (see tests/structure.cmake).
include(${SOURCE_ROOT}/cmake/ImguiBackend.cmake)
set(stripped "${WORK}/stripped-doc") # what a slim image leaves of /usr/share/doc/...
file(REMOVE_RECURSE "${stripped}")
file(MAKE_DIRECTORY "${stripped}")

if(CASE STREQUAL "cache")
  set(ENV{KIOSK_DEPS_CACHE} "${WORK}/cache")
  set(ENV{XDG_CACHE_HOME} "")
  set(ENV{HOME} "")
  set(dir "${WORK}/cache/libimgui-dev/usr/share/doc/libimgui-dev/examples/backends")
  file(MAKE_DIRECTORY "${dir}")
  file(WRITE "${dir}/imgui_impl_sdlrenderer.cpp" "// stand-in\n")
  kiosk_find_imgui_backend(found SYSTEM_DIR "${stripped}")
  if(NOT found STREQUAL "${dir}/imgui_impl_sdlrenderer.cpp")
    message(FATAL_ERROR "expected the cached backend ${dir}/imgui_impl_sdlrenderer.cpp, found '${found}'")
  endif()
  message(STATUS "found the cached backend: ${found}")
elseif(CASE STREQUAL "missing")
  # The lookup ends the script with FATAL_ERROR, so it runs in a child cmake whose output
  # is checked here (CMake wraps long messages: compare with whitespace squeezed).
  execute_process(
    COMMAND ${CMAKE_COMMAND} -DCASE=missing-child -DSOURCE_ROOT=${SOURCE_ROOT} -DWORK=${WORK}
            -P ${CMAKE_CURRENT_LIST_FILE}
    RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE out)
  string(REGEX REPLACE "[ \n]+" " " flat "${out}")
  if(rc EQUAL 0)
    message(FATAL_ERROR "the lookup succeeded on a stripped image with an empty cache:\n${out}")
  endif()
  foreach(want "imgui_impl_sdlrenderer.cpp" "${stripped}" "slim images strip"
               "run scripts/setup.sh" "-DKIOSK_IMGUI_BACKEND_DIR=DIR")
    string(FIND "${flat}" "${want}" at)
    if(at EQUAL -1)
      message(FATAL_ERROR "the message does not say '${want}':\n${out}")
    endif()
  endforeach()
  message(STATUS "refused as expected: ${flat}")
elseif(CASE STREQUAL "missing-child")
  set(ENV{KIOSK_DEPS_CACHE} "${WORK}/empty-cache")
  set(ENV{XDG_CACHE_HOME} "")
  set(ENV{HOME} "")
  kiosk_find_imgui_backend(found SYSTEM_DIR "${stripped}") # must not return
  message(STATUS "unexpectedly found ${found}")
else()
  message(FATAL_ERROR "imgui_backend_test.cmake: CASE must be cache or missing")
endif()
