# Shared by the peer benchmarks: run a command N times and report the median wall time,
# the median CPU time (user + system) and the largest peak RSS, as GNU time would (wait4,
# so a peer's child processes count too) but to the microsecond (rusage.c). Sourced.

# Compiled once per user and kept while rusage.c is unchanged.
rusage_bin=${TMPDIR:-/tmp}/kiosk-bench-rusage-$UID
rusage_src="$(dirname "${BASH_SOURCE[0]}")/rusage.c"
if [[ ! -x "$rusage_bin" || "$rusage_src" -nt "$rusage_bin" ]]; then
  cc -O2 -o "$rusage_bin" "$rusage_src" ||
    { echo "bench: cannot compile rusage.c (apt-get install gcc)" >&2; exit 1; }
fi

# measure NAME RUNS CMD...: prints "NAME wall_median_s cpu_median_s peak_rss_kib".
measure() {
  local name=$1 runs=$2
  shift 2
  local tmp walls=() cpus=() rss=()
  tmp=$(mktemp)
  for ((i = 1; i <= runs; i++)); do
    "$rusage_bin" "$@" >"$tmp" ||
      { echo "$name: run $i failed: $*" >&2; rm -f "$tmp"; return 1; }
    read -r wall cpu maxrss <"$tmp"
    walls+=("$wall")
    cpus+=("$cpu")
    rss+=("$maxrss")
  done
  rm -f "$tmp"
  echo "$name $(median "${walls[@]}") $(median "${cpus[@]}") $(printf '%s\n' "${rss[@]}" | sort -n | tail -n 1)"
}

median() {
  printf '%s\n' "$@" | sort -g |
    awk '{v[NR]=$1} END{if (NR%2) print v[(NR+1)/2]; else printf "%.4f\n", (v[NR/2]+v[NR/2+1])/2}'
}

ratio() { awk -v a="$1" -v b="$2" 'BEGIN{printf "%.3f", (b > 0) ? a/b : 0}'; }
mib() { awk -v k="$1" 'BEGIN{printf "%.1f", k/1024}'; }

find_kiosk() {
  if [[ -z "${KIOSK:-}" ]]; then
    scripts/build.sh >&2
    KIOSK=${KIOSK_BUILD_DIR:-build}/kiosk/kiosk
  fi
  [[ -x "$KIOSK" ]] || { echo "bench: $KIOSK is not built (scripts/build.sh)" >&2; exit 1; }
}
