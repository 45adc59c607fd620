#!/usr/bin/env bash
# Bad input on the command line: every case must exit 1 (bad input) or 2 (bad usage) as
# DESIGN.md section 5 says, print exactly one line on stderr, write no output file, and never
# crash (no "terminate called", no sanitizer report, no stack trace, no signal/core dump).
#   cli_errors.sh KIOSK BUNDLE_DIR
set -uo pipefail

if (($# != 2)); then
  echo "usage: cli_errors.sh KIOSK BUNDLE_DIR" >&2
  exit 2
fi
kiosk=$1 bundle=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp" || exit 1
ulimit -c 0 # a crash shows as an exit code above 128; do not litter core files

failures=0 cases=0
out=$tmp/out.png

# check ALLOWED_CODES DESCRIPTION ARG... : runs kiosk ARG... and checks how it fails.
check() {
  local allowed=$1 what=$2
  shift 2
  cases=$((cases + 1))
  rm -f "$out"
  "$kiosk" "$@" >"$tmp/stdout" 2>"$tmp/stderr"
  local rc=$? problems=()
  local lines
  lines=$(wc -l <"$tmp/stderr")
  [[ ",$allowed," == *",$rc,"* ]] || problems+=("exit code $rc, expected ${allowed//,/ or }")
  ((rc < 128)) || problems+=("killed by signal $((rc - 128))")
  if [[ ! -s "$tmp/stderr" ]]; then
    problems+=("nothing on stderr")
  elif ((lines != 1)) || [[ -n "$(tail -c 1 "$tmp/stderr")" ]]; then
    problems+=("stderr has $lines line(s) instead of exactly one")
  fi
  if grep -Eq 'terminate called|what\(\)|Aborted|Segmentation|core dumped|AddressSanitizer|LeakSanitizer|runtime error:|^ *#[0-9]+ 0x' \
      "$tmp/stderr"; then
    problems+=("stderr shows a crash or a stack trace")
  fi
  [[ -e "$out" ]] && problems+=("it wrote $out anyway")
  if ((${#problems[@]} == 0)); then
    echo "ok   $what: exit $rc: $(head -n 1 "$tmp/stderr")"
  else
    failures=$((failures + 1))
    echo "FAIL $what: kiosk $*"
    local p
    for p in "${problems[@]}"; do echo "     - $p"; done
    echo "     stderr:"
    sed -n '1,20s/^/     | /p' "$tmp/stderr"
  fi
}

home=(--screen home --size 320x240 --clock 2026-11-27T10:05)

check 1 "shot: bundle folder does not exist" shot --bundle /nonexistent "${home[@]}" -o "$out"
check 1 "shot: unknown screen ID" shot --bundle "$bundle" --screen no-such-screen -o "$out"
check 1 "shot: output under /proc" shot --bundle "$bundle" "${home[@]}" -o /proc/x.png
check 1 "shot: output folder does not exist" shot --bundle "$bundle" "${home[@]}" -o "$tmp/no-such-dir/x.png"
check 1 "shot: output is a folder" shot --bundle "$bundle" "${home[@]}" -o "$tmp"
check 2 "shot: --size 0x0" shot --bundle "$bundle" --screen home --size 0x0 -o "$out"
check 2 "shot: --size garbage" shot --bundle "$bundle" --screen home --size big -o "$out"
check 2 "shot: unknown option" shot --bundle "$bundle" --screen home --frobnicate -o "$out"
check 2 "shot: option without its value" shot --bundle "$bundle" --screen home -o
check 2 "shot: no -o" shot --bundle "$bundle" --screen home
check 1,2 "shot: --text-size 9" shot --bundle "$bundle" "${home[@]}" --text-size 9 -o "$out"
check 1,2 "shot: unknown theme" shot --bundle "$bundle" "${home[@]}" --theme neon -o "$out"
check 1 "shot: language the bundle lacks" shot --bundle "$bundle" "${home[@]}" --lang xx -o "$out"
check 2 "shot: malformed --clock" shot --bundle "$bundle" --screen home --clock yesterday -o "$out"
check 2 "shot: impossible --clock" shot --bundle "$bundle" --screen home --clock 2026-02-30T25:61 -o "$out"
check 2 "shot: --size beyond 8K" shot --bundle "$bundle" --screen home --size 16384x16384 -o "$out"
check 2 "shot: --size 7680x7680 (too many pixels)" shot --bundle "$bundle" --screen home --size 7680x7680 -o "$out"
check 1 "screens: bundle folder does not exist" screens --bundle /nonexistent
check 2 "screens: unknown option" screens --bundle "$bundle" --frobnicate
check 1 "run: bundle folder does not exist" run --bundle /nonexistent --windowed
check 2 "run: --size 0x0" run --bundle "$bundle" --windowed --size 0x0
check 1,2 "text: --px 0" text --lang ja --px 0 --width 100 -o "$out" テキスト
check 1 "text: output folder does not exist" text --lang ja --px 20 --width 100 -o "$tmp/no-such-dir/x.png" テキスト
check 2 "text: invalid UTF-8" text --lang ja --px 20 --width 100 -o "$out" $'\xff\xfe'
check 2 "text: malformed --lang" text --lang ja_JP --px 20 --width 100 -o "$out" テキスト
check 1 "text: --lang no font can serve" text --lang am --px 20 --width 100 -o "$out" テキスト
check 1 "text: --lang with no known script" text --lang xx --px 20 --width 100 -o "$out" text
check 2 "unknown command" frobnicate

# Keys and manifests that are not regular files are refused at once, never read or waited on.
mkfifo "$tmp/fifo.key" "$tmp/fifo.pub"
mkdir -p "$tmp/built/blobs"
"$kiosk" bundle build "$bundle" -o "$tmp/built" >/dev/null 2>&1
check 1 "bundle sign: FIFO as key" bundle sign "$tmp/built" --key "$tmp/fifo.key"
check 1 "bundle sign: /dev/zero as key" bundle sign "$tmp/built" --key /dev/zero
check 1 "bundle verify: FIFO as public key" bundle verify "$tmp/built" --pubkey "$tmp/fifo.pub"
mkdir -p "$tmp/fifo-bundle/blobs"
mkfifo "$tmp/fifo-bundle/manifest.json"
check 1 "screens: FIFO as manifest.json" screens --bundle "$tmp/fifo-bundle"
mkdir -p "$tmp/link-bundle"
cp -r "$tmp/built/blobs" "$tmp/link-bundle/blobs"
ln -s "$tmp/built/manifest.json" "$tmp/link-bundle/manifest.json"
check 1 "screens: manifest.json is a symlink" screens --bundle "$tmp/link-bundle"
head -c 300000 /dev/zero | tr '\0' '[' >"$tmp/deep.json"
mkdir -p "$tmp/deep-bundle/blobs" && mv "$tmp/deep.json" "$tmp/deep-bundle/manifest.json"
check 1 "screens: manifest.json nested 300 000 deep" screens --bundle "$tmp/deep-bundle"

echo "cli_errors: $((cases - failures)) of $cases cases behaved"
((failures == 0))
