# shellcheck shell=bash
# Helpers for scripts that drive the kiosk under a private Xvfb (sourced, not run):
# tests/e2e/run_tap.sh and bench/idle_cpu.sh.

# poll TENTHS COMMAND...: runs COMMAND every 0.1 s until it succeeds; gives up (returns 1)
# once TENTHS tenths of a second of wall-clock time have passed.
poll() {
  local tenths=$1 now deadline
  shift
  now=${EPOCHREALTIME//[.,]/} # microseconds
  deadline=$((now + tenths * 100000))
  while true; do
    "$@" && return 0
    now=${EPOCHREALTIME//[.,]/}
    ((now < deadline)) || return 1
    sleep 0.1
  done
}

# start_xvfb WIDTH HEIGHT LOG: starts Xvfb on the first free display from :99 and waits
# (bounded) until it accepts connections. Sets XVFB_PID and exports DISPLAY; returns 1 if
# no display could be started. The caller stops it: kill "$XVFB_PID".
XVFB_PID=""
start_xvfb() {
  local width=$1 height=$2 log=$3 n
  for ((n = 99; n < 200; n++)); do
    [[ -e /tmp/.X$n-lock || -e /tmp/.X11-unix/X$n ]] && continue
    Xvfb ":$n" -screen 0 "${width}x${height}x24" -nolisten tcp -noreset >"$log" 2>&1 &
    XVFB_PID=$!
    _xvfb_up() { xdpyinfo -display ":$n" >/dev/null 2>&1 || ! alive "$XVFB_PID"; }
    if poll 100 _xvfb_up && alive "$XVFB_PID"; then
      export DISPLAY=:$n
      unset WAYLAND_DISPLAY
      export SDL_VIDEODRIVER=x11
      return 0
    fi
    # Lost a race for this display, or the server would not start: try the next one.
    kill -TERM "$XVFB_PID" 2>/dev/null
    wait "$XVFB_PID" 2>/dev/null
    XVFB_PID=""
  done
  return 1
}

# alive PID: the process exists and has not exited (an exited child stays a zombie until
# its parent waits for it, and `kill -0` still succeeds on a zombie).
alive() {
  local stat
  { read -r stat <"/proc/$1/stat"; } 2>/dev/null || return 1
  stat=${stat##*) }
  [[ "${stat%% *}" != Z ]]
}

# wait_for_window PID TENTHS: waits (bounded, TENTHS tenths of a second) until PID has a
# visible window and prints its id. Returns 1 if none appeared in time or PID died.
wait_for_window() {
  local pid=$1 tenths=$2 window=""
  _has_window() {
    alive "$pid" || return 0
    window=$(xdotool search --onlyvisible --pid "$pid" 2>/dev/null | head -n 1)
    [[ -n "$window" ]]
  }
  poll "$tenths" _has_window
  [[ -n "$window" ]] && alive "$pid" && echo "$window"
}

# cpu_ticks PID: user + system CPU time of PID so far, in clock ticks (getconf CLK_TCK).
cpu_ticks() {
  local stat fields
  { read -r stat <"/proc/$1/stat"; } 2>/dev/null || return 1
  stat=${stat##*) } # the command name may contain spaces and parentheses
  read -r -a fields <<<"$stat"
  echo $((fields[11] + fields[12]))
}

# The processes an end-to-end script starts, stopped on every exit path: the script sets
# `out` (its artifact folder), stores the pids here and runs `trap e2e_cleanup EXIT`.
xvfb_pid="" kiosk_pid=""
e2e_cleanup() {
  [[ -n "$kiosk_pid" ]] && kill -KILL "$kiosk_pid" 2>/dev/null && wait "$kiosk_pid" 2>/dev/null
  [[ -n "$xvfb_pid" ]] && kill -TERM "$xvfb_pid" 2>/dev/null && wait "$xvfb_pid" 2>/dev/null
  rm -f "$out"/shot-*.png
}

# fail MESSAGE: prints it with the kiosk's last output, and exits 1.
fail() {
  echo "FAIL: $*" >&2
  if [[ -s "$out/kiosk.log" ]]; then
    echo "--- kiosk stderr/stdout:" >&2
    tail -n 40 "$out/kiosk.log" >&2
  fi
  exit 1
}

# e2e_require TOOL...: exits 77 (skipped) when Xvfb is not installed, 1 with one line naming
# the package when another tool is missing. Every Xvfb script starts with it.
e2e_require() {
  if ! command -v Xvfb >/dev/null 2>&1; then
    echo "SKIP: Xvfb is not installed (scripts/setup.sh installs it)"
    exit 77
  fi
  local tool
  for tool in "$@"; do
    if ! command -v "$tool" >/dev/null 2>&1; then
      echo "FAIL: $tool is missing (scripts/setup.sh installs it)" >&2
      exit 1
    fi
  done
}

# e2e_lsan: sanitizer builds: leaks that third-party libraries keep until exit are listed
# in tests/lsan.supp (scripts/test.sh sets this too; this covers a plain `ctest`).
e2e_lsan() {
  local lib_dir
  lib_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
  if [[ "${LSAN_OPTIONS:-}" != *suppressions=* ]]; then
    export LSAN_OPTIONS="${LSAN_OPTIONS:+$LSAN_OPTIONS:}suppressions=$lib_dir/../lsan.supp"
  fi
}

# e2e_stop_kiosk: SIGTERM, which must end the kiosk with exit code 0 within 10 s.
e2e_stop_kiosk() {
  kill -TERM "$kiosk_pid"
  _kiosk_exited() { ! alive "$kiosk_pid"; }
  poll 100 _kiosk_exited || fail "kiosk did not exit within 10 s of SIGTERM"
  wait "$kiosk_pid"
  local rc=$?
  kiosk_pid=""
  ((rc == 0)) || fail "kiosk exited with code $rc after SIGTERM, expected 0"
}

# Comparing the window with `kiosk shot`: the running kiosk draws the same layout (same
# code, same size), but with SDL's renderer instead of the offscreen one: edges are
# antialiased differently and some edges land one pixel apart. So both pictures are compared
# after a 4x4 box downscale (which turns those into small intensity changes) with the clock
# masked out (it shows the real time in both, and the minute may turn in between). Measured
# at 1280x720: a right screen differs in at most 0.02% of the downscaled pixels by more
# than 72; the two most similar wrong screens (two questions of a procedure) in more than 1%.
E2E_TOLERANCE=72 E2E_MAX_DIFFERING=0.4%
e2e_prepare() { # e2e_prepare IN OUT: mask the clock (right part of the top bar), downscale
  convert "$1" -fill black -draw "rectangle $((W * 2 / 3)),0 $((W - 1)),$((H / 10 - 1))" \
    -filter box -resize 25% "PNG32:$2"
}
# e2e_same_screen PNG_DIFF EXPECTED ACTUAL: the window shows what `kiosk shot` rendered.
e2e_same_screen() {
  e2e_prepare "$2" "$2.small.png" && e2e_prepare "$3" "$3.small.png" &&
    "$1" "$2.small.png" "$3.small.png" --tolerance "$E2E_TOLERANCE" \
      --max-differing "$E2E_MAX_DIFFERING" >/dev/null 2>&1
}
