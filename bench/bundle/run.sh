#!/usr/bin/env bash
# Bundle benchmarks: time and peak memory of `kiosk bundle check` and `kiosk bundle build`
# on content/demo-ward and on a generated 5,000-page bundle, and the time to load
# demo-ward into the kiosk's model. Prints `name: value unit` lines.
# Usage: bench/bundle/run.sh [BUILD_DIR]   (default build/)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
build=${1:-build}
cmake --build "$build" -j2 --target kiosk bundle_load_bench >/dev/null
kiosk="$build/kiosk/kiosk"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 bench/bundle/make_big_bundle.py "$work/big" 5000 >/dev/null

measure() { # name command...
    local name=$1; shift
    /usr/bin/time -f "%e %M" -o "$work/time" "$@" >/dev/null 2>"$work/err" || { tail -n 3 "$work/err" >&2; }
    read -r seconds kib <"$work/time"
    echo "${name}_seconds: $seconds s"
    echo "${name}_peak_rss: $((kib / 1024)) MiB"
}

measure check_demo_ward "$kiosk" bundle check content/demo-ward
measure build_demo_ward "$kiosk" bundle build content/demo-ward -o "$work/demo-built"
measure check_5000_pages "$kiosk" bundle check "$work/big"
measure check_5000_pages_quick "$kiosk" bundle check --quick "$work/big"
measure build_5000_pages "$kiosk" bundle build "$work/big" -o "$work/big-built"
"$build/bench/bundle/bundle_load_bench" content/demo-ward 20 | sed -n 's/^load_/demo_ward_load_/p'
"$build/bench/bundle/bundle_load_bench" "$work/big" 3 | sed -n 's/^load_/big_load_/p'
