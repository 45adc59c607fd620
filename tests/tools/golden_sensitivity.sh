#!/usr/bin/env bash
# The golden-image rule must refuse a changed word and accept an identical re-render.
#   golden_sensitivity.sh KIOSK PNG_DIFF BUNDLE WORK FILE FROM TO -- PNG_DIFF_RULE... -- SHOT_ARGS...
# Renders a screen of BUNDLE twice (kiosk shot SHOT_ARGS) and once from a copy of BUNDLE in
# which the first FROM in FILE (relative to the bundle) reads TO. png_diff with the golden
# rule (PNG_DIFF_RULE, as tests/golden.cmake passes it) must accept the re-render and
# refuse the variant; the refusal leaves WORK/variant.diff.png. It must also accept the
# re-render with simulated anti-aliasing noise: faint noise on every pixel plus 200 lone
# pixels changed completely (ImageMagick).
set -uo pipefail

usage() {
  echo "usage: golden_sensitivity.sh KIOSK PNG_DIFF BUNDLE WORK FILE FROM TO -- RULE... -- SHOT_ARGS..." >&2
  exit 2
}
(($# >= 9)) || usage
kiosk=$1 png_diff=$2 bundle=$3 work=$4 file=$5 from=$6 to=$7
shift 7
[[ "$1" == "--" ]] || usage
shift
rule=()
while (($# > 0)) && [[ "$1" != "--" ]]; do rule+=("$1"); shift; done
(($# > 1)) || usage
shift
shot=("$@")
fail() { echo "golden_sensitivity: $*" >&2; exit 1; }

rm -rf "$work" && mkdir -p "$work" || exit 1
cp -r "$bundle" "$work/bundle" || exit 1
text=$(<"$work/bundle/$file") || fail "cannot read $bundle/$file"
[[ "$text" == *"$from"* ]] || fail "$bundle/$file does not contain '$from'; the test would prove nothing"
printf '%s\n' "${text/"$from"/"$to"}" >"$work/bundle/$file"

render() { # render BUNDLE OUT
  "$kiosk" shot --bundle "$1" "${shot[@]}" -o "$2" || fail "kiosk shot failed for $1: ${shot[*]}"
}
render "$bundle" "$work/first.png"
render "$bundle" "$work/again.png"
render "$work/bundle" "$work/variant.png"

"$png_diff" "$work/first.png" "$work/again.png" "${rule[@]}" --diff "$work/again.diff.png" ||
  fail "an identical re-render was refused by the golden rule (${rule[*]})"
# Lone pixels 97 columns and 53 rows apart: never touching, so each is its own cluster.
points=""
for i in $(seq 0 199); do points+="point $((37 + i * 97 % 1800)),$((23 + i * 53 % 1000)) "; done
convert "$work/again.png" -attenuate 0.3 +noise Uniform -fill '#ff00ff' -draw "$points" \
  "$work/noisy.png" || fail "ImageMagick's convert could not add noise (scripts/setup.sh installs it)"
"$png_diff" "$work/first.png" "$work/noisy.png" "${rule[@]}" --diff "$work/noisy.diff.png" ||
  fail "simulated anti-aliasing noise was refused by the golden rule (${rule[*]})"
if "$png_diff" "$work/first.png" "$work/variant.png" "${rule[@]}" --diff "$work/variant.diff.png"; then
  fail "'$from' changed to '$to' in $file was accepted by the golden rule (${rule[*]})"
fi
[[ -s "$work/variant.diff.png" ]] || fail "png_diff refused the variant but wrote no diff image"
# For the record: what the rule before issue 14 (8 per channel on 0.5 % of pixels) said.
if "$png_diff" "$work/first.png" "$work/variant.png" --tolerance 8 --max-differing 0.5% >/dev/null 2>&1; then
  echo "golden_sensitivity: (the old rule, 8 per channel on 0.5% of pixels, accepted this change)"
fi
echo "golden_sensitivity: '$from' -> '$to' refused, the re-render accepted"
