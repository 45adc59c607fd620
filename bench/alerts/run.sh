#!/usr/bin/env bash
# Alert figures for issue 16:
#   - `kiosk alert send` to the first frame showing the alert, median and worst of 20
#     (a real Mosquitto broker, `kiosk run` under Xvfb; tests/e2e/alert_run.sh with ROUNDS);
#   - a signed alert dropped (renamed) into the spool folder to the frame, median and worst
#     of 20;
#   - publish to received with 500 subscribers on one local Mosquitto, p50/p99 over every
#     delivery of FANOUT_ROUNDS messages, and per message the time until all had it
#     (bench/alerts/fanout.cpp: one thread drives every client with poll()).
#     bench/alerts/run.sh        KIOSK=build/kiosk/kiosk BUILD=build ROUNDS=20 SUBSCRIBERS=500
#                                FANOUT_ROUNDS=20
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
build=${BUILD:-build}
kiosk=${KIOSK:-$build/kiosk/kiosk}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
echo "machine_load_average: $(cut -d' ' -f1 /proc/loadavg) (1 min, at start)"
ROUNDS=${ROUNDS:-20} SPOOL_ROUNDS=${ROUNDS:-20} bash tests/e2e/alert_run.sh "$kiosk" \
  "$build/tests/png_diff" content/demo-ward "$out/e2e" | grep -E "_ms:|PASS|FAIL"
"$build/bench/alerts/alert_fanout" "${SUBSCRIBERS:-500}" "${FANOUT_ROUNDS:-20}"
