#!/usr/bin/env bash
# Builds the libFuzzer targets with clang (ASan + UBSan) and runs each for a while on the
# seed corpus in tests/data/fuzz. Usage: scripts/fuzz.sh [SECONDS_PER_TARGET]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
seconds=${1:-60}
command -v clang++ >/dev/null || { echo "scripts/fuzz.sh: needs clang (apt-get install clang)" >&2; exit 1; }
CC=clang CXX=clang++ cmake -S . -B build-fuzz -DKIOSK_FUZZ=ON -DKIOSK_SANITIZE=ON -DKIOSK_BENCH=OFF \
    -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build-fuzz -j2 --target content_fuzz manifest_fuzz
for target in content_fuzz manifest_fuzz; do
    corpus=$(mktemp -d)
    cp tests/data/fuzz/* "$corpus"/ 2>/dev/null || true
    echo "== $target for ${seconds}s"
    build-fuzz/tests/$target -max_total_time="$seconds" -timeout=10 "$corpus"
    rm -rf "$corpus"
done
