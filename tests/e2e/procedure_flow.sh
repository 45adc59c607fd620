#!/usr/bin/env bash
# End to end under Xvfb: a visitor picks English, opens the moving-in procedure, answers
# every question and reaches the checklist; the QR code on the screen must decode to the
# expected text. Then nobody touches the kiosk: the idle warning must appear and the
# session must reset to the home screen in the default language. SIGTERM must exit 0.
#   procedure_flow.sh KIOSK PNG_DIFF BUNDLE_DIR [OUT_DIR]
# Every step taps the centre of a target taken from `kiosk shot --targets` of the screen
# the window shows, then waits (bounded poll) until the window looks like `kiosk shot` of
# the next screen. Expected and actual pictures, diffs and logs stay in OUT_DIR.
# Exit 77 (skipped) only when Xvfb is not installed.
set -uo pipefail

if (($# < 3)); then
  echo "usage: procedure_flow.sh KIOSK PNG_DIFF BUNDLE_DIR [OUT_DIR]" >&2
  exit 2
fi
kiosk=$1 png_diff=$2 bundle=$3
out=${4:-$(mktemp -d)}
W=1280 H=720
IDLE=4 # seconds without input before the idle warning; the warning then counts down 30 s
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
expected_qr=$here/expected/checklist-moving-in-abroad-yes-no.en.txt

if ! command -v Xvfb >/dev/null 2>&1; then
  echo "SKIP: Xvfb is not installed (scripts/setup.sh installs it)"
  exit 77
fi
for tool in xdpyinfo xdotool import convert zbarimg python3; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "FAIL: $tool is missing (scripts/setup.sh installs x11-utils, xdotool, imagemagick, zbar-tools, python3)" >&2
    exit 1
  fi
done
[[ -f "$expected_qr" ]] || { echo "FAIL: expected QR text $expected_qr is missing" >&2; exit 1; }
mkdir -p "$out"
rm -rf "${out:?}"/expected "${out:?}"/actual "$out"/shot-*.png "$out"/*.log "$out"/qr.txt
mkdir -p "$out/expected" "$out/actual"

# shellcheck source=tests/e2e/xvfb_lib.sh
source "$here/xvfb_lib.sh"
trap e2e_cleanup EXIT



# Sanitizer builds: leaks that third-party libraries keep until exit are listed in
# tests/lsan.supp (scripts/test.sh sets this too; this covers a plain `ctest`).
if [[ "${LSAN_OPTIONS:-}" != *suppressions=* ]]; then
  export LSAN_OPTIONS="${LSAN_OPTIONS:+$LSAN_OPTIONS:}suppressions=$here/../lsan.supp"
fi

seconds_since() { # seconds_since START_US: wall-clock seconds (one decimal) since START_US
  local now=${EPOCHREALTIME//[.,]/}
  awk -v d=$((now - $1)) 'BEGIN{printf "%.1f", d/1000000}'
}
now_us() { echo "${EPOCHREALTIME//[.,]/}"; }
t_start=$(now_us)

# --- the expected pictures ----------------------------------------------------------------
# Every screen of the walk, rendered offscreen in the window's size and language, with its
# touch targets. The running kiosk draws the same layout (same code, same size), but with
# SDL's renderer instead of the offscreen one: edges are antialiased differently and some
# edges land one pixel apart. So both pictures are compared after a 4x4 box downscale (which
# turns those into small intensity changes) with the clock masked out (it shows the real
# time in both, and the minute may turn in between). Measured at 1280x720: a right screen
# differs in at most 0.02% of the downscaled pixels by more than 72; the two most similar
# wrong screens (two questions of the procedure) in more than 1%.
TOLERANCE=72 MAX_DIFFERING=0.4%
prepare() { # prepare IN OUT: mask the clock (right part of the top bar) and downscale
  convert "$1" -fill black -draw "rectangle $((W * 2 / 3)),0 $((W - 1)),$((H / 10 - 1))" \
    -filter box -resize 25% "PNG32:$2"
}
# name SCREEN LANG: a file name for a screen in a language
name() { local s=${1//\//_}; s=${s//,/_}; s=${s//=/-}; echo "$s.$2"; }
render() { # render SCREEN LANG: expected/NAME.png (+ .small.png) and expected/NAME.json
  local n
  n=$(name "$1" "$2")
  "$kiosk" shot --bundle "$bundle" --screen "$1" --lang "$2" --size "${W}x${H}" \
    --targets "$out/expected/$n.json" -o "$out/expected/$n.png" >>"$out/shot.log" 2>&1 ||
    fail "kiosk shot --screen $1 --lang $2 failed (see $out/shot.log)"
  prepare "$out/expected/$n.png" "$out/expected/$n.small.png" ||
    fail "could not prepare $out/expected/$n.png for comparison"
}

checklist=checklist/moving-in/origin=abroad,children=yes,my-number=no
# The walk: the screen shown (and its language), the target to tap there, the screen that
# tap must lead to. The picker goes back to the screen it was opened from, now in English.
steps=(
  "home ja lang lang ja"
  "lang ja lang/en home en"
  "home en category/procedures category/procedures en"
  "category/procedures en procedure/moving-in procedure/moving-in en"
  "procedure/moving-in en start procedure/moving-in/origin en"
  "procedure/moving-in/origin en answer/abroad procedure/moving-in/children en"
  "procedure/moving-in/children en answer/yes procedure/moving-in/my-number en"
  "procedure/moving-in/my-number en answer/no $checklist en"
)
# Rendered before the kiosk starts: the idle timer leaves 4 s per step, so the steps
# themselves only tap, take screenshots and compare.
render home ja
for step in "${steps[@]}"; do
  read -r _ _ _ next_screen next_lang <<<"$step"
  render "$next_screen" "$next_lang"
done
echo "rendered the expected screens in $(seconds_since "$t_start") s"

# target_centre JSON ID: prints "X Y", the centre of target ID in JSON (integer pixels);
# fails if there is no such target. Warns on stderr about other targets under that point.
target_centre() {
  python3 - "$1" "$2" <<'EOF'
import json, sys
targets = json.load(open(sys.argv[1]))
hits = [t for t in targets if t["id"] == sys.argv[2]]
if not hits:
    sys.exit(1)
t = hits[0]
x, y = t["x"] + t["w"] / 2, t["y"] + t["h"] / 2
print(int(x), int(y))
under = [o["id"] for o in targets
         if o is not t and o["x"] <= x < o["x"] + o["w"] and o["y"] <= y < o["y"] + o["h"]]
if under:
    print("WARNING: %s at (%d, %d) is also inside target(s) %s" % (t["id"], x, y, ", ".join(under)),
          file=sys.stderr)
EOF
}

start_xvfb "$W" "$H" "$out/xvfb.log" || fail "could not start Xvfb on any display from :99 (see $out/xvfb.log)"
xvfb_pid=$XVFB_PID
echo "Xvfb on $DISPLAY"

# --- the kiosk ---------------------------------------------------------------------------
cd "$out" || exit 1
"$kiosk" run --no-signage --windowed --size "${W}x${H}" --bundle "$bundle" --idle-seconds "$IDLE" >"$out/kiosk.log" 2>&1 &
kiosk_pid=$!

window=$(wait_for_window "$kiosk_pid" 300) # up to 30 s: sanitizer builds start slowly
alive "$kiosk_pid" || { wait "$kiosk_pid"; fail "kiosk exited early with code $?"; }
[[ -n "$window" ]] || fail "no kiosk window was mapped within 30 s"
echo "window $window mapped after $(seconds_since "$t_start") s"
last_tap=$(now_us) # the kiosk counts idle time from its start

screenshot() { # screenshot FILE: the kiosk window
  import -window "$window" -depth 8 "PNG32:$1" 2>>"$out/import.log"
}
capture() { # capture: a fresh screenshot in shot-now.png, and prepared in shot-now.small.png
  screenshot "$out/shot-now.png" && prepare "$out/shot-now.png" "$out/shot-now.small.png"
}
close_to() { # close_to NAME: the last capture is close to expected/NAME.png
  "$png_diff" "$out/expected/$1.small.png" "$out/shot-now.small.png" \
    --tolerance "$TOLERANCE" --max-differing "$MAX_DIFFERING" >/dev/null 2>&1
}
looks_like() { capture && close_to "$1"; }
differs_from() { capture && ! close_to "$1"; }
# explain NAME LABEL [SHOT]: keeps the last screenshot (or SHOT, default shot-now) as
# actual/LABEL.png and prints png_diff's verdict, with the differing pixels (of the
# downscaled pictures) in actual/LABEL.diff.png.
explain() {
  local shot=${3:-shot-now}
  cp "$out/$shot.png" "$out/actual/$2.png"
  "$png_diff" "$out/expected/$1.small.png" "$out/$shot.small.png" --tolerance "$TOLERANCE" \
    --max-differing "$MAX_DIFFERING" --diff "$out/actual/$2.diff.png" 2>&1 | sed 's/^/  /'
}

# The pointer: taps go where a target is; nudge moves it by one pixel without a press,
# which makes the kiosk draw a frame but is not input to the idle timer (only presses are).
px=0 py=0
nudge() {
  px=$((px ^ 1))
  xdotool mousemove --window "$window" "$px" "$py" || fail "xdotool mousemove failed"
}
tap() { # tap JSON ID
  local xy
  xy=$(target_centre "$1" "$2") || fail "no target \"$2\" in $1"
  read -r px py <<<"$xy"
  last_tap=$(now_us)
  xdotool mousemove --window "$window" "$px" "$py" click 1 || fail "xdotool click failed"
}

# step_looks_like NAME: looks_like, and keeps the last capture taken before the idle
# warning can cover the screen (IDLE s after the last tap) in shot-early: if the step
# fails, that one shows what the tap led to.
step_looks_like() {
  capture || return 1
  if (($(now_us) - last_tap < IDLE * 1000000 - 500000)); then
    cp "$out/shot-now.png" "$out/shot-early.png" && cp "$out/shot-now.small.png" "$out/shot-early.small.png"
  fi
  close_to "$1"
}

# expect N SCREEN LANG WHAT: waits (up to 10 s) until the window shows SCREEN in LANG, and
# checks the picture stays the same when the kiosk draws another frame with nothing changed.
expect() {
  local n=$1 screen=$2 lang=$3 what=$4 want
  want=$(name "$screen" "$lang")
  rm -f "$out"/shot-early*.png
  if ! poll 100 step_looks_like "$want"; then
    if [[ -f "$out/shot-early.png" ]]; then
      explain "$want" "$n-$want" shot-early
    else
      explain "$want" "$n-$want"
    fi
    # A layout that alternates between two pictures from frame to frame shows the right
    # one only every other frame: tell that apart from a wrong screen.
    nudge
    if poll 10 looks_like "$want"; then
      fail "$what: the window showed $screen ($lang) only after one more frame without any tap: its layout alternates between frames (see $out/actual/$n-$want.png, expected $out/expected/$want.png)"
    fi
    fail "$what: the window did not show $screen ($lang) within 10 s (see $out/actual/$n-$want.png, the last screenshot from before the idle warning could cover it, $out/actual/$n-$want.diff.png, expected $out/expected/$want.png)"
  fi
  cp "$out/shot-now.png" "$out/actual/$n-$want.png"
  # One more frame (the pointer moves, no press) must not change the picture. The kiosk
  # draws that frame within milliseconds; 1 s is only how long we look for a change.
  nudge
  if poll 10 differs_from "$want"; then
    explain "$want" "$n-$want.redrawn"
    fail "$what: $screen ($lang) changed when the kiosk drew one more frame without any tap: its layout alternates between frames (see $out/actual/$n-$want.png, then $out/actual/$n-$want.redrawn.png)"
  fi
  echo "$n. $what: $screen ($lang) at $(seconds_since "$t_start") s"
}

# --- the walk ----------------------------------------------------------------------------
expect 0 home ja "start"
n=0
for step in "${steps[@]}"; do
  read -r screen lang target next_screen next_lang <<<"$step"
  n=$((n + 1))
  tap "$out/expected/$(name "$screen" "$lang").json" "$target"
  expect "$n" "$next_screen" "$next_lang" "tap \"$target\" on $screen ($lang)"
done
alive "$kiosk_pid" || { wait "$kiosk_pid"; fail "kiosk exited during the walk with code $?"; }
checklist_name=$(name "$checklist" en)
checklist_shot=$out/actual/$n-$checklist_name.png

# --- the QR code -------------------------------------------------------------------------
# zbarimg prints the text and one newline; the expected file is the text of every code and
# one newline after each. A checklist too long for one easy code comes in parts "(k/N)":
# the "qr-next" button shows the next one.
decode() { zbarimg --raw -q "$1" 2>>"$out/zbarimg.log"; }
decode "$checklist_shot" >"$out/qr.txt"
rc=$?
((rc == 0)) || fail "zbarimg found no QR code on the checklist (exit $rc; see $checklist_shot, $out/zbarimg.log)"
parts=$(head -n 1 "$out/qr.txt" | grep -o '(1/[0-9]*)$' | tr -dc '0-9' | cut -c2-)
parts=${parts:-1}
checklist_json=$out/expected/$checklist_name.json
for ((k = 2; k <= parts; k++)); do
  tap "$checklist_json" qr-next
  shows_part() { screenshot "$out/qr-part.png" && decode "$out/qr-part.png" >"$out/qr-part.txt" && head -n 1 "$out/qr-part.txt" | grep -q "($k/$parts)\$"; }
  poll 100 shows_part || fail "the checklist did not show QR code $k of $parts within 10 s of tapping qr-next (see $out/qr-part.png)"
  cat "$out/qr-part.txt" >>"$out/qr.txt"
done
if ! cmp -s "$expected_qr" "$out/qr.txt"; then
  echo "--- diff expected decoded:" >&2
  diff "$expected_qr" "$out/qr.txt" >&2
  fail "the QR codes on the checklist decode to other text than $expected_qr (decoded: $out/qr.txt)"
fi
echo "QR code(s) decode to the expected $(wc -l <"$out/qr.txt") lines in $parts part(s)"

# --- nobody touches it -------------------------------------------------------------------
# The last input was the last tap: the warning must come IDLE seconds after it (not
# before), then the session must reset to a pristine home screen in the default language
# 30 s later. The warning dims the whole screen under a dialog: the window then matches
# neither the checklist nor the home screen, and is much darker than the checklist.
brightness() { convert "$1" -format '%[fx:mean]' info:; }
checklist_brightness=$(brightness "$checklist_shot")
warning_shown() {
  capture && ! close_to "$checklist_name" && ! close_to "$(name home ja)" &&
    awk -v b="$(brightness "$out/shot-now.png")" -v c="$checklist_brightness" 'BEGIN{exit !(b < 0.6 * c)}'
}
poll $(((IDLE + 10) * 10)) warning_shown ||
  { explain "$checklist_name" idle-warning; fail "no idle warning within $((IDLE + 10)) s of the last tap (see $out/actual/idle-warning.png)"; }
warned_after=$(seconds_since "$last_tap")
cp "$out/shot-now.png" "$out/actual/idle-warning.png"
awk -v t="$warned_after" -v i="$IDLE" 'BEGIN{exit !(t >= i - 0.5)}' ||
  fail "the idle warning appeared $warned_after s after the last tap, expected after $IDLE s"
echo "idle warning seen $warned_after s after the last tap"

home_ja=$(name home ja)
poll $(((IDLE + 30 + 20) * 10)) looks_like "$home_ja" ||
  { explain "$home_ja" idle-reset; fail "the kiosk did not reset to the home screen in ja within $((IDLE + 30 + 20)) s of the last tap (see $out/actual/idle-reset.png, $out/actual/idle-reset.diff.png)"; }
reset_after=$(seconds_since "$last_tap")
cp "$out/shot-now.png" "$out/actual/idle-reset.png"
awk -v t="$reset_after" -v i="$IDLE" 'BEGIN{exit !(t >= i + 30 - 0.5)}' ||
  fail "the session reset $reset_after s after the last tap, expected after $IDLE s + 30 s of warning"
echo "reset to home (ja) $reset_after s after the last tap"
alive "$kiosk_pid" || { wait "$kiosk_pid"; fail "kiosk exited after the idle reset with code $?"; }

# --- SIGTERM must end it cleanly ------------------------------------------------------------
kill -TERM "$kiosk_pid"
exited() { ! alive "$kiosk_pid"; }
poll 100 exited || fail "kiosk did not exit within 10 s of SIGTERM"
wait "$kiosk_pid"
rc=$?
kiosk_pid=""
((rc == 0)) || fail "kiosk exited with code $rc after SIGTERM, expected 0"
echo "PASS: English moving-in walk to the checklist, QR code as expected, idle warning and reset to home (ja), SIGTERM exited 0 ($(seconds_since "$t_start") s)"
