# Finds Dear ImGui's SDL_Renderer backend source (imgui_impl_sdlrenderer.cpp).
#
# Debian's libimgui-dev ships the backend header in /usr/include/imgui/backends but the
# source only under /usr/share/doc/libimgui-dev/examples/backends, and slim Debian images
# drop /usr/share/doc/* at install time (dpkg path-exclude). scripts/setup.sh then
# extracts the same package version into a cache directory, which is searched here too.
#
#   KIOSK_IMGUI_BACKEND_DIR   a directory holding imgui_impl_sdlrenderer.cpp; when set,
#                             only it is used (point it at an empty directory to see the
#                             message a stripped image gives)
#
# Usable from a project (sets KIOSK_IMGUI_BACKEND_SOURCE) and from `cmake -P` (the tests
# call kiosk_find_imgui_backend directly).

set(KIOSK_IMGUI_BACKEND_FILE imgui_impl_sdlrenderer.cpp)

# Where scripts/setup.sh extracts libimgui-dev when /usr/share/doc was stripped; keep the
# two in step.
function(kiosk_imgui_backend_cache_dirs out_var)
  set(dirs "")
  if(DEFINED ENV{KIOSK_DEPS_CACHE} AND NOT "$ENV{KIOSK_DEPS_CACHE}" STREQUAL "")
    list(APPEND dirs "$ENV{KIOSK_DEPS_CACHE}")
  endif()
  if(DEFINED ENV{XDG_CACHE_HOME} AND NOT "$ENV{XDG_CACHE_HOME}" STREQUAL "")
    list(APPEND dirs "$ENV{XDG_CACHE_HOME}/kiosk")
  endif()
  if(DEFINED ENV{HOME} AND NOT "$ENV{HOME}" STREQUAL "")
    list(APPEND dirs "$ENV{HOME}/.cache/kiosk")
  endif()
  set(result "")
  foreach(dir IN LISTS dirs)
    list(APPEND result "${dir}/libimgui-dev/usr/share/doc/libimgui-dev/examples/backends")
  endforeach()
  set(${out_var} "${result}" PARENT_SCOPE)
endfunction()

# kiosk_find_imgui_backend(OUT_VAR [DIR explicit_dir] [SYSTEM_DIR dir]): the full path
# of the backend source, or a FATAL_ERROR naming every place looked at and the fix.
# SYSTEM_DIR replaces /usr/share/doc/... so that tests can simulate a stripped image.
function(kiosk_find_imgui_backend out_var)
  cmake_parse_arguments(ARG "" "DIR;SYSTEM_DIR" "" ${ARGN})
  if(NOT ARG_SYSTEM_DIR)
    set(ARG_SYSTEM_DIR /usr/share/doc/libimgui-dev/examples/backends)
  endif()
  if(ARG_DIR)
    set(candidates "${ARG_DIR}")
  else()
    kiosk_imgui_backend_cache_dirs(cache_dirs)
    set(candidates "${ARG_SYSTEM_DIR}" ${cache_dirs})
  endif()
  foreach(dir IN LISTS candidates)
    if(EXISTS "${dir}/${KIOSK_IMGUI_BACKEND_FILE}")
      set(${out_var} "${dir}/${KIOSK_IMGUI_BACKEND_FILE}" PARENT_SCOPE)
      return()
    endif()
  endforeach()
  list(JOIN candidates ", " looked)
  message(FATAL_ERROR
    "kiosk: Dear ImGui's SDL_Renderer backend (${KIOSK_IMGUI_BACKEND_FILE}) is not in "
    "${looked}. Debian's libimgui-dev installs it under /usr/share/doc, which slim images "
    "strip; run scripts/setup.sh (it extracts libimgui-dev into ~/.cache/kiosk), or pass "
    "-DKIOSK_IMGUI_BACKEND_DIR=DIR naming a directory that holds it.")
endfunction()
