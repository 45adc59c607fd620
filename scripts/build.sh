#!/usr/bin/env bash
# Configures and builds the kiosk (RelWithDebInfo).
#   scripts/build.sh          -> build/       (build/kiosk/kiosk)
#   scripts/build.sh asan     -> build-asan/  (-DKIOSK_SANITIZE=ON: ASan + UBSan)
# Environment: KIOSK_BUILD_DIR / KIOSK_ASAN_BUILD_DIR override the directories,
# KIOSK_JOBS the parallelism (default 2), KIOSK_CMAKE_ARGS adds configure arguments.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

variant=${1:-normal}
case "$variant" in
  normal|"") dir=${KIOSK_BUILD_DIR:-build}; sanitize=OFF ;;
  asan) dir=${KIOSK_ASAN_BUILD_DIR:-build-asan}; sanitize=ON ;;
  -h|--help) sed -n '2,7s/^# \{0,1\}//p' "$0"; exit 0 ;;
  *) echo "usage: scripts/build.sh [asan]" >&2; exit 2 ;;
esac

args=(-S . -B "$dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DKIOSK_SANITIZE="$sanitize")
# Benchmarks under sanitizers measure nothing useful; skip building them there.
[[ "$sanitize" == ON ]] && args+=(-DKIOSK_BENCH=OFF)
# Keep the generator of an existing build directory; a new one uses Ninja when present.
if [[ ! -f "$dir/CMakeCache.txt" ]] && command -v ninja >/dev/null 2>&1; then
  args+=(-G Ninja)
fi
# shellcheck disable=SC2206 # KIOSK_CMAKE_ARGS is a word list on purpose
[[ -n "${KIOSK_CMAKE_ARGS:-}" ]] && args+=(${KIOSK_CMAKE_ARGS})

echo "build: configuring $dir (sanitizers $sanitize)"
cmake "${args[@]}" --log-level=WARNING >/dev/null
echo "build: building $dir"
cmake --build "$dir" -j "${KIOSK_JOBS:-2}"
