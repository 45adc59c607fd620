#!/usr/bin/env bash
# Regenerates the golden images under tests/golden/ on purpose, after a deliberate change
# to how screens or text look. Review the result (git diff --stat, an image viewer) before
# committing.
#   scripts/update-goldens.sh [--no-build] [NAME...]
# NAME selects cases: a screen case (home-1920x1080) or a text case (text-ja); default all.
# An image is rewritten only when its pixels changed, so unchanged goldens stay untouched.
# The build directory is build/ (KIOSK_BUILD_DIR overrides it).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
root=$PWD

build=1
selected=()
for arg in "$@"; do
  case "$arg" in
    --no-build) build=0 ;;
    -h|--help) sed -n '2,8s/^# \{0,1\}//p' "$0"; exit 0 ;;
    -*) echo "update-goldens: unknown option $arg" >&2; exit 2 ;;
    *) selected+=("$arg") ;;
  esac
done

dir=${KIOSK_BUILD_DIR:-build}
((build)) && scripts/build.sh >/dev/null
kiosk=$dir/kiosk/kiosk
png_diff=$dir/tests/png_diff
for tool in "$kiosk" "$png_diff"; do
  [[ -x "$tool" ]] || { echo "update-goldens: $tool is missing; run scripts/build.sh" >&2; exit 1; }
done

golden=tests/golden
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
px=48 # keep in step with KIOSK_GOLDEN_TEXT_PX in tests/golden.cmake
failed=0 changed=0 total=0

wanted() {
  ((${#selected[@]} == 0)) && return 0
  local s
  for s in "${selected[@]}"; do [[ "$s" == "$1" ]] && return 0; done
  return 1
}

# adopt NAME: moves $tmp/NAME.png to tests/golden/NAME.png if its pixels changed.
adopt() {
  local name=$1 new=$tmp/$1.png old=$golden/$1.png
  total=$((total + 1))
  if [[ -f "$old" ]] && "$png_diff" "$old" "$new" --tolerance 0 --max-differing 0 >/dev/null 2>&1; then
    echo "unchanged  $old"
    return
  fi
  if [[ -f "$old" ]]; then echo "UPDATED    $old"; else echo "NEW        $old"; fi
  mv "$new" "$old"
  changed=$((changed + 1))
}

while IFS= read -r line; do
  [[ "$line" =~ ^[[:space:]]*(#|$) ]] && continue
  name=${line%%|*} args=${line#*|}
  wanted "$name" || continue
  read -r -a shot_args <<<"$args"
  if "$kiosk" shot --bundle "$root/content/demo-ward" "${shot_args[@]}" -o "$tmp/$name.png"; then
    adopt "$name"
  else
    echo "FAILED     $name: kiosk shot ${args}" >&2
    failed=$((failed + 1))
  fi
done <"$golden/screen-cases.txt"

while IFS='|' read -r name lang width text; do
  [[ "$name" =~ ^[[:space:]]*(#|$) ]] && continue
  wanted "text-$name" || continue
  if "$kiosk" text --lang "$lang" --px "$px" --width "$width" -o "$tmp/text-$name.png" "$text"; then
    adopt "text-$name"
  else
    echo "FAILED     text-$name: kiosk text --lang $lang" >&2
    failed=$((failed + 1))
  fi
done <"$golden/text-cases.txt"

echo "update-goldens: $changed of $total golden image(s) written, $failed failed"
((total + failed > 0)) || { echo "update-goldens: no case matched ${selected[*]}" >&2; exit 1; }
((failed == 0))
