#!/usr/bin/env bash
# `kiosk bundle preview` of a bundle (every screen x locale x text sizes 1 and 4): wall
# time, CPU time and peak RSS of the whole process, and the number of PNGs. With
# BASELINE=path/to/an/older/kiosk it runs that one too, in the same run, and prints the
# speed-up (issue 14 target: at least 4x over the code before it).
#   bench/preview.sh                KIOSK=build/kiosk/kiosk BUNDLE=content/demo-ward
#   BASELINE=/tmp/kiosk-main bench/preview.sh
# A binary built from another checkout reads fonts and locales from its own source tree;
# BASELINE_DATA_DIR (KIOSK_DATA_DIR for the baseline) points it elsewhere.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source bench/peers/lib.sh
bundle=${BUNDLE:-content/demo-ward}
find_kiosk

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

run() { # NAME BINARY [env...]
  local name=$1 binary=$2
  shift 2
  local out=$tmp/$name
  read -r _ wall cpu rss < <(measure "$name" 1 env "$@" "$binary" bundle preview "$bundle" -o "$out")
  echo "${name}_pngs: $(find "$out" -name '*.png' | wc -l)"
  echo "${name}_wall: $wall s"
  echo "${name}_cpu: $cpu s"
  echo "${name}_peak_rss: $(mib "$rss") MiB"
  eval "${name}_wall=$wall"
}

if [[ -n "${BASELINE:-}" ]]; then
  run baseline "$BASELINE" ${BASELINE_DATA_DIR:+KIOSK_DATA_DIR="$BASELINE_DATA_DIR"}
fi
run preview "$KIOSK"
if [[ -n "${BASELINE:-}" ]]; then
  # shellcheck disable=SC2154 # set by run through eval
  echo "speedup_over_baseline: $(ratio "$baseline_wall" "$preview_wall")x (target >= 4)"
fi
echo "loadavg_1min: $(cut -d' ' -f1 /proc/loadavg)"
