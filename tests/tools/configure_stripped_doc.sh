#!/usr/bin/env bash
# Configures the whole project as on a slim Debian image, where /usr/share/doc (and with
# it Dear ImGui's SDL_Renderer backend) is stripped: KIOSK_IMGUI_BACKEND_DIR points at an
# empty directory. Configuring must fail with one clear message naming the fix.
#   configure_stripped_doc.sh CMAKE SOURCE_ROOT WORK_DIR
set -uo pipefail
(($# == 3)) || { echo "usage: configure_stripped_doc.sh CMAKE SOURCE_ROOT WORK_DIR" >&2; exit 2; }
cmake=$1 root=$2 work=$3
rm -rf "$work" && mkdir -p "$work/empty-doc" || exit 1

out=$("$cmake" -S "$root" -B "$work/build" -DKIOSK_BENCH=OFF \
        -DKIOSK_IMGUI_BACKEND_DIR="$work/empty-doc" 2>&1)
rc=$?
if ((rc == 0)); then
  echo "configure_stripped_doc: configuring succeeded without the ImGui backend" >&2
  exit 1
fi
message=$(tr '\n' ' ' <<<"$out" | tr -s ' ')
for want in "imgui_impl_sdlrenderer.cpp" "$work/empty-doc" "scripts/setup.sh" "KIOSK_IMGUI_BACKEND_DIR"; do
  if [[ "$message" != *"$want"* ]]; then
    echo "$out" >&2
    echo "configure_stripped_doc: the message does not name '$want'" >&2
    exit 1
  fi
done
echo "configure_stripped_doc: refused as expected:"
grep -A3 'CMake Error' <<<"$out"
