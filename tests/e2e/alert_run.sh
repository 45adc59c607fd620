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
kiosk=$1 png_diff=$2 bundle=$3
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
"$kiosk" bundle keygen -o "$out/stranger" >/dev/null || fail "keygen failed"
stamp() { date -u -d "$1" +%Y-%m-%dT%H:%M:%S-00:00; }
sent=$(stamp "now") expires=$(stamp "now + 2 hours")
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
  <info>
    <language>ja-JP</language>
    <category>Geo</category>
    <event>津波警報</event>
    <urgency>Immediate</urgency>
    <severity>Extreme</severity>
    <certainty>Observed</certainty>
    <expires>$expires</expires>
    <senderName>テスト市</senderName>
    <headline>沿岸に津波警報</headline>
    <description>試験のための警報です。</description>
    <instruction>ただちに高い所へ避難してください。</instruction>
    <area><areaDesc>テスト市</areaDesc></area>
  </info>
</alert>
XML
}
cap e2e-0 Alert "$sent" >"$out/alert.xml"
"$kiosk" alert check "$out/alert.xml" >"$out/check.log" 2>&1 || fail "alert check failed: $(cat "$out/check.log")"

# --- the kiosk ---------------------------------------------------------------------------
start_xvfb "$W" "$H" "$out/xvfb.log" || fail "could not start Xvfb"
xvfb_pid=$XVFB_PID
mkdir -p "$out/spool"
"$kiosk" run --no-signage --windowed --size "${W}x${H}" --bundle "$bundle" --alert-broker "$broker" \
  --alert-topic city/e2e --alert-spool "$out/spool" --alert-pubkey "$out/alert.pub" \
  >"$out/kiosk.log" 2>&1 &
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
# The visitor's screen before the alert, to compare with the one after the cancel: the
# clock masked (the minute may turn) and a 4x4 box downscale, as in procedure_flow.sh.
prepare() {
  convert "$1" -fill black -draw "rectangle $((W * 2 / 3)),0 $((W - 1)),$((H / 10 - 1))" \
    -filter box -resize 25% "PNG32:$2"
}
settled() {
  import -window "$window" -depth 8 "PNG32:$out/b.png" 2>>"$out/import.log" || return 1
  if [[ -f "$out/a.png" ]] && "$png_diff" "$out/a.png" "$out/b.png" --tolerance 0 --max-differing 0 >/dev/null 2>&1; then
    return 0
  fi
  mv "$out/b.png" "$out/a.png"
  return 1
}
poll 150 settled || fail "the home screen did not settle"
prepare "$out/b.png" "$out/before.small.png"

# Signed by a key the kiosk does not trust: refused, logged, the screen unchanged.
"$kiosk" alert send "$out/alert.xml" --broker "$broker" --topic city/e2e --key "$out/stranger.key" \
  >"$out/send.log" 2>&1 || fail "sending the forged alert failed: $(cat "$out/send.log")"
refused() { grep -q "refused" "$out/kiosk.log"; }
poll 150 refused || fail "the kiosk did not log the forged alert as refused (see $out/kiosk.log)"
alert_gone || fail "a forged alert took over the screen"

# Timed rounds: ROUNDS alerts over MQTT, then SPOOL_ROUNDS dropped into the spool folder
# (bench/alerts/run.sh asks for 20 of each); each ends with its Cancel, and the screen
# must come back exactly as it was.
back() {
  import -window "$window" -depth 8 "PNG32:$out/after.png" 2>>"$out/import.log" &&
    prepare "$out/after.png" "$out/after.small.png" &&
    "$png_diff" "$out/before.small.png" "$out/after.small.png" --tolerance 72 --max-differing 0.4% >/dev/null 2>&1
}
latencies=()
round() { # round N mqtt|spool
  local id=e2e-$1 sent_n cancel_sent
  sent_n=$(stamp "now")
  cancel_sent=$(stamp "now + 1 second")
  cap "$id" Alert "$sent_n" >"$out/$id.xml"
  cap "$id-cancel" Cancel "$cancel_sent" "e2e.city.example,$id,$sent_n" >"$out/$id-cancel.xml"
  if [[ $2 == spool ]]; then
    "$kiosk" alert sign "$out/$id.xml" --key "$out/alert.key" >/dev/null || fail "alert sign failed"
    "$kiosk" alert sign "$out/$id-cancel.xml" --key "$out/alert.key" >/dev/null || fail "alert sign failed"
    cp "$out/$id.xml.sig" "$out/spool/$id.xml.sig"
  fi
  local t0 t1
  t0=$(now_us)
  if [[ $2 == spool ]]; then
    mv "$out/$id.xml" "$out/spool/$id.xml" # a rename: the spool never sees half a file
  else
    "$kiosk" alert send "$out/$id.xml" --broker "$broker" --topic city/e2e --key "$out/alert.key" \
      >"$out/send.log" 2>&1 || fail "alert send failed: $(cat "$out/send.log")"
  fi
  poll 150 alert_shown || { cp "$out/now.png" "$out/failed-alert.png"; fail "alert $id ($2) did not take over the screen within 15 s"; }
  t1=$(now_us)
  latencies+=($(((t1 - t0) / 1000)))
  cp "$out/now.png" "$out/alert-shown.png"
  if [[ $2 == spool ]]; then
    cp "$out/$id-cancel.xml.sig" "$out/spool/$id-cancel.xml.sig"
    mv "$out/$id-cancel.xml" "$out/spool/$id-cancel.xml"
  else
    "$kiosk" alert send "$out/$id-cancel.xml" --broker "$broker" --topic city/e2e --key "$out/alert.key" \
      >>"$out/send.log" 2>&1 || fail "sending the cancel failed: $(cat "$out/send.log")"
  fi
  poll 150 alert_gone || fail "the cancel of $id did not end the alert within 15 s"
  poll 100 back || fail "the screen after the cancel of $id is not the one before (see $out/after.png)"
}
summary() { # summary NAME: median and worst of $latencies
  local sorted
  sorted=$(printf '%s\n' "${latencies[@]}" | sort -n)
  echo "$1_ms: median $(echo "$sorted" | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}') worst $(echo "$sorted" | tail -1) over ${#latencies[@]} (includes this script's screenshot poll, 0.1 s steps)"
}
for ((i = 1; i <= ${ROUNDS:-1}; i++)); do round "$i" mqtt; done
summary alert_send_to_screen
latencies=()
for ((i = 1; i <= ${SPOOL_ROUNDS:-1}; i++)); do round "s$i" spool; done
summary spool_drop_to_screen
echo "PASS: a forged alert changed nothing; signed alerts (MQTT and spool) took over the screen; each cancel brought the previous screen back"

kill -TERM "$kiosk_pid"
wait "$kiosk_pid"
code=$?
kiosk_pid=""
((code == 0)) || fail "kiosk exited with $code after SIGTERM"
exit 0
