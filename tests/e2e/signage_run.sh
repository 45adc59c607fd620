#!/usr/bin/env bash
# End to end under Xvfb: attract mode. `kiosk run` on a bundle with signage plays a slide at
# start-up (its proof-of-play log says which); a tap brings the interactive home screen in
# the default language (compared with `kiosk shot --screen home`) and opens nothing else;
# after the idle time signage plays again; SIGTERM exits 0. Bounded polls, no fixed sleeps.
#   signage_run.sh KIOSK PNG_DIFF BUNDLE_DIR [OUT_DIR]
# Prints touch_to_home_ms (tap to the home screen on the display, screenshots every ~0.1 s
# included). Exit 77 (skipped) only when Xvfb is not installed.
set -uo pipefail

if (($# < 3)); then
  echo "usage: signage_run.sh KIOSK PNG_DIFF BUNDLE_DIR [OUT_DIR]" >&2
  exit 2
fi
kiosk=$1 png_diff=$2 bundle=$3
out=${4:-$(mktemp -d)}
W=1280 H=720 IDLE=4

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=tests/e2e/xvfb_lib.sh
source "$here/xvfb_lib.sh"
e2e_require xdpyinfo xdotool import convert
mkdir -p "$out"
rm -f "$out"/*.png "$out/played.jsonl"
trap e2e_cleanup EXIT
e2e_lsan

start_xvfb "$W" "$H" "$out/xvfb.log" || fail "could not start Xvfb (see $out/xvfb.log)"
xvfb_pid=$XVFB_PID

cd "$out" || exit 1
"$kiosk" run --windowed --size "${W}x${H}" --bundle "$bundle" --idle-seconds "$IDLE" \
  --proof-of-play "$out/played.jsonl" >"$out/kiosk.log" 2>&1 &
kiosk_pid=$!
window=$(wait_for_window "$kiosk_pid" 300)
[[ -n "$window" ]] || fail "no kiosk window was mapped within 30 s"

screenshot() { import -window root -depth 8 "PNG32:$1" 2>>"$out/import.log"; }
slides_played() { [[ -f "$out/played.jsonl" ]] && grep -c '"what":"slide"' "$out/played.jsonl" || echo 0; }
# The home screen as `kiosk shot` draws it (compared without the clock).
home_now() { "$kiosk" shot --bundle "$bundle" --screen home --size "${W}x${H}" -o "$out/home.png" >/dev/null 2>&1; }
shows_home() {
  screenshot "$out/now.png" && e2e_same_screen "$png_diff" "$out/home.png" "$out/now.png"
}

# 1. Signage at start-up: a slide in the log, and not the home screen on the display.
has_slide() { (($(slides_played) >= 1)); }
poll 300 has_slide || fail "no slide was played within 30 s of start-up (see $out/kiosk.log)"
home_now || fail "kiosk shot --screen home failed"
shows_home && fail "the home screen shows at start-up instead of signage (see $out/now.png)"
cp "$out/now.png" "$out/signage.png"
echo "start-up: $(head -n 1 "$out/played.jsonl")"

# 2. A tap in the middle, where a home tile is: the home screen comes, nothing opens.
# The pointer then leaves the tile, so no hover highlight stands between home and the shot.
xdotool mousemove --window "$window" $((W * 20 / 100)) $((H * 45 / 100)) click 1 \
  mousemove --window "$window" 1 1 || fail "xdotool click failed"
tapped=${EPOCHREALTIME//[.,]/}
poll 100 shows_home || fail "the home screen did not come within 10 s of the tap (see $out/now.png, $out/home.png)"
echo "touch_to_home_ms: $(((${EPOCHREALTIME//[.,]/} - tapped) / 1000))"
before=$(slides_played)
# It stays home (the tap opened no category) until the idle time has passed.
shows_home || fail "the tap on signage changed the home screen (see $out/now.png)"

# 3. Nobody touches it for IDLE seconds: signage again, and the log says so.
more_slides() { (($(slides_played) > before)); }
poll $(((IDLE + 20) * 10)) more_slides || fail "signage did not come back within $((IDLE + 20)) s of the last tap"
shows_home && fail "the log says a slide played, the display shows home (see $out/now.png)"

e2e_stop_kiosk
echo "PASS: signage at start-up, a tap brought home and opened nothing, signage after $IDLE s idle, SIGTERM exited 0"
