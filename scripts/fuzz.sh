#!/usr/bin/env bash
# Builds the libFuzzer targets with clang (ASan + UBSan) and runs each for a while on the
# seed corpus in tests/data/fuzz. Usage: scripts/fuzz.sh [SECONDS_PER_TARGET]
# One implementation: bench/fuzz/run.sh, which also prints executions and findings.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
exec bench/fuzz/run.sh "${1:-60}"
