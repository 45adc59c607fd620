#!/usr/bin/env bash
# `kiosk shot --screen home --size 1920x1080` against Chromium headless taking a
# screenshot of an equivalent static page (../shared/peer/home.html), whole process each,
# in the same run: median wall time of RUNS runs (after one untimed warm-up each), and the
# largest peak RSS (GNU time). Targets (issue 14): time ratio <= 0.10, RSS ratio <= 0.20.
#   bench/peers/shot_vs_chromium.sh     KIOSK=build/kiosk/kiosk RUNS=5 PEER_HTML=...
# Needs Debian's chromium (apt-get install chromium): for this benchmark only, not CI.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
source bench/peers/lib.sh
runs=${RUNS:-5}
html=${PEER_HTML:-$PWD/../shared/peer/home.html}
find_kiosk
command -v chromium >/dev/null || { echo "shot_vs_chromium: apt-get install chromium" >&2; exit 1; }
[[ -f "$html" ]] || { echo "shot_vs_chromium: $html is missing (PEER_HTML=...)" >&2; exit 1; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
kiosk=("$KIOSK" shot --bundle content/demo-ward --screen home --size 1920x1080
  --clock 2026-11-27T10:05 -o "$tmp/kiosk.png")
# --no-sandbox: the benchmark may run as root, where Chromium refuses its sandbox.
chromium=(chromium --headless --no-sandbox --disable-gpu --hide-scrollbars
  --window-size=1920,1080 --screenshot="$tmp/chromium.png" "file://$(realpath "$html")")

"${kiosk[@]}" >/dev/null 2>&1 # warm the page cache; not counted
"${chromium[@]}" >/dev/null 2>&1
read -r _ k_wall k_cpu k_rss < <(measure kiosk "$runs" "${kiosk[@]}")
read -r _ c_wall c_cpu c_rss < <(measure chromium "$runs" "${chromium[@]}")
[[ -s "$tmp/kiosk.png" && -s "$tmp/chromium.png" ]] || { echo "shot_vs_chromium: no PNG" >&2; exit 1; }

echo "runs: $runs (medians; peak RSS is the largest run)"
echo "kiosk_shot_wall: $k_wall s"
echo "kiosk_shot_peak_rss: $(mib "$k_rss") MiB"
echo "chromium_screenshot_wall: $c_wall s"
echo "chromium_screenshot_peak_rss: $(mib "$c_rss") MiB"
echo "time_ratio_kiosk_to_chromium: $(ratio "$k_wall" "$c_wall") (target <= 0.10)"
echo "rss_ratio_kiosk_to_chromium: $(ratio "$k_rss" "$c_rss") (target <= 0.20)"
echo "loadavg_1min: $(cut -d' ' -f1 /proc/loadavg)"
