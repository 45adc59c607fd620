#!/usr/bin/env bash
# THE test command. On a fresh Debian 12 machine it installs what is missing
# (scripts/setup.sh), builds twice (build/ and the ASan+UBSan build-asan/), and runs the
# whole CTest suite in both: unit tests, golden images, end-to-end under Xvfb.
# Exits non-zero if any build or test fails. Benchmarks are separate (bench/README.md).
# Environment: KIOSK_BUILD_DIR, KIOSK_ASAN_BUILD_DIR, KIOSK_JOBS (default 2),
# KIOSK_SKIP_ASAN=1 runs only the normal build (quicker, for local iteration).
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.." || exit 1
root=$PWD
jobs=${KIOSK_JOBS:-2}
start=$SECONDS

scripts/setup.sh || { echo "test: scripts/setup.sh failed" >&2; exit 1; }

failed=()
run_suite() { # run_suite NAME BUILD_VARIANT BUILD_DIR
  local name=$1 variant=$2 dir=$3
  echo "=== $name: build"
  if ! scripts/build.sh "$variant"; then
    failed+=("$name build")
    return
  fi
  echo "=== $name: ctest"
  if ! ctest --test-dir "$dir" --output-on-failure -j "$jobs" --timeout 300; then
    failed+=("$name tests")
  fi
}

run_suite "normal" normal "${KIOSK_BUILD_DIR:-build}"

if [[ "${KIOSK_SKIP_ASAN:-0}" != 1 ]]; then
  # Sanitizers: any error fails the test. Leak checking stays on; tests/lsan.supp silences
  # leaks inside third-party libraries only (X11, Mesa, fontconfig, SDL internals).
  export ASAN_OPTIONS="detect_leaks=1:abort_on_error=0:strict_string_checks=1:detect_stack_use_after_return=1:check_initialization_order=1"
  export LSAN_OPTIONS="suppressions=$root/tests/lsan.supp:print_suppressions=0"
  export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
  run_suite "asan" asan "${KIOSK_ASAN_BUILD_DIR:-build-asan}"
fi

elapsed=$((SECONDS - start))
if ((${#failed[@]} > 0)); then
  echo "test: FAILED: ${failed[*]} ($((elapsed / 60))m$((elapsed % 60))s)" >&2
  exit 1
fi
echo "test: all passed ($((elapsed / 60))m$((elapsed % 60))s)"
