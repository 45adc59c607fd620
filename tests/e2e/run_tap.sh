#!/usr/bin/env bash
# End to end under Xvfb: start `kiosk run --windowed`, wait for its window, tap a category
# button on the home screen, check that the picture changes, then stop the kiosk with
# SIGTERM and check it exits 0. Every wait is a bounded poll, never a fixed sleep.
#   run_tap.sh KIOSK PNG_DIFF BUNDLE_DIR [OUT_DIR]
# Screenshots (tap-before.png, tap-after.png) and logs stay in OUT_DIR for inspection.
# Exit 77 (skipped) only when Xvfb is not installed.
set -uo pipefail

if (($# < 3)); then
  echo "usage: run_tap.sh KIOSK PNG_DIFF BUNDLE_DIR [OUT_DIR]" >&2
  exit 2
fi
kiosk=$1 png_diff=$2 bundle=$3
out=${4:-$(mktemp -d)}
W=1280 H=720

if ! command -v Xvfb >/dev/null 2>&1; then
  echo "SKIP: Xvfb is not installed (scripts/setup.sh installs it)"
  exit 77
fi
for tool in xdpyinfo xdotool import convert; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "FAIL: $tool is missing (scripts/setup.sh installs x11-utils, xdotool, imagemagick)" >&2
    exit 1
  fi
done
mkdir -p "$out"
rm -f "$out"/tap-*.png "$out"/shot-*.png

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=tests/e2e/xvfb_lib.sh
source "$here/xvfb_lib.sh"
trap e2e_cleanup EXIT



# Sanitizer builds: leaks that third-party libraries keep until exit are listed in
# tests/lsan.supp (scripts/test.sh sets this too; this covers a plain `ctest`).
if [[ "${LSAN_OPTIONS:-}" != *suppressions=* ]]; then
  export LSAN_OPTIONS="${LSAN_OPTIONS:+$LSAN_OPTIONS:}suppressions=$here/../lsan.supp"
fi

start_xvfb "$W" "$H" "$out/xvfb.log" || fail "could not start Xvfb on any display from :99 (see $out/xvfb.log)"
xvfb_pid=$XVFB_PID
echo "Xvfb on $DISPLAY"

# --- the kiosk ---------------------------------------------------------------------------
cd "$out" || exit 1
"$kiosk" run --no-signage --windowed --size "${W}x${H}" --bundle "$bundle" >"$out/kiosk.log" 2>&1 &
kiosk_pid=$!

window=$(wait_for_window "$kiosk_pid" 300) # up to 30 s: sanitizer builds start slowly
alive "$kiosk_pid" || { wait "$kiosk_pid"; fail "kiosk exited early with code $?"; }
[[ -n "$window" ]] || fail "no kiosk window was mapped within 30 s"
echo "window $window mapped: $(xwininfo -id "$window" 2>/dev/null | awk '/geometry/{print $2}')"

screenshot() { # screenshot FILE
  import -window root -depth 8 "PNG32:$1" 2>>"$out/import.log"
}
same() { "$png_diff" "$1" "$2" --tolerance 0 --max-differing 0 >/dev/null 2>&1; }

# Wait until the picture is drawn and settled: not a single colour, and two screenshots
# in a row identical.
settled() {
  screenshot "$out/shot-b.png" || return 1
  if [[ -f "$out/shot-a.png" ]] && same "$out/shot-a.png" "$out/shot-b.png" &&
      (($(convert "$out/shot-b.png" -format '%k' info:) > 1)); then
    return 0
  fi
  mv "$out/shot-b.png" "$out/shot-a.png"
  return 1
}

# Point at the first category button (the grid fills the middle of the home screen) and
# let any hover highlight settle before the "before" picture.
tap_x=$((W * 20 / 100)) tap_y=$((H * 45 / 100))
xdotool mousemove --window "$window" "$tap_x" "$tap_y" || fail "xdotool mousemove failed"
rm -f "$out"/shot-*.png
poll 150 settled || fail "the home screen did not settle within 15 s"
mv "$out/shot-b.png" "$out/tap-before.png"

xdotool click 1 || fail "xdotool click failed"
echo "tapped ($tap_x, $tap_y)"
# "Changed" means more than 1% of the pixels differ, so a clock turning to the next
# minute during the test does not count.
changed() {
  screenshot "$out/tap-after.png" || return 1
  ! "$png_diff" "$out/tap-before.png" "$out/tap-after.png" --tolerance 8 --max-differing 1% >/dev/null 2>&1
}
poll 100 changed || fail "the screen did not change within 10 s of the tap (see $out/tap-before.png, $out/tap-after.png)"
"$png_diff" "$out/tap-before.png" "$out/tap-after.png" --tolerance 8 --max-differing 1% 2>&1 | sed 's/^/tap: /'
alive "$kiosk_pid" || { wait "$kiosk_pid"; fail "kiosk exited after the tap with code $?"; }

# --- the usual escape keys do nothing on a kiosk ------------------------------------------
# Escape, Ctrl+Q and Alt+F4 go to the window; the kiosk must neither exit nor change screen.
screenshot "$out/keys-before.png" || fail "screenshot failed"
xdotool windowfocus --sync "$window" 2>/dev/null || true
xdotool key --window "$window" Escape ctrl+q alt+F4 || fail "xdotool key failed"
xdotool mousemove --window "$window" 1 1 # a redraw, without input to any button
exited_early() { ! alive "$kiosk_pid"; }
if poll 15 exited_early; then # it must still be running 1.5 s later
  wait "$kiosk_pid"
  fail "kiosk exited on Escape / Ctrl+Q / Alt+F4 (code $?)"
fi
screenshot "$out/keys-after.png" || fail "screenshot failed"
"$png_diff" "$out/keys-before.png" "$out/keys-after.png" --tolerance 8 --max-differing 1% >/dev/null 2>&1 ||
  fail "Escape / Ctrl+Q / Alt+F4 changed the screen (see $out/keys-before.png, $out/keys-after.png)"

# Idle CPU, for information only (timed assertions belong to bench/idle_cpu.sh).
rm -f "$out"/shot-*.png
poll 50 settled
t0=$(cpu_ticks "$kiosk_pid")
sleep 3
t1=$(cpu_ticks "$kiosk_pid")
if [[ -n "$t0" && -n "$t1" ]]; then
  echo "info: idle CPU over 3 s: $(awk -v d=$((t1 - t0)) -v hz="$(getconf CLK_TCK)" 'BEGIN{printf "%.2f", d/hz}') s (not asserted)"
fi

# --- SIGTERM must end it cleanly ------------------------------------------------------------
kill -TERM "$kiosk_pid"
exited() { ! alive "$kiosk_pid"; }
poll 100 exited || fail "kiosk did not exit within 10 s of SIGTERM"
wait "$kiosk_pid"
rc=$?
kiosk_pid=""
((rc == 0)) || fail "kiosk exited with code $rc after SIGTERM, expected 0"
echo "PASS: window mapped, tap changed the screen, escape keys ignored, SIGTERM exited 0"
