#!/usr/bin/env bash
# Sync benchmarks for issue 15: what `kiosk sync` costs on the wire, in time and at the
# server. A private nginx (temporary config, loopback, free port) serves bundles built,
# signed and published by the kiosk itself; its access log (format `sync`: $msec $status
# $request_length $bytes_sent $body_bytes_sent $request_time $connection
# $connection_requests "$request") is the meter.
#   1. poll_*    a no-change poll (a second sync right after the first, on demo-ward):
#                request + response bytes at the server, and what kiosk reports
#   2. big_*     demo-ward + 32 seeded noise PNGs (about 100 MiB, make_filler.py):
#                first full sync (wire bytes vs bundle size, wall time over loopback),
#                one page changed and republished with a higher sequence (wire bytes vs
#                changed bytes), and the wall time when every blob is already local
#                (a fresh store whose blobs/ is a hard-link copy: manifest + signature +
#                verify + load + activate only)
#   3. swarm_*   TERMINALS (200) stores, hard-link copies of one synced store, all
#                polling at once (answered 304); then stampede_*: a new version (one
#                page changed) was just published and all fetch it at once. Requests/s
#                and latency at the server ($msec, $request_time), failures (non-zero
#                exits, unexpected statuses), per-process wall time of `kiosk sync` and
#                the CPU all of them used (swarm.py parks every process first, then
#                releases them together). Clients and server share the machine's cores.
#   4. run_*     idle CPU and peak RSS of `kiosk run --store S --sync-url URL
#                --poll-seconds 60` under a private Xvfb: CPU seconds per 10 s over a
#                30 s window after 5 s of settling (target < 0.1); skipped without Xvfb
# Usage: bench/sync/run.sh    KIOSK=build/kiosk/kiosk NGINX=/usr/sbin/nginx TERMINALS=200
#                             IDLE_SECONDS=30 SETTLE=5 SKIP_IDLE=0
# Prints `name: value unit` lines. Not a test: it exits 0 whatever the numbers (1 only
# when the setup itself fails). About 2 minutes on 2 cores; needs python3 and ~250 MB in
# TMPDIR.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
root=$PWD
here=$root/bench/sync

KIOSK=${KIOSK:-build/kiosk/kiosk}
NGINX=${NGINX:-/usr/sbin/nginx}
terminals=${TERMINALS:-200}
idle=${IDLE_SECONDS:-30}
settle=${SETTLE:-5}
[[ -x "$KIOSK" ]] || { echo "sync bench: $KIOSK is not built (scripts/build.sh)" >&2; exit 1; }
[[ -x "$NGINX" ]] || { echo "sync bench: no nginx at $NGINX (apt-get install nginx)" >&2; exit 1; }
KIOSK=$(realpath "$KIOSK")

echo "machine_load_average: $(cut -d' ' -f1 /proc/loadavg) (1 min, at start; $(nproc) cores)"
work=$(mktemp -d)
nginx_pid="" kiosk_pid="" XVFB_PID=""
cleanup() {
  [[ -n "$kiosk_pid" ]] && kill -KILL "$kiosk_pid" 2>/dev/null && wait "$kiosk_pid" 2>/dev/null
  [[ -n "$XVFB_PID" ]] && kill -TERM "$XVFB_PID" 2>/dev/null && wait "$XVFB_PID" 2>/dev/null
  [[ -n "$nginx_pid" ]] && kill -TERM "$nginx_pid" 2>/dev/null && wait "$nginx_pid" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT
# A private copy: a rebuild while the bench runs must not swap the binary under it.
cp "$KIOSK" "$work/kiosk"
# The executable loads its modules from its own folder.
cp "$(dirname "$KIOSK")"/libkiosk_*.so "$work/"
KIOSK=$work/kiosk
die() { echo "sync bench: $*" >&2; exit 1; }
k() { # kiosk with its output on stdout; on failure, the output on stderr and exit
  local out
  out=$("$KIOSK" "$@" 2>&1) || { printf '%s\n' "$out" >&2; die "kiosk $* failed"; }
  printf '%s\n' "$out"
}

# --- nginx ------------------------------------------------------------------------------
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
ng=$work/nginx
log=$ng/access.log
mkdir -p "$ng" "$work/docroot"
cat >"$ng/nginx.conf" <<EOF
daemon off;
master_process off;
worker_processes 1;
pid $ng/nginx.pid;
error_log $ng/error.log warn;
events { worker_connections 1024; }
http {
  types { application/json json; }
  default_type application/octet-stream;
  log_format sync '\$msec \$status \$request_length \$bytes_sent \$body_bytes_sent \$request_time \$connection \$connection_requests "\$request"';
  access_log $log sync;
  client_body_temp_path $ng/body;
  proxy_temp_path $ng/proxy;
  fastcgi_temp_path $ng/fastcgi;
  uwsgi_temp_path $ng/uwsgi;
  scgi_temp_path $ng/scgi;
  server {
    listen 127.0.0.1:$port;
    root $work/docroot;
  }
}
EOF
"$NGINX" -p "$ng" -c "$ng/nginx.conf" 2>>"$ng/error.log" &
nginx_pid=$!
for ((i = 0; i < 50; i++)); do
  (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break
  kill -0 "$nginx_pid" 2>/dev/null || { cat "$ng/error.log" >&2; die "nginx did not start"; }
  sleep 0.1
done
url=http://127.0.0.1:$port

lines() { wc -l <"$log"; } # the log's length now: what follows is the next step's
ms_since() { echo $(((${EPOCHREALTIME/[.,]/} - $1) / 1000)); }
now_us() { echo "${EPOCHREALTIME/[.,]/}"; }
median() { printf '%s\n' "$@" | sort -n | awk '{v[NR]=$1} END{print v[int((NR+1)/2)]}'; }
bytes_of() { sed -n 's/.*; \([0-9]*\) bytes received$/\1/p' <<<"$1"; }
# Sum of the sizes of the files of a built bundle's manifest; with a second manifest,
# only of the files (by SHA-256) the first one lacks.
manifest_bytes() {
  python3 - "$@" <<'EOF'
import json, sys
files = lambda path: {(f["sha256"], f["size"]) for f in json.load(open(path))["files"]}
new = files(sys.argv[-1])
old = files(sys.argv[1]) if len(sys.argv) > 2 else set()
print(sum(size for sha, size in new - old), len(new - old))
EOF
}
# change_page DIR: appends one paragraph to one page (one Markdown file changes).
change_page() {
  printf '\nUpdated for the sync benchmark: the counter moved to window 3.\n' \
    >>"$1/pages/moving-in/en.md"
}

k bundle keygen -o "$work/key" >/dev/null
key=$work/key.pub

# --- 1. a no-change poll ----------------------------------------------------------------
cp -r content/demo-ward "$work/small"
k bundle build "$work/small" -o "$work/small-1" --sequence 1 >/dev/null
k bundle sign "$work/small-1" --key "$work/key.key" >/dev/null
k bundle publish "$work/small-1" --to "$work/docroot/small" >/dev/null
small=$url/small/
k sync --url "$small" --store "$work/poll" --pubkey "$key" >/dev/null
mark=$(lines)
out=$(k sync --url "$small" --store "$work/poll" --pubkey "$key")
python3 "$here/ngxlog.py" "$log" "$mark" poll wire
echo "poll_kiosk_reported: $(bytes_of "$out") bytes received ($out)"
read -r small_bytes small_files < <(manifest_bytes "$work/small-1/manifest.json")
echo "poll_manifest_size: $(stat -c %s "$work/small-1/manifest.json") bytes (demo-ward: $small_files files, $small_bytes bytes; what a changed poll fetches first)"

# --- 2. a 100 MiB bundle ----------------------------------------------------------------
cp -r content/demo-ward "$work/big"
python3 "$here/make_filler.py" "$work/big" >/dev/null
"$KIOSK" bundle check "$work/big" >"$work/check.log" 2>&1 ||
  { tail -n 5 "$work/check.log" >&2; die "the 100 MiB bundle does not pass bundle check"; }
k bundle build "$work/big" -o "$work/big-1" --sequence 1 >/dev/null
k bundle sign "$work/big-1" --key "$work/key.key" >/dev/null
k bundle publish "$work/big-1" --to "$work/docroot/big" >/dev/null
big=$url/big/
read -r big_bytes big_files < <(manifest_bytes "$work/big-1/manifest.json")
manifest1=$(stat -c %s "$work/big-1/manifest.json")
sig1=$(stat -c %s "$work/big-1/manifest.sig")
echo "big_bundle_size: $big_bytes bytes in $big_files files (+ manifest.json $manifest1 + manifest.sig $sig1)"

# First full sync, three times into fresh stores (median wall time); wire bytes of the first.
walls=()
for run in 1 2 3; do
  rm -rf "$work/big-store"
  mark=$(lines)
  t0=$(now_us)
  out=$(k sync --url "$big" --store "$work/big-store" --pubkey "$key")
  walls+=("$(ms_since "$t0")")
  if [[ $run == 1 ]]; then
    python3 "$here/ngxlog.py" "$log" "$mark" big_first_sync wire | tee "$work/first.txt"
    echo "big_first_sync_kiosk_reported: $(bytes_of "$out") bytes received"
  fi
done
wire=$(sed -n 's/^big_first_sync_wire_bytes: \([0-9]*\).*/\1/p' "$work/first.txt")
echo "big_first_sync_overhead: $(awk -v w="$wire" -v b="$big_bytes" 'BEGIN{printf "%.3f", (w-b)*100/b}') % ($((wire - big_bytes)) bytes over the bundle's files)"
echo "big_first_sync_wall: $(median "${walls[@]}") ms (median of 3 over loopback; runs ${walls[*]} ms)"

# All blobs local: fresh stores with blobs/ hard-linked from the synced one.
walls=()
for run in 1 2 3; do
  rm -rf "$work/local-store"
  mkdir "$work/local-store"
  cp -al "$work/big-store/blobs" "$work/local-store/blobs"
  mark=$(lines)
  t0=$(now_us)
  out=$(k sync --url "$big" --store "$work/local-store" --pubkey "$key")
  walls+=("$(ms_since "$t0")")
done
echo "big_verify_activate_wall: $(median "${walls[@]}") ms (median of 3, all blobs local; runs ${walls[*]} ms; $(bytes_of "$out") bytes received; $out)"

# One page changed, republished with a higher sequence.
change_page "$work/big"
k bundle build "$work/big" -o "$work/big-2" --sequence 2 >/dev/null
k bundle sign "$work/big-2" --key "$work/key.key" >/dev/null
k bundle publish "$work/big-2" --to "$work/docroot/big" >/dev/null
read -r changed changed_files < <(manifest_bytes "$work/big-1/manifest.json" "$work/big-2/manifest.json")
manifest2=$(stat -c %s "$work/big-2/manifest.json")
sig2=$(stat -c %s "$work/big-2/manifest.sig")
mark=$(lines)
t0=$(now_us)
out=$(k sync --url "$big" --store "$work/big-store" --pubkey "$key")
wall=$(ms_since "$t0")
python3 "$here/ngxlog.py" "$log" "$mark" big_change wire | tee "$work/change.txt"
echo "big_change_kiosk_reported: $(bytes_of "$out") bytes received ($out)"
wire=$(sed -n 's/^big_change_wire_bytes: \([0-9]*\).*/\1/p' "$work/change.txt")
echo "big_change_changed_bytes: $changed bytes in $changed_files blob(s)"
echo "big_change_overhead: $((wire - changed)) bytes ($(awk -v w="$wire" -v c="$changed" 'BEGIN{printf "%.0f", w/c}') x the change; manifest.json $manifest2 + manifest.sig $sig2 + HTTP headers and requests $((wire - changed - manifest2 - sig2)))"
echo "big_change_wall: $wall ms"

# --- 3. TERMINALS terminals polling one nginx at once -----------------------------------
rm -rf "$work/big-store" "$work/local-store" "$work/big-1" "$work/big-2" "$work/big" \
  "$work/docroot/big" # free ~300 MB
mkdir "$work/terminals"
for ((i = 1; i <= terminals; i++)); do
  cp -al "$work/poll" "$work/terminals/$(printf %03d "$i")"
done
swarm() { # NAME EXPECTED_STATUS EXPECTED_STDOUT
  local mark
  mark=$(lines)
  python3 "$here/swarm.py" "$1" "$terminals" "$work/swarm-$1" --expect "$3" -- \
    "$KIOSK" sync --url "$small" --store "$work/terminals/{}" --pubkey "$key"
  python3 "$here/ngxlog.py" "$log" "$mark" "$1" load "$2"
}
echo "swarm_terminals: $terminals"
swarm swarm 304 "no change"

change_page "$work/small"
k bundle build "$work/small" -o "$work/small-2" --sequence 2 >/dev/null
k bundle sign "$work/small-2" --key "$work/key.key" >/dev/null
k bundle publish "$work/small-2" --to "$work/docroot/small" >/dev/null
read -r changed changed_files < <(manifest_bytes "$work/small-1/manifest.json" "$work/small-2/manifest.json")
echo "stampede_change: $changed bytes in $changed_files blob(s) + manifest.json $(stat -c %s "$work/small-2/manifest.json") bytes per terminal"
swarm stampede 200 "activated"

# --- 4. idle CPU of kiosk run with sync on ----------------------------------------------
if [[ "${SKIP_IDLE:-0}" == 1 ]] || ! command -v Xvfb >/dev/null || ! command -v xdpyinfo >/dev/null; then
  echo "run_idle_cpu: skipped (no Xvfb/xdpyinfo, or SKIP_IDLE=1)"
  exit 0
fi
# shellcheck source=tests/e2e/xvfb_lib.sh
source "$root/tests/e2e/xvfb_lib.sh"
start_xvfb 1920 1080 "$work/xvfb.log" || die "could not start Xvfb"
cp -al "$work/poll" "$work/run-store"
mark=$(lines)
"$KIOSK" run --windowed --size 1920x1080 --store "$work/run-store" --sync-url "$small" \
  --pubkey "$key" --poll-seconds 60 --status-file "$work/status.json" >"$work/kiosk.log" 2>&1 &
kiosk_pid=$!
if command -v xdotool >/dev/null; then
  wait_for_window "$kiosk_pid" 300 >/dev/null || { tail -n 20 "$work/kiosk.log" >&2; die "no kiosk window within 30 s"; }
fi
sleep "$settle"
alive "$kiosk_pid" || { tail -n 20 "$work/kiosk.log" >&2; die "kiosk run exited"; }
hz=$(getconf CLK_TCK)
mark_idle=$(lines)
t0=$(cpu_ticks "$kiosk_pid")
sleep "$idle"
t1=$(cpu_ticks "$kiosk_pid")
hwm=$(awk '/^VmHWM/{print $2}' "/proc/$kiosk_pid/status")
rss=$(awk '/^VmRSS/{print $2}' "/proc/$kiosk_pid/status")
polls_before=$((mark_idle - mark))
polls_during=$(($(lines) - mark_idle))
kill -TERM "$kiosk_pid"
exited() { ! alive "$kiosk_pid"; }
poll 100 exited || kill -KILL "$kiosk_pid" 2>/dev/null || true
wait "$kiosk_pid" && rc=0 || rc=$?
kiosk_pid=""
per10=$(awk -v d=$((t1 - t0)) -v hz="$hz" -v s="$idle" 'BEGIN{printf "%.3f", d/hz*10/s}')
echo "run_idle_cpu: $per10 s per 10 s ($((t1 - t0)) ticks of 1/$hz s over $idle s; target < 0.1: $(awk -v c="$per10" 'BEGIN{print (c < 0.1) ? "ok" : "OVER"}'))"
echo "run_peak_rss: $(awk -v k="$hwm" 'BEGIN{printf "%.1f", k/1024}') MiB (VmHWM; VmRSS at the end $(awk -v k="$rss" 'BEGIN{printf "%.1f", k/1024}') MiB)"
echo "run_requests: $polls_before before the window, $polls_during during it (poll every 60 s)"
echo "run_sigterm_exit_code: $rc"
