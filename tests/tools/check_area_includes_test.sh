#!/usr/bin/env bash
# The include check must refuse what it is there to refuse: a copy of player/ with a
# text -> bundle include, a render -> content include and a player -> kiosk include
# planted must fail with one file:line: message each, while the untouched copy passes.
#   check_area_includes_test.sh SOURCE_ROOT WORK_DIR
set -uo pipefail
(($# == 2)) || { echo "usage: check_area_includes_test.sh SOURCE_ROOT WORK_DIR" >&2; exit 2; }
root=$1 work=$2
check="$root/tests/tools/check_area_includes.sh"
fail() { echo "check_area_includes_test: $*" >&2; exit 1; }

rm -rf "$work" && mkdir -p "$work" || exit 1
cp -r "$root/player" "$work/" || exit 1
bash "$check" "$work" || fail "the unchanged copy of player/ was refused"

echo '#include "player/bundle/manifest.h"' >>"$work/player/text/shaper.cpp"
echo '#  include "player/content/bundle_model.h"' >>"$work/player/render/image.h"
echo '#include "kiosk/app/ui.h"' >>"$work/player/core/paths.cpp"
out=$(bash "$check" "$work")
rc=$?
echo "$out"
((rc == 1)) || fail "planted wrong-way includes: expected exit 1, got $rc"
[[ $(grep -c . <<<"$out") == 3 ]] || fail "expected exactly 3 messages"
grep -q '^player/text/shaper.cpp:[0-9]*: player/text must not include player/bundle' <<<"$out" ||
  fail "text -> bundle was not reported as file:line: message"
grep -q '^player/render/image.h:[0-9]*: player/render must not include player/content' <<<"$out" ||
  fail "render -> content was not reported"
grep -q '^player/core/paths.cpp:[0-9]*: player/core includes the app' <<<"$out" ||
  fail "player -> kiosk was not reported"
echo "check_area_includes_test: passed"
