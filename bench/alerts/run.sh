#!/usr/bin/env bash
# Alert figures for issue 16:
#   - `kiosk alert send` to the first frame showing the alert, median and worst of 20
#     (a real Mosquitto broker, `kiosk run` under Xvfb; tests/e2e/alert_run.sh with ROUNDS);
#   - a signed alert dropped (renamed) into the spool folder to the frame, median and worst
#     of 20;
#   - publish to all received with 300 subscribers on one local Mosquitto, p50/p99 (one
#     process holds at most about 330 libmosquitto clients: bench/alerts/fanout.cpp).
#     bench/alerts/run.sh        KIOSK=build/kiosk/kiosk BUILD=build ROUNDS=20 SUBSCRIBERS=300
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
build=${BUILD:-build}
kiosk=${KIOSK:-$build/kiosk/kiosk}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
echo "machine_load_average: $(cut -d' ' -f1 /proc/loadavg) (1 min, at start)"
ROUNDS=${ROUNDS:-20} SPOOL_ROUNDS=${ROUNDS:-20} bash tests/e2e/alert_run.sh "$kiosk" \
  "$build/tests/png_diff" content/demo-ward "$out/e2e" | grep -E "_ms:|PASS|FAIL"
"$build/bench/alerts/alert_fanout" "${SUBSCRIBERS:-300}" 5
