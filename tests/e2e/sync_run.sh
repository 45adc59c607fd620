#!/usr/bin/env bash
# End to end under Xvfb with a real nginx: `kiosk run` syncing from the server shows a
# newly published home title within one poll, while a visitor in the middle of a procedure
# keeps the text of the version they started with until they go Home.
#   sync_run.sh KIOSK PNG_DIFF BUNDLE_DIR [OUT_DIR]
# Version 1 is BUNDLE_DIR; version 2 changes the Japanese home title and the moving-in
# procedure's title. The expected pictures are `kiosk shot` of each built version; the
# window is compared with them after masking the clock and a 4x4 downscale (as in
# procedure_flow.sh). Every wait is a bounded poll. Exit 77 only when Xvfb is missing.
set -uo pipefail

if (($# < 3)); then
  echo "usage: sync_run.sh KIOSK PNG_DIFF BUNDLE_DIR [OUT_DIR]" >&2
  exit 2
fi
kiosk=$1 png_diff=$2 bundle=$3
out=${4:-$(mktemp -d)}
W=1280 H=720
POLL=1 # seconds between polls of the server
TOLERANCE=72 MAX_DIFFERING=0.4%

if ! command -v Xvfb >/dev/null 2>&1; then
  echo "SKIP: Xvfb is not installed (scripts/setup.sh installs it)"
  exit 77
fi
for tool in xdpyinfo xdotool import convert python3 /usr/sbin/nginx; do
  command -v "$tool" >/dev/null 2>&1 ||
    { echo "FAIL: $tool is missing (scripts/setup.sh installs it)" >&2; exit 1; }
done
rm -rf "${out:?}"
mkdir -p "$out/expected"
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=tests/e2e/xvfb_lib.sh
source "$here/xvfb_lib.sh"
# shellcheck source=tests/e2e/nginx_lib.sh
source "$here/nginx_lib.sh"
cleanup() {
  [[ -n "$NGINX_PID" ]] && kill -TERM "$NGINX_PID" 2>/dev/null && wait "$NGINX_PID" 2>/dev/null
  e2e_cleanup
}
trap cleanup EXIT
if [[ "${LSAN_OPTIONS:-}" != *suppressions=* ]]; then
  export LSAN_OPTIONS="${LSAN_OPTIONS:+$LSAN_OPTIONS:}suppressions=$here/../lsan.supp"
fi

# --- two signed versions, the first published and synced --------------------------------
k() { "$kiosk" "$@" >>"$out/tools.log" 2>&1 || fail "kiosk $* failed (see $out/tools.log)"; }
cp -r "$bundle" "$out/v2"
sed -i 's/^ja = "みなと北区役所 総合案内"$/ja = "新しい版の区役所案内"/' "$out/v2/bundle.toml"
sed -i '1s/^title = .*/title = "転入の手続き（新しい版）"/' "$out/v2/procedures/moving-in/ja.toml"
cmp -s "$bundle/bundle.toml" "$out/v2/bundle.toml" && fail "the v2 edit of bundle.toml matched nothing"
k bundle keygen -o "$out/city"
k bundle build "$bundle" -o "$out/built1" --sequence 1
k bundle build "$out/v2" -o "$out/built2" --sequence 2
k bundle sign "$out/built1" --key "$out/city.key"
k bundle sign "$out/built2" --key "$out/city.key"
k bundle publish "$out/built1" --to "$out/docroot"
start_nginx "$out/docroot" "$out/nginx" || fail "nginx did not start (see $out/nginx/error.log)"
k sync --url "$NGINX_URL" --store "$out/store" --pubkey "$out/city.pub"

prepare() { # prepare IN OUT: mask the clock (right part of the top bar) and downscale
  convert "$1" -fill black -draw "rectangle $((W * 2 / 3)),0 $((W - 1)),$((H / 10 - 1))" \
    -filter box -resize 25% "PNG32:$2"
}
render() { # render VERSION SCREEN NAME
  "$kiosk" shot --bundle "$out/built$1" --screen "$2" --lang ja --size "${W}x${H}" \
    --targets "$out/expected/$3.json" -o "$out/expected/$3.png" >>"$out/shot.log" 2>&1 ||
    fail "kiosk shot of $2 (v$1) failed"
  prepare "$out/expected/$3.png" "$out/expected/$3.small.png"
}
render 1 home home1
render 1 category/procedures category1
render 1 procedure/moving-in moving1
render 2 procedure/moving-in moving2
render 2 home home2
close() { "$png_diff" "$out/expected/$1.small.png" "$2" --tolerance "$TOLERANCE" --max-differing "$MAX_DIFFERING" >/dev/null 2>&1; }
close moving1 "$out/expected/moving2.small.png" && fail "v1 and v2 of the procedure look alike: the test would prove nothing"
close home1 "$out/expected/home2.small.png" && fail "v1 and v2 of home look alike: the test would prove nothing"

# --- the kiosk ---------------------------------------------------------------------------
start_xvfb "$W" "$H" "$out/xvfb.log" || fail "could not start Xvfb"
xvfb_pid=$XVFB_PID
"$kiosk" run --no-signage --windowed --size "${W}x${H}" --store "$out/store" --sync-url "$NGINX_URL" \
  --pubkey "$out/city.pub" --poll-seconds "$POLL" --status-file "$out/status.json" \
  >"$out/kiosk.log" 2>&1 &
kiosk_pid=$!
window=$(wait_for_window "$kiosk_pid" 300)
[[ -n "$window" ]] || fail "no kiosk window within 30 s (see $out/kiosk.log)"

capture() {
  import -window "$window" -depth 8 "PNG32:$out/now.png" 2>>"$out/import.log" &&
    prepare "$out/now.png" "$out/now.small.png"
}
looks_like() { capture && close "$1" "$out/now.small.png"; }
tap() { # tap NAME ID: the centre of target ID in expected/NAME.json
  local xy
  xy=$(python3 -c 'import json,sys
t=[t for t in json.load(open(sys.argv[1])) if t["id"]==sys.argv[2]][0]
print(int(t["x"]+t["w"]/2), int(t["y"]+t["h"]/2))' "$out/expected/$1.json" "$2") ||
    fail "no target $2 in $1"
  read -r x y <<<"$xy"
  xdotool mousemove --window "$window" "$x" "$y" click 1 || fail "xdotool click failed"
}
expect() { # expect NAME WHAT: the window looks like NAME within 15 s
  poll 150 looks_like "$1" || { cp "$out/now.png" "$out/failed-$1.png"; fail "$2 (window in $out/failed-$1.png)"; }
}

expect home1 "the kiosk did not show version 1's home"
tap home1 category/procedures
expect category1 "the procedures category did not open"
tap category1 procedure/moving-in
expect moving1 "the moving-in procedure did not open"

# --- publish version 2 while the visitor reads the procedure ------------------------------
k bundle publish "$out/built2" --to "$out/docroot"
synced() { grep -q '"sequence":2' "$out/status.json" 2>/dev/null; }
poll $((POLL * 10 + 150)) synced || fail "version 2 was not synced within one poll and 15 s (see $out/kiosk.log)"
grep -q "activated .* (sequence 2" "$out/kiosk.log" || fail "the kiosk did not log the activation"
# The visitor keeps version 1 (a few frames are drawn meanwhile: the sync wakes the UI).
capture && close moving1 "$out/now.small.png" ||
  { cp "$out/now.png" "$out/failed-kept.png"; fail "the visitor's procedure changed mid-session"; }
close moving2 "$out/now.small.png" && fail "the visitor's procedure shows version 2 mid-session"
tap moving1 home
expect home2 "Home did not show version 2's title"
echo "PASS: synced version 2 shown at Home; the visitor kept version 1 until then"

kill -TERM "$kiosk_pid"
wait "$kiosk_pid"
code=$?
kiosk_pid=""
((code == 0)) || fail "kiosk exited with $code after SIGTERM"
exit 0
