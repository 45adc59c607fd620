#!/usr/bin/env bash
# Startup benchmark: wall-clock time from process start until `kiosk shot` has written the
# PNG of the home screen at 1920x1080 and exited (median, min and max of RUNS runs after
# one untimed warm-up run), and peak RSS (GNU time's "Maximum resident set size").
#   bench/startup.sh            KIOSK=build/kiosk/kiosk BUNDLE=content/demo-ward RUNS=10
# Prints `name: value unit` lines. Not a test: nothing is asserted.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

runs=${RUNS:-10}
bundle=${BUNDLE:-content/demo-ward}
if [[ -z "${KIOSK:-}" ]]; then
  scripts/build.sh >&2
  KIOSK=${KIOSK_BUILD_DIR:-build}/kiosk/kiosk
fi
[[ -x "$KIOSK" ]] || { echo "startup: $KIOSK is not built (scripts/build.sh)" >&2; exit 1; }
[[ -x /usr/bin/time ]] || { echo "startup: GNU time is missing (apt-get install time)" >&2; exit 1; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
shot=("$KIOSK" shot --bundle "$bundle" --screen home --size 1920x1080 --clock 2026-11-27T10:05)

"${shot[@]}" -o "$tmp/warmup.png" # fills the page cache; not counted

ms=() rss=()
for ((i = 1; i <= runs; i++)); do
  out=$tmp/home-$i.png
  t0=$(date +%s%N)
  /usr/bin/time -f '%M' -o "$tmp/rss" "${shot[@]}" -o "$out"
  t1=$(date +%s%N)
  [[ -s "$out" ]] || { echo "startup: run $i wrote no PNG" >&2; exit 1; }
  ms+=("$(awk -v d=$((t1 - t0)) 'BEGIN{printf "%.1f", d/1e6}')")
  rss+=("$(tail -n 1 "$tmp/rss")")
done

sorted=$(printf '%s\n' "${ms[@]}" | sort -n)
median=$(awk '{v[NR]=$1} END{if (NR%2) print v[(NR+1)/2]; else printf "%.1f\n", (v[NR/2]+v[NR/2+1])/2}' <<<"$sorted")
peak_kb=$(printf '%s\n' "${rss[@]}" | sort -n | tail -n 1)

echo "startup_runs: $runs"
echo "startup_to_png_median: $median ms"
echo "startup_to_png_min: $(head -n 1 <<<"$sorted") ms"
echo "startup_to_png_max: $(tail -n 1 <<<"$sorted") ms"
echo "peak_rss: $(awk -v k="$peak_kb" 'BEGIN{printf "%.1f", k/1024}') MiB"
