#!/usr/bin/env bash
# Builds every libFuzzer target with clang under ASan + UBSan and runs each for SECONDS
# (default 60) on a copy of the seed corpus in tests/data/fuzz (cap_fuzz: the CAP samples
# in tests/data/cap, hostile ones included; atom_fuzz: the feeds in tests/data/atom;
# transit_fuzz: the ODPT samples and names in tests/data/odpt; webvtt_fuzz: the captions
# in tests/data/webvtt), then
# prints one line per target: executions, executions per second, and findings (crashes,
# leaks, timeouts, out-of-memory). Not a test: numbers to report, no pass/fail threshold.
#   bench/fuzz/run.sh [SECONDS]       (build dir: build-fuzz, or KIOSK_FUZZ_BUILD_DIR;
#                                     KIOSK_FUZZ_TARGETS="cap_fuzz transit_fuzz" runs some only)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
seconds=${1:-60}
dir=${KIOSK_FUZZ_BUILD_DIR:-build-fuzz}
targets=(${KIOSK_FUZZ_TARGETS:-content_fuzz manifest_fuzz cap_fuzz atom_fuzz transit_fuzz webvtt_fuzz})
command -v clang++ >/dev/null || { echo "bench/fuzz/run.sh: needs clang (apt-get install clang)" >&2; exit 1; }

if [[ ! -f "$dir/CMakeCache.txt" ]]; then
  generator=()
  command -v ninja >/dev/null && generator=(-G Ninja)
  CC=clang CXX=clang++ cmake -S . -B "$dir" "${generator[@]}" -DKIOSK_FUZZ=ON -DKIOSK_SANITIZE=ON \
    -DKIOSK_BENCH=OFF -DCMAKE_BUILD_TYPE=RelWithDebInfo --log-level=WARNING >/dev/null
fi
cmake --build "$dir" -j "${KIOSK_JOBS:-2}" --target "${targets[@]}" >/dev/null

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
printf '%-14s %8s %12s %10s %9s\n' target seconds executions exec/s findings
for target in "${targets[@]}"; do
  corpus=$work/$target-corpus artifacts=$work/$target-artifacts/
  mkdir -p "$corpus" "$artifacts"
  if [[ $target == cap_fuzz ]]; then
    find tests/data/cap -name '*.xml' -exec cp {} "$corpus"/ \; 2>/dev/null || true
  elif [[ $target == atom_fuzz ]]; then
    find tests/data/atom -name '*.xml' -exec cp {} "$corpus"/ \; 2>/dev/null || true
  elif [[ $target == transit_fuzz ]]; then
    find tests/data/odpt \( -name '*.json' -o -name '*.toml' \) -exec cp {} "$corpus"/ \; 2>/dev/null || true
  elif [[ $target == webvtt_fuzz ]]; then
    find tests/data/webvtt -name '*.vtt' -exec cp {} "$corpus"/ \; 2>/dev/null || true
  else
    cp tests/data/fuzz/* "$corpus"/ 2>/dev/null || true
  fi
  rm -f "$corpus/README.md"
  log=$work/$target.log
  # -fork=1 keeps fuzzing after a finding, so one run counts every distinct finding;
  # -ignore_crashes/-ignore_timeouts/-ignore_ooms go with it.
  "$dir/tests/$target" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
    -fork=1 -ignore_crashes=1 -ignore_timeouts=1 -ignore_ooms=1 \
    -artifact_prefix="$artifacts" "$corpus" >"$log" 2>&1 || true
  # libFuzzer's fork mode prints "#N ... execs: N"; the last such line is the total.
  total=$(grep -Eo '^#[0-9]+' "$log" | tail -n 1 | tr -d '#' || echo 0)
  [[ -n "$total" ]] || total=0
  findings=$(find "$artifacts" -type f | wc -l)
  rate=$((total / (seconds > 0 ? seconds : 1)))
  printf '%-14s %8s %12s %10s %9s\n' "$target" "$seconds" "$total" "$rate" "$findings"
  if ((findings > 0)); then
    find "$artifacts" -type f -printf '  finding: %f (%s bytes)\n'
    cp -r "$artifacts" "${dir}/${target}-findings" 2>/dev/null || true
    echo "  copies in ${dir}/${target}-findings; the log's first report:"
    grep -m1 -A8 -E 'ERROR: (AddressSanitizer|libFuzzer|LeakSanitizer)|runtime error:' "$log" | sed 's/^/    /' || true
  fi
done
