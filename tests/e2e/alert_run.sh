#!/usr/bin/env bash
# End to end under Xvfb with a real Mosquitto broker: `kiosk alert send` publishes a signed
# CAP alert; the running kiosk shows it full screen; the Cancel sent next brings the home
# screen back. Prints the time from send to the alert on screen (alert_to_screen_ms).
#   alert_run.sh KIOSK PNG_DIFF BUNDLE_DIR [OUT_DIR]
# The alert is written here with the current time (it must not have expired). Every wait
# is a bounded poll. Exit 77 only when Xvfb is missing.
set -uo pipefail

if (($# < 3)); then
  echo "usage: alert_run.sh KIOSK PNG_DIFF BUNDLE_DIR [OUT_DIR]" >&2
  exit 2
fi
kiosk=$1 bundle=$3
out=${4:-$(mktemp -d)}
W=1280 H=720
if ! command -v Xvfb >/dev/null 2>&1; then
  echo "SKIP: Xvfb is not installed (scripts/setup.sh installs it)"
  exit 77
fi
for tool in xdpyinfo xdotool import convert python3 /usr/sbin/mosquitto; do
  command -v "$tool" >/dev/null 2>&1 ||
    { echo "FAIL: $tool is missing (scripts/setup.sh installs it)" >&2; exit 1; }
done
rm -rf "${out:?}"
mkdir -p "$out"
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=tests/e2e/xvfb_lib.sh
source "$here/xvfb_lib.sh"
broker_pid=""
cleanup() {
  [[ -n "$broker_pid" ]] && kill -TERM "$broker_pid" 2>/dev/null && wait "$broker_pid" 2>/dev/null
  e2e_cleanup
}
trap cleanup EXIT
if [[ "${LSAN_OPTIONS:-}" != *suppressions=* ]]; then
  export LSAN_OPTIONS="${LSAN_OPTIONS:+$LSAN_OPTIONS:}suppressions=$here/../lsan.supp"
fi
now_us() { echo "${EPOCHREALTIME//[.,]/}"; }

# --- the broker --------------------------------------------------------------------------
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
{
  echo "listener $port 127.0.0.1"
  echo "allow_anonymous true"
  echo "persistence false"
  echo "log_dest file $out/mosquitto.log"
  ((EUID == 0)) && echo "user root"
} >"$out/mosquitto.conf"
/usr/sbin/mosquitto -c "$out/mosquitto.conf" >"$out/mosquitto.out" 2>&1 &
broker_pid=$!
_broker_up() { ! alive "$broker_pid" || (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; }
poll 100 _broker_up && alive "$broker_pid" || fail "mosquitto did not start (see $out/mosquitto.log)"
broker=mqtt://127.0.0.1:$port

# --- a fresh alert and its cancel -------------------------------------------------------------
"$kiosk" bundle keygen -o "$out/alert" >/dev/null || fail "keygen failed"
stamp() { date -u -d "$1" +%Y-%m-%dT%H:%M:%S-00:00; }
sent=$(stamp "now") expires=$(stamp "now + 2 hours") later=$(stamp "now + 1 minute")
cap() { # cap ID TYPE SENT [REFERENCES]
  cat <<XML
<?xml version="1.0" encoding="UTF-8"?>
<alert xmlns="urn:oasis:names:tc:emergency:cap:1.2">
  <identifier>$1</identifier>
  <sender>e2e.city.example</sender>
  <sent>$3</sent>
  <status>Actual</status>
  <msgType>$2</msgType>
  <scope>Public</scope>
  ${4:+<references>$4</references>}
  <info>
    <language>en-US</language>
    <category>Geo</category>
    <event>Tsunami Warning</event>
    <urgency>Immediate</urgency>
    <severity>Extreme</severity>
    <certainty>Observed</certainty>
    <expires>$expires</expires>
    <senderName>Test City</senderName>
    <headline>Tsunami warning for the coast</headline>
    <description>End-to-end test alert.</description>
    <instruction>Go to high ground now.</instruction>
    <area><areaDesc>Test City</areaDesc></area>
  </info>
</alert>
XML
}
cap e2e-1 Alert "$sent" >"$out/alert.xml"
cap e2e-2 Cancel "$later" "e2e.city.example,e2e-1,$sent" >"$out/cancel.xml"
"$kiosk" alert check "$out/alert.xml" >"$out/check.log" 2>&1 || fail "alert check failed: $(cat "$out/check.log")"

# --- the kiosk ---------------------------------------------------------------------------
start_xvfb "$W" "$H" "$out/xvfb.log" || fail "could not start Xvfb"
xvfb_pid=$XVFB_PID
"$kiosk" run --windowed --size "${W}x${H}" --bundle "$bundle" --alert-broker "$broker" \
  --alert-topic city/e2e --alert-pubkey "$out/alert.pub" >"$out/kiosk.log" 2>&1 &
kiosk_pid=$!
window=$(wait_for_window "$kiosk_pid" 300)
[[ -n "$window" ]] || fail "no kiosk window within 30 s (see $out/kiosk.log)"
subscribed() { grep -q "mqtt: connected to" "$out/kiosk.log"; }
poll 150 subscribed || fail "the kiosk did not subscribe (see $out/kiosk.log, $out/mosquitto.log)"

# The alert band is red (170, 0, 0) across the top of the window.
top_pixel() {
  import -window "$window" -depth 8 "PNG32:$out/now.png" 2>>"$out/import.log" &&
    convert "$out/now.png" -format '%[fx:int(255*p{20,20}.r)],%[fx:int(255*p{20,20}.g)],%[fx:int(255*p{20,20}.b)]' info:
}
alert_shown() { [[ "$(top_pixel)" == "170,0,0" ]]; }
alert_gone() { [[ "$(top_pixel)" != "170,0,0" ]]; }
poll 50 alert_gone || fail "the kiosk shows red before any alert"

t0=$(now_us)
"$kiosk" alert send "$out/alert.xml" --broker "$broker" --topic city/e2e --key "$out/alert.key" \
  >"$out/send.log" 2>&1 || fail "alert send failed: $(cat "$out/send.log")"
poll 150 alert_shown || { cp "$out/now.png" "$out/failed-alert.png"; fail "the alert did not take over the screen within 15 s"; }
t1=$(now_us)
echo "alert_to_screen_ms: $(((t1 - t0) / 1000)) (send, broker, kiosk, frame, and this script's screenshot poll)"
cp "$out/now.png" "$out/alert-shown.png"

"$kiosk" alert send "$out/cancel.xml" --broker "$broker" --topic city/e2e --key "$out/alert.key" \
  >>"$out/send.log" 2>&1 || fail "sending the cancel failed: $(cat "$out/send.log")"
poll 150 alert_gone || fail "the cancel did not end the alert within 15 s"
echo "PASS: the signed alert took over the screen and the cancel ended it"

kill -TERM "$kiosk_pid"
wait "$kiosk_pid"
code=$?
kiosk_pid=""
((code == 0)) || fail "kiosk exited with $code after SIGTERM"
exit 0
