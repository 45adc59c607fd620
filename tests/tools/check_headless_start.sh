#!/usr/bin/env bash
# The kiosk executable starts without the display and audio stacks (issue 14): none of
# its DT_NEEDED libraries, nor theirs, is SDL, X11, Wayland, PulseAudio, eSpeak NG,
# libqrencode, libcurl, libmosquitto or OpenSSL; those come with the module, loaded only
# for the commands that draw or use the network. And the commands still find that module: `kiosk screens` runs through it.
#   check_headless_start.sh KIOSK_BINARY SOURCE_ROOT
set -uo pipefail
(($# == 2)) || { echo "usage: check_headless_start.sh KIOSK_BINARY SOURCE_ROOT" >&2; exit 2; }
kiosk=$1 root=$2
status=0
heavy='libSDL2|libX11|libwayland|libpulse|libasound|libespeak|libqrencode|libdbus|libcurl|libmosquitto|libssl'
kiosk_libs=$(ldd "$kiosk")
if loaded=$(grep -E "$heavy" <<<"$kiosk_libs"); then
  echo "$kiosk: loads display or audio libraries at start-up (they belong in libkiosk_ui.so):"
  echo "$loaded"
  status=1
fi
# ldd's output whole first: `grep -q` stops reading early, and with pipefail the writer's
# SIGPIPE would fail the check now and then (the sanitizer build's list is long).
module="$(dirname "$kiosk")/libkiosk_ui.so"
module_libs=$(ldd "$module")
grep -q libSDL2 <<<"$module_libs" || { echo "$module: does not link SDL2"; status=1; }
# Drawing a screen (shot, goldens, previews) never loads the network libraries either.
# One exception: FFmpeg's libavformat (under libmpv, for video) needs OpenSSL for its own
# network protocols, which the kiosk never opens (files only). So OpenSSL may arrive
# through it, but the module itself must not ask for it.
if loaded=$(grep -E 'libcurl|libmosquitto' <<<"$module_libs"); then
  echo "$module: loads network libraries (they belong in libkiosk_terminal.so):"
  echo "$loaded"
  status=1
fi
if needed=$(readelf -d "$module" | grep -E 'NEEDED.*(libssl|libcrypto)'); then
  echo "$module: links OpenSSL itself (it belongs in libkiosk_terminal.so):"
  echo "$needed"
  status=1
fi
terminal="$(dirname "$kiosk")/libkiosk_terminal.so"
terminal_libs=$(ldd "$terminal")
grep -q libcurl <<<"$terminal_libs" || { echo "$terminal: does not link libcurl"; status=1; }
store_help=$("$kiosk" store --help)
grep -q "status DIR" <<<"$store_help" ||
  { echo "$kiosk store --help: not answered through the terminal module"; status=1; }
screens=$("$kiosk" screens --bundle "$root/content/demo-ward")
grep -qx home <<<"$screens" ||
  { echo "$kiosk screens: no 'home' screen through the display module"; status=1; }
exit $status
