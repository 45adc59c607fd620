#!/usr/bin/env bash
# THE run command: installs what is missing, builds, and runs the kiosk on the sample
# bundle content/demo-ward. Extra arguments go to `kiosk run`, e.g.
#   scripts/run-demo.sh --windowed --size 1280x720
# Without a display (no DISPLAY or WAYLAND_DISPLAY) it renders the home screen to
# out/home.png instead. Stop the kiosk with Ctrl+C (SIGINT) or SIGTERM.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

scripts/setup.sh
scripts/build.sh

kiosk=${KIOSK_BUILD_DIR:-build}/kiosk/kiosk
mkdir -p out
if [[ -z "${DISPLAY:-}" && -z "${WAYLAND_DISPLAY:-}" ]]; then
  echo "run-demo: no display (neither DISPLAY nor WAYLAND_DISPLAY is set);" \
    "rendering the home screen to out/home.png instead"
  # Without this SDL would quietly fall back to its invisible "offscreen" video driver.
  export SDL_VIDEODRIVER=x11
fi
# --shot-on-no-display also covers a DISPLAY that is set but cannot be opened.
exec "$kiosk" run --bundle content/demo-ward --shot-on-no-display out/home.png "$@"
