#!/usr/bin/env bash
# One golden-image test: renders ACTUAL with COMMAND, then compares it with EXPECTED.
#   golden_check.sh PNG_DIFF EXPECTED ACTUAL TOLERANCE MAX_DIFFERING MAX_CLUSTER -- COMMAND [ARG...]
# (the png_diff rule: --tolerance, --max-differing, --max-cluster)
# On a mismatch the diff image is ACTUAL with .diff.png in place of .png.
# Regenerate goldens on purpose with scripts/update-goldens.sh.
set -uo pipefail

if (($# < 8)) || [[ "$7" != "--" ]]; then
  echo "usage: golden_check.sh PNG_DIFF EXPECTED ACTUAL TOLERANCE MAX_DIFFERING MAX_CLUSTER -- COMMAND..." >&2
  exit 2
fi
png_diff=$1 expected=$2 actual=$3 tolerance=$4 max_differing=$5 max_cluster=$6
shift 7

mkdir -p "$(dirname "$actual")"
rm -f "$actual" "${actual%.png}.diff.png"
"$@"
rc=$?
if ((rc != 0)); then
  echo "golden: rendering failed with exit code $rc: $*" >&2
  exit 1
fi
if [[ ! -s "$actual" ]]; then
  echo "golden: the command succeeded but wrote no $actual" >&2
  exit 1
fi
if [[ ! -f "$expected" ]]; then
  echo "golden: $expected does not exist yet; run scripts/update-goldens.sh (rendered: $actual)" >&2
  exit 1
fi
if ! "$png_diff" "$expected" "$actual" --tolerance "$tolerance" --max-differing "$max_differing" \
    --max-cluster "$max_cluster" --diff "${actual%.png}.diff.png"; then
  echo "golden: if this change is intended, run scripts/update-goldens.sh and review the new images" >&2
  exit 1
fi
