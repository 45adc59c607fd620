#!/usr/bin/env bash
# Idle CPU benchmark: CPU seconds (user + system, from /proc/PID/stat) that
# `kiosk run --windowed` uses over SECONDS idle seconds under a private Xvfb, after its
# window is mapped and SETTLE seconds have passed. Target: < 0.1 s over 10 s (an idle
# kiosk sleeps until an input event or the clock's next minute).
#   bench/idle_cpu.sh           KIOSK=build/kiosk/kiosk BUNDLE=content/demo-ward
#                               SECONDS_IDLE=10 SETTLE=2 SIZE=1920x1080 SIGNAGE=1
# With SIGNAGE=1 (the default) a bundle with signage plays it all along (a frame at each
# slide change); SIGNAGE=0 passes --no-signage: the home screen, idle.
# Prints `name: value unit` lines. Not a test: it exits 0 whatever the number.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
root=$PWD

idle=${SECONDS_IDLE:-10}
settle=${SETTLE:-2}
size=${SIZE:-1920x1080}
bundle=${BUNDLE:-content/demo-ward}
if [[ -z "${KIOSK:-}" ]]; then
  scripts/build.sh >&2
  KIOSK=${KIOSK_BUILD_DIR:-build}/kiosk/kiosk
fi
[[ -x "$KIOSK" ]] || { echo "idle_cpu: $KIOSK is not built (scripts/build.sh)" >&2; exit 1; }
for tool in Xvfb xdpyinfo xdotool; do
  command -v "$tool" >/dev/null 2>&1 ||
    { echo "idle_cpu: $tool is missing (scripts/setup.sh installs it)" >&2; exit 1; }
done

# shellcheck source=tests/e2e/xvfb_lib.sh
source "$root/tests/e2e/xvfb_lib.sh"
tmp=$(mktemp -d)
kiosk_pid=""
cleanup() {
  [[ -n "$kiosk_pid" ]] && kill -KILL "$kiosk_pid" 2>/dev/null
  [[ -n "$XVFB_PID" ]] && kill -TERM "$XVFB_PID" 2>/dev/null && wait "$XVFB_PID" 2>/dev/null
  rm -rf "$tmp"
}
trap cleanup EXIT

start_xvfb "${size%x*}" "${size#*x}" "$tmp/xvfb.log" || { echo "idle_cpu: could not start Xvfb" >&2; exit 1; }
signage_flag=()
[[ "${SIGNAGE:-1}" == 0 ]] && signage_flag=(--no-signage)
"$KIOSK" run "${signage_flag[@]}" --windowed --size "$size" --bundle "$bundle" >"$tmp/kiosk.log" 2>&1 &
kiosk_pid=$!
if ! wait_for_window "$kiosk_pid" 300 >/dev/null; then
  echo "idle_cpu: the kiosk window did not appear within 30 s" >&2
  cat "$tmp/kiosk.log" >&2
  exit 1
fi
sleep "$settle" # let the first frames finish before measuring

switches() { awk '/^(non)?voluntary_ctxt_switches/{n+=$2} END{print n}' "/proc/$kiosk_pid/status"; }
hz=$(getconf CLK_TCK)
t0=$(cpu_ticks "$kiosk_pid") s0=$(switches)
sleep "$idle"
t1=$(cpu_ticks "$kiosk_pid") s1=$(switches)
rss_kb=$(awk '/^VmRSS/{print $2}' "/proc/$kiosk_pid/status")
kill -TERM "$kiosk_pid"
exited() { ! alive "$kiosk_pid"; }
poll 100 exited || kill -KILL "$kiosk_pid" 2>/dev/null || true
wait "$kiosk_pid" && rc=0 || rc=$?
kiosk_pid=""

cpu=$(awk -v d=$((t1 - t0)) -v hz="$hz" 'BEGIN{printf "%.2f", d/hz}')
verdict=$(awk -v c="$cpu" 'BEGIN{print (c < 0.1) ? "ok" : "OVER"}')
echo "idle_window: $idle s at $size"
echo "idle_cpu: $cpu s (target < 0.1 s: $verdict; resolution $(awk -v hz="$hz" 'BEGIN{printf "%.2f", 1/hz}') s)"
echo "idle_context_switches: $((s1 - s0))"
echo "idle_rss: $(awk -v k="$rss_kb" 'BEGIN{printf "%.1f", k/1024}') MiB"
echo "sigterm_exit_code: $rc"
