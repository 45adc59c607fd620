#pragma once
// Push over MQTT: how a signed CAP alert reaches every terminal of a city within a second
// through a broker (Mosquitto in the tests; any MQTT 3.1.1 broker in the field), over
// libmosquitto. docs/ALERTS.md, "Push over MQTT", is the operator's view of the same.
//
// Wire format. One MQTT message carries one alert: the detached Ed25519 signature as 128
// lowercase hex digits, one '\n', then the exact CAP XML bytes the signature covers:
//
//     3f9a...(128 hex digits)\n<?xml version="1.0" encoding="UTF-8"?><alert ...>...</alert>
//
// frame_signed() builds it, split_signed() takes it apart and refuses anything else. This
// file does not verify the signature nor parse the CAP: the receiver does both (the bytes
// are untrusted until then).
//
// Topics. Alerts are published retained to `<base>/<identifier>` (alert_topic(): characters
// unsafe in a topic replaced by '_'), so a terminal that (re)connects gets every alert in
// force at once; terminals subscribe to `<base>/#`. A Cancel is published, not retained, to
// its own `<base>/<identifier>`, and the retained messages of the alerts it references are
// cleared (an empty retained payload), so a terminal that connects later sees neither.
//
// Threading. mqtt_publish() runs its client on its caller's thread and blocks it (up to its
// timeout); it may run on any thread. An MqttSubscriber runs on a thread of its own (not
// libmosquitto's mosquitto_loop_start(), whose thread ends for good on a TLS error):
// `on_message` and `log` are called on that thread, one call at a time, and must not block
// for long nor call stop(). start(), stop() and the destructor belong to one owner thread;
// connected() may be called from any thread. After stop() returns no callback runs.

#include "player/alerts/cap_alert.h"
#include "player/core/result.h"

#include <cstddef>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>

namespace kiosk::alerts {

// A payload larger than this is dropped by the subscriber (a CAP document at its limit plus
// the signature line, with room to spare).
inline constexpr size_t kMaxMqttPayloadBytes = kMaxCapBytes + 4096;
inline constexpr size_t kSignatureHexDigits = 128; // an Ed25519 signature, 64 bytes

struct MqttEndpoint {
    std::string host; // a name, an IPv4 address or an IPv6 address (without brackets)
    int port = 1883;
    bool tls = false;
};

// Who the client is to a broker that asks for a password (Mosquitto's password_file). An
// empty username sends none (an anonymous client). Not part of the broker URL: it would end
// up in logs. Over mqtt:// (no TLS) the password crosses the network in clear text.
struct MqttLogin {
    std::string username;
    std::string password;
};

// The login of a terminal or a staff tool: `username` with the password kept in its own
// file (readable by the kiosk's user only; one line, a final newline ignored, at most 1 KiB),
// so it stays out of the configuration, the command line and the process list. An empty
// username means anonymous (no file is read). Errors name the file.
Result<MqttLogin> read_mqtt_login(std::string username, const std::filesystem::path& password_file);

// "mqtt://host[:port]" (1883 by default) or "mqtts://host[:port]" (TLS, 8883 by default);
// IPv6 addresses in brackets ("mqtt://[::1]:1884"); one trailing '/' is tolerated. Anything
// else (a path, user info, a query, another scheme, a port out of range) is refused with a
// message that quotes the URL and shows the expected form.
Result<MqttEndpoint> parse_broker_url(std::string_view url);
// "mqtt://host:port" / "mqtts://host:port", for log lines and messages.
std::string describe(const MqttEndpoint& broker);

// Publishes `payload` to `topic` with QoS 1 and returns once the broker acknowledged it
// (PUBACK), or fails when that did not happen within `timeout_s` (connect, TLS handshake and
// acknowledgement together; a name lookup may take longer, libmosquitto resolves names
// synchronously). retain=true with an empty payload clears the retained message of `topic`.
// A connection refused by the broker (CONNACK) or a failed TLS handshake fails at once with
// the reason (the broker's, OpenSSL's).
// `ca_file`: the CA bundle for mqtts (empty: the system's CAs); the broker's name is always
// verified. Note kiosk::Status: alerts::Status is CAP's <status>.
kiosk::Status mqtt_publish(const MqttEndpoint& broker, const std::string& topic,
                           std::string_view payload, bool retain, int timeout_s = 10,
                           const std::string& ca_file = "", const MqttLogin& login = {});

// Subscribes to `topic_filter` with QoS 1, clean_session=false and the stable `client_id`
// (the terminal's id), so the broker keeps the session and queues QoS 1 messages while the
// terminal is briefly away. Connects by itself, and after any failure tries again with a
// back-off of 1 s, doubled after each failure up to 60 s, back to 1 s once a connection has
// held for 10 s: a broker that is down or unreachable, a TLS handshake that fails (a
// certificate the terminal does not trust, a name that does not match), a refused password,
// a lost connection. So a broker misconfigured for a while is reached once it is fixed,
// without restarting the terminal. It subscribes again on every connect (a broker restarted
// without persistence has forgotten the session), and the broker then sends the retained
// messages again: receivers must take a message they already have in their stride (QoS 1 is
// "at least once" anyway). Each message goes to on_message(topic, payload); a payload over
// kMaxMqttPayloadBytes is dropped with a log line, an empty one (a retained message being
// cleared) is dropped silently. `log` gets one line per connect, one for stop()'s disconnect,
// one per lost connection, and one per failed attempt whose reason differs from the previous
// failure's (a broker refusing a password every minute for a day logs one line, not 1,440);
// the line names the broker and the reason (the broker's CONNACK reason, the OpenSSL error,
// the system error). A refused subscription is logged too.
class MqttSubscriber {
  public:
    using OnMessage = std::function<void(const std::string& topic, std::string payload)>;
    using Log = std::function<void(const std::string& line)>;

    // Fails only on bad arguments (an invalid topic filter or client id, a CA file that
    // cannot be used): a broker that is down at start is retried like a lost connection.
    static Result<std::unique_ptr<MqttSubscriber>>
    start(const MqttEndpoint& broker, std::string topic_filter, std::string client_id,
          OnMessage on_message, Log log, const std::string& ca_file = "",
          const MqttLogin& login = {});
    ~MqttSubscriber(); // stop()
    MqttSubscriber(const MqttSubscriber&) = delete;
    MqttSubscriber& operator=(const MqttSubscriber&) = delete;

    // Disconnects, stops the client's thread (woken and joined, not cancelled, also in the
    // middle of a back-off wait) and frees the client. Idempotent. While the thread is inside
    // a connect call that blocks (a name lookup; libmosquitto may also complete a TLS
    // handshake there) this waits for that call to end.
    void stop();
    // Connected and subscribed (the broker acknowledged the subscription): messages flow.
    bool connected() const;

    struct Impl; // the libmosquitto client and its state; mqtt_link.cpp

  private:
    explicit MqttSubscriber(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> m_impl;
};

// The MQTT payload for a signature (128 lowercase hex digits) and the CAP bytes it covers.
// No checks: split_signed() is where frames are judged.
std::string frame_signed(std::string_view sig_hex, std::string_view cap_bytes);
// (sig_hex, cap_bytes) of a payload made by frame_signed(). Refuses, with a message saying
// why: a first line that is not exactly 128 lowercase hex digits followed by '\n', empty CAP
// bytes, CAP bytes over kMaxCapBytes.
Result<std::pair<std::string, std::string>> split_signed(std::string_view payload);

// `<base>/<identifier>` with every byte of the identifier outside [A-Za-z0-9._-] (the MQTT
// wildcards '+' and '#', the level separator '/', spaces, non-ASCII) replaced by '_';
// trailing '/' of `base` are dropped; an empty identifier becomes "_". Two identifiers that
// differ only in such characters share a topic (CAP identifiers in practice are like
// "JP-13103-2026-0001").
std::string alert_topic(std::string_view base, std::string_view identifier);

} // namespace kiosk::alerts
