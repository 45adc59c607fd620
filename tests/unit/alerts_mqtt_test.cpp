// Push over MQTT against a real Mosquitto: retained alerts reach terminals that connect
// later, live ones reach those connected, cleared ones reach nobody, a subscriber comes back
// by itself after the broker restarts, oversized payloads are dropped; over TLS with the
// city's CA and with passwords, a wrong CA or password is refused with one log line and
// retried until the broker is fixed; and the pieces that need no broker (broker URLs, the
// signed frame, topics).

#include "../support/mosquitto_broker.h"
#include "../support/nginx_server.h"
#include "../support/test_certificates.h"
#include "bundle_test_support.h"
#include "player/alerts/mqtt_link.h"

#include <doctest/doctest.h>

#include <cerrno>
#include <chrono>
#include <condition_variable>
#include <csignal>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <unistd.h>
#include <utility>
#include <vector>

using namespace kiosk;
using namespace kiosk::alerts;

namespace {

using Clock = std::chrono::steady_clock;
// Far more than anything here needs on a quiet machine (milliseconds), for a loaded one.
constexpr auto kWait = std::chrono::seconds(20);
// A reconnect after a broker restart: the back-off is 1 s, 2 s, 4 s, ... so even a broker
// that takes a few seconds to come back is reached well within this.
constexpr auto kReconnectWait = std::chrono::seconds(70);

// Polls `done` every 10 ms until it holds or `timeout` passes: a bounded wait for a state
// that no callback announces (connected()), not a delay.
template <typename F> bool eventually(F done, Clock::duration timeout = kWait) {
    const auto deadline = Clock::now() + timeout;
    while (Clock::now() < deadline) {
        if (done()) return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return done();
}

// What a subscriber received and logged, filled on libmosquitto's thread; the test thread
// waits on the condition variable with a deadline.
class Inbox {
  public:
    MqttSubscriber::OnMessage handler() {
        return [this](const std::string& topic, std::string payload) {
            std::lock_guard lock(m_mutex);
            m_messages.emplace_back(topic, std::move(payload));
            m_changed.notify_all();
        };
    }
    MqttSubscriber::Log logger() {
        return [this](const std::string& line) {
            std::lock_guard lock(m_mutex);
            m_log.push_back(line);
            m_changed.notify_all();
        };
    }

    // The first payload received on `topic`, waiting up to `timeout` for it.
    std::optional<std::string> wait_for(const std::string& topic, Clock::duration timeout = kWait) {
        std::unique_lock lock(m_mutex);
        std::optional<std::string> found;
        m_changed.wait_until(lock, Clock::now() + timeout, [&] {
            for (const auto& [t, payload] : m_messages)
                if (t == topic) {
                    found = payload;
                    return true;
                }
            return false;
        });
        return found;
    }
    size_t count(const std::string& topic) const {
        std::lock_guard lock(m_mutex);
        size_t n = 0;
        for (const auto& message : m_messages)
            n += message.first == topic;
        return n;
    }
    size_t log_count(const std::string& part) const {
        std::lock_guard lock(m_mutex);
        size_t n = 0;
        for (const auto& line : m_log)
            n += line.find(part) != std::string::npos;
        return n;
    }
    std::string log_text() const {
        std::lock_guard lock(m_mutex);
        std::string text;
        for (const auto& line : m_log)
            text += line + "\n";
        return text;
    }

  private:
    mutable std::mutex m_mutex;
    std::condition_variable m_changed;
    std::vector<std::pair<std::string, std::string>> m_messages;
    std::vector<std::string> m_log;
};

MqttEndpoint endpoint_of(const test::MosquittoBroker& broker) {
    auto endpoint = parse_broker_url(broker.url());
    REQUIRE_MESSAGE(endpoint.ok(), endpoint.error().describe());
    return *endpoint;
}

std::unique_ptr<MqttSubscriber> subscribe(const MqttEndpoint& endpoint, const std::string& filter,
                                          const std::string& client_id, Inbox& inbox,
                                          const std::string& ca_file = "",
                                          const MqttLogin& login = {}) {
    auto subscriber = MqttSubscriber::start(endpoint, filter, client_id, inbox.handler(),
                                            inbox.logger(), ca_file, login);
    REQUIRE_MESSAGE(subscriber.ok(), subscriber.error().describe());
    return std::move(subscriber).value();
}

void publish(const MqttEndpoint& endpoint, const std::string& topic, std::string_view payload,
             bool retain, const std::string& ca_file = "", const MqttLogin& login = {}) {
    auto published = mqtt_publish(endpoint, topic, payload, retain, 10, ca_file, login);
    REQUIRE_MESSAGE(published.ok(), published.error().describe());
}

const std::string kSignature = [] {
    std::string hex;
    for (int i = 0; i < 8; ++i)
        hex += "0123456789abcdef";
    return hex;
}();

std::string client_id(const std::string& name) {
    return "kiosk-test-" + name + "-" + std::to_string(::getpid());
}

// How many times `part` occurs in `text` (connection attempts in the broker's log).
size_t occurrences(const std::string& text, const std::string& part) {
    size_t n = 0;
    for (size_t at = text.find(part); at != std::string::npos; at = text.find(part, at + 1))
        ++n;
    return n;
}

// How many connections the broker has accepted (refused later or not) since `before`, the
// count at some earlier point: the fixture's own readiness probe may be among the first.
size_t connections_since(const test::MosquittoBroker& broker, size_t before) {
    return occurrences(broker.log(), "New connection from") - before;
}
size_t connections(const test::MosquittoBroker& broker) {
    return connections_since(broker, 0);
}

// A CA of the test's own (not the broker's) in `dir`, with a certificate for the broker's
// address signed by it: dir/ca.pem, dir/broker.pem, dir/broker.key.
void make_other_ca(const bundle::test::TempDir& dir) {
    std::string error;
    REQUIRE_MESSAGE(test::make_test_ca(dir.path(), &error), error);
    REQUIRE_MESSAGE(test::make_test_certificate(dir.path(), "broker",
                                                {"IP:127.0.0.1", "DNS:localhost"}, &error),
                    error);
}

const MqttLogin kTerminalLogin{"terminal-7", "correct horse"};

} // namespace

TEST_CASE("mqtt: parse_broker_url takes mqtt:// and mqtts:// and refuses the rest") {
    auto plain = parse_broker_url("mqtt://broker.city.example");
    REQUIRE(plain.ok());
    CHECK(plain->host == "broker.city.example");
    CHECK(plain->port == 1883);
    CHECK_FALSE(plain->tls);

    auto tls = parse_broker_url("mqtts://broker.city.example");
    REQUIRE(tls.ok());
    CHECK(tls->port == 8883);
    CHECK(tls->tls);

    auto ported = parse_broker_url("MQTT://10.0.0.5:1884/");
    REQUIRE(ported.ok());
    CHECK(ported->host == "10.0.0.5");
    CHECK(ported->port == 1884);

    auto v6 = parse_broker_url("mqtts://[::1]:8884");
    REQUIRE(v6.ok());
    CHECK(v6->host == "::1");
    CHECK(v6->port == 8884);
    CHECK(v6->tls);
    CHECK(describe(*v6) == "mqtts://[::1]:8884");

    for (const char* bad : {"",
                            "broker.city.example",
                            "http://broker",
                            "tcp://broker:1883",
                            "mqtt:/broker",
                            "mqtt://",
                            "mqtt://:1883",
                            "mqtt://broker:",
                            "mqtt://broker:0",
                            "mqtt://broker:65536",
                            "mqtt://broker:12a",
                            "mqtt://broker:123456",
                            "mqtt://user@broker",
                            "mqtt://broker/alerts",
                            "mqtt://broker:1883/alerts",
                            "mqtt://broker?x=1",
                            "mqtt://[::1",
                            "mqtt://[]:1883",
                            "mqtt://[::1]x",
                            "mqtt://bro ker"}) {
        CAPTURE(bad);
        auto refused = parse_broker_url(bad);
        REQUIRE_FALSE(refused.ok());
        CHECK(refused.error().message.find("expected mqtt://host[:port] or mqtts://host[:port]") !=
              std::string::npos);
        CHECK(refused.error().message.find(std::string("\"") + bad + "\"") != std::string::npos);
    }
}

TEST_CASE("mqtt: frame_signed and split_signed round trip, malformed frames are refused") {
    const std::string cap = "<?xml version=\"1.0\"?>\n<alert>\r\n  <identifier>x</identifier>\n"
                            "</alert>\n";
    const std::string framed = frame_signed(kSignature, cap);
    CHECK(framed.size() == 128 + 1 + cap.size());
    auto split = split_signed(framed);
    REQUIRE_MESSAGE(split.ok(), split.error().describe());
    CHECK(split->first == kSignature);
    CHECK(split->second == cap); // byte for byte: newlines and CRs in the XML untouched

    const std::string at_limit(kMaxCapBytes, 'x');
    CHECK(split_signed(frame_signed(kSignature, at_limit)).ok());

    std::string upper = kSignature;
    upper[5] = 'A';
    struct Case {
        std::string payload;
        std::string says;
    };
    const Case refusals[] = {
        {"", "no signature line"},
        // No newline after the signature: the CAP's own first newline ends a long first line.
        {kSignature + cap, std::to_string(128 + cap.find('\n')) + " characters"},
        {kSignature, "no signature line"},
        {kSignature.substr(1) + "\n" + cap, "127 characters"},
        {kSignature + "0\n" + cap, "129 characters"},
        {kSignature + "\r\n" + cap, "129 characters"},
        {upper + "\n" + cap, "position 6"},
        {kSignature + "\n", "no CAP XML"},
        {frame_signed(kSignature, at_limit + "x"), "more than the limit"},
    };
    for (const auto& [payload, says] : refusals) {
        CAPTURE(says);
        auto refused = split_signed(payload);
        REQUIRE_FALSE(refused.ok());
        CHECK(refused.error().message.find(says) != std::string::npos);
    }
}

TEST_CASE("mqtt: alert_topic keeps identifiers inside one topic level") {
    CHECK(alert_topic("city/alerts", "JP-13103-2026-0001") == "city/alerts/JP-13103-2026-0001");
    CHECK(alert_topic("city/alerts/", "a/b+c#d e,f") == "city/alerts/a_b_c_d_e_f");
    CHECK(alert_topic("city/alerts", "") == "city/alerts/_");
    CHECK(alert_topic("city/alerts", "\xe5\x9c\xb0") == "city/alerts/___"); // 地: 3 bytes
}

TEST_CASE("mqtt: the broker fixture restarts on the same port and leaves nothing behind") {
    std::string error;
    pid_t first = -1;
    pid_t second = -1;
    {
        auto broker = test::MosquittoBroker::start(&error);
        REQUIRE_MESSAGE(broker, error);
        const int port = broker->port();
        first = broker->pid();
        REQUIRE_MESSAGE(broker->restart(&error), error);
        CHECK(broker->port() == port);
        second = broker->pid();
        CHECK(second != first);
        CHECK(broker->url() == "mqtt://127.0.0.1:" + std::to_string(port));
    }
    CHECK(::kill(first, 0) == -1);
    CHECK(::kill(second, 0) == -1);
}

TEST_CASE("mqtt: a retained alert reaches a subscriber that connects later") {
    std::string error;
    auto broker = test::MosquittoBroker::start(&error);
    REQUIRE_MESSAGE(broker, error);
    const MqttEndpoint endpoint = endpoint_of(*broker);
    const std::string topic = alert_topic("city/alerts", "JP-13103-2026-0001");
    const std::string payload = frame_signed(kSignature, "<alert>retained</alert>");
    publish(endpoint, topic, payload, true);

    Inbox inbox;
    auto subscriber = subscribe(endpoint, "city/alerts/#", client_id("retained"), inbox);
    auto received = inbox.wait_for(topic);
    REQUIRE_MESSAGE(received, (inbox.log_text() + broker->log()));
    CHECK(*received == payload);
    CHECK(inbox.log_count("connected to " + broker->url()) == 1);
    subscriber->stop();
    CHECK_FALSE(subscriber->connected());
    subscriber->stop(); // idempotent
}

TEST_CASE("mqtt: a live message reaches a subscribed client, on its topic only") {
    std::string error;
    auto broker = test::MosquittoBroker::start(&error);
    REQUIRE_MESSAGE(broker, error);
    const MqttEndpoint endpoint = endpoint_of(*broker);
    Inbox inbox;
    auto subscriber = subscribe(endpoint, "city/alerts/#", client_id("live"), inbox);
    REQUIRE_MESSAGE(eventually([&] { return subscriber->connected(); }),
                    (inbox.log_text() + broker->log()));

    publish(endpoint, "other-city/alerts/x", "not for us", false);
    const std::string payload = frame_signed(kSignature, "<alert>live</alert>");
    publish(endpoint, "city/alerts/live-1", payload, false);
    auto received = inbox.wait_for("city/alerts/live-1");
    REQUIRE_MESSAGE(received, (inbox.log_text() + broker->log()));
    CHECK(*received == payload);
    CHECK(inbox.count("other-city/alerts/x") == 0);
}

TEST_CASE("mqtt: a cleared retained message reaches no new subscriber") {
    std::string error;
    auto broker = test::MosquittoBroker::start(&error);
    REQUIRE_MESSAGE(broker, error);
    const MqttEndpoint endpoint = endpoint_of(*broker);
    publish(endpoint, "city/alerts/cancelled", frame_signed(kSignature, "<alert/>"), true);
    publish(endpoint, "city/alerts/cancelled", "", true); // clears it
    publish(endpoint, "city/alerts/marker", "still retained", true);

    Inbox inbox;
    auto subscriber = subscribe(endpoint, "city/alerts/#", client_id("cleared"), inbox);
    // The marker is retained like the cleared alert was, so it comes with the retained
    // messages of the subscription; a live message published once it is there comes after
    // every one of them (the broker keeps a client's QoS 1 messages in order).
    REQUIRE_MESSAGE(inbox.wait_for("city/alerts/marker"), (inbox.log_text() + broker->log()));
    publish(endpoint, "city/alerts/sentinel", "after the retained ones", false);
    REQUIRE_MESSAGE(inbox.wait_for("city/alerts/sentinel"), (inbox.log_text() + broker->log()));
    CHECK(inbox.count("city/alerts/cancelled") == 0);
}

TEST_CASE("mqtt: a subscriber reconnects by itself after the broker restarts") {
    std::string error;
    auto broker = test::MosquittoBroker::start(&error);
    REQUIRE_MESSAGE(broker, error);
    const MqttEndpoint endpoint = endpoint_of(*broker);
    Inbox inbox;
    auto subscriber = subscribe(endpoint, "city/alerts/#", client_id("reconnect"), inbox);
    REQUIRE_MESSAGE(eventually([&] { return subscriber->connected(); }),
                    (inbox.log_text() + broker->log()));

    REQUIRE_MESSAGE(broker->restart(&error), error);
    // Connected (and subscribed again) on the restarted broker: a second connect logged and
    // the subscription acknowledged after it (a lost connection clears connected()).
    REQUIRE_MESSAGE(
        eventually([&] { return inbox.log_count("connected to") >= 2 && subscriber->connected(); },
                   kReconnectWait),
        (inbox.log_text() + broker->log()));
    CHECK(inbox.log_count("lost the connection") >= 1);

    publish(endpoint, "city/alerts/after-restart", "live after the restart", false);
    auto received = inbox.wait_for("city/alerts/after-restart");
    REQUIRE_MESSAGE(received, (inbox.log_text() + broker->log()));
    CHECK(*received == "live after the restart");
}

TEST_CASE("mqtt: a subscriber started while the broker is down connects when it comes up") {
    std::string error;
    auto broker = test::MosquittoBroker::start(&error);
    REQUIRE_MESSAGE(broker, error);
    const MqttEndpoint endpoint = endpoint_of(*broker);
    broker->stop();
    Inbox inbox;
    auto subscriber = subscribe(endpoint, "city/alerts/#", client_id("late-broker"), inbox);
    CHECK_FALSE(subscriber->connected());
    REQUIRE_MESSAGE(broker->restart(&error), error);
    REQUIRE_MESSAGE(eventually([&] { return subscriber->connected(); }, kReconnectWait),
                    (inbox.log_text() + broker->log()));
    publish(endpoint, "city/alerts/first", "hello", false);
    REQUIRE_MESSAGE(inbox.wait_for("city/alerts/first"), (inbox.log_text() + broker->log()));
}

TEST_CASE("mqtt: QoS 1 messages sent while a terminal was away arrive when it comes back") {
    std::string error;
    auto broker = test::MosquittoBroker::start(&error);
    REQUIRE_MESSAGE(broker, error);
    const MqttEndpoint endpoint = endpoint_of(*broker);
    const std::string id = client_id("away");
    {
        Inbox inbox;
        auto subscriber = subscribe(endpoint, "city/alerts/#", id, inbox);
        REQUIRE_MESSAGE(eventually([&] { return subscriber->connected(); }),
                        (inbox.log_text() + broker->log()));
    } // gone: the broker keeps its session (clean_session=false) and queues for it
    publish(endpoint, "city/alerts/while-away", "queued", false);

    Inbox inbox;
    auto subscriber = subscribe(endpoint, "city/alerts/#", id, inbox);
    auto received = inbox.wait_for("city/alerts/while-away");
    REQUIRE_MESSAGE(received, (inbox.log_text() + broker->log()));
    CHECK(*received == "queued");
    CHECK(inbox.log_count("(session resumed)") == 1);
}

TEST_CASE("mqtt: a payload over the limit is dropped with a log line") {
    std::string error;
    auto broker = test::MosquittoBroker::start(&error);
    REQUIRE_MESSAGE(broker, error);
    const MqttEndpoint endpoint = endpoint_of(*broker);
    Inbox inbox;
    auto subscriber = subscribe(endpoint, "city/alerts/#", client_id("big"), inbox);
    REQUIRE_MESSAGE(eventually([&] { return subscriber->connected(); }),
                    (inbox.log_text() + broker->log()));

    publish(endpoint, "city/alerts/too-big", std::string(kMaxMqttPayloadBytes + 1, 'x'), false);
    publish(endpoint, "city/alerts/at-limit", std::string(kMaxMqttPayloadBytes, 'x'), false);
    // One publisher after the other, so the broker queued them in this order.
    auto at_limit = inbox.wait_for("city/alerts/at-limit");
    REQUIRE_MESSAGE(at_limit, (inbox.log_text() + broker->log()));
    CHECK(at_limit->size() == kMaxMqttPayloadBytes);
    CHECK(inbox.count("city/alerts/too-big") == 0);
    CHECK(inbox.log_count("dropped a message of " + std::to_string(kMaxMqttPayloadBytes + 1) +
                          " bytes on city/alerts/too-big") == 1);
}

TEST_CASE("mqtt: publishing fails within its timeout when no broker answers") {
    std::string error;
    auto broker = test::MosquittoBroker::start(&error);
    REQUIRE_MESSAGE(broker, error);
    const MqttEndpoint endpoint = endpoint_of(*broker);
    broker->stop(); // nobody listens on that port now

    const auto started = Clock::now();
    auto published = mqtt_publish(endpoint, "city/alerts/x", "payload", true, 2);
    REQUIRE_FALSE(published.ok());
    CHECK(Clock::now() - started < std::chrono::seconds(5));
    CHECK(published.error().message.find(broker->url()) != std::string::npos);

    CHECK_FALSE(mqtt_publish(endpoint, "city/alerts/#", "x", false, 2).ok()); // a wildcard
    CHECK_FALSE(MqttSubscriber::start(endpoint, "city/#/x", "id", nullptr, nullptr).ok());
    CHECK_FALSE(MqttSubscriber::start(endpoint, "city/#", "", nullptr, nullptr).ok());
}

TEST_CASE("mqtt: over mqtts with the city's CA, publish and subscribe work") {
    std::string error;
    test::MosquittoOptions options;
    options.tls = true;
    auto broker = test::MosquittoBroker::start(options, &error);
    REQUIRE_MESSAGE(broker, error);
    REQUIRE(broker->url().starts_with("mqtts://127.0.0.1:"));
    const std::string ca = broker->ca_file().string();
    REQUIRE_FALSE(ca.empty());
    const MqttEndpoint endpoint = endpoint_of(*broker);
    REQUIRE(endpoint.tls);

    const std::string payload = frame_signed(kSignature, "<alert>over tls</alert>");
    publish(endpoint, "city/alerts/tls-retained", payload, true, ca);
    Inbox inbox;
    auto subscriber = subscribe(endpoint, "city/alerts/#", client_id("tls"), inbox, ca);
    auto retained = inbox.wait_for("city/alerts/tls-retained");
    REQUIRE_MESSAGE(retained, (inbox.log_text() + broker->log()));
    CHECK(*retained == payload);
    REQUIRE_MESSAGE(eventually([&] { return subscriber->connected(); }),
                    (inbox.log_text() + broker->log()));
    publish(endpoint, "city/alerts/tls-live", "live over tls", false, ca);
    auto live = inbox.wait_for("city/alerts/tls-live");
    REQUIRE_MESSAGE(live, (inbox.log_text() + broker->log()));
    CHECK(*live == "live over tls");
    CHECK(inbox.log_count("connected to " + broker->url()) == 1);
}

TEST_CASE("mqtt: with the wrong CA a subscriber never connects and says why once") {
    std::string error;
    test::MosquittoOptions options;
    options.tls = true;
    auto broker = test::MosquittoBroker::start(options, &error);
    REQUIRE_MESSAGE(broker, error);
    bundle::test::TempDir other;
    make_other_ca(other);
    const MqttEndpoint endpoint = endpoint_of(*broker);
    const std::string wrong_ca = (other / "ca.pem").string();

    Inbox inbox;
    const size_t before = connections(*broker);
    auto subscriber = subscribe(endpoint, "city/alerts/#", client_id("wrong-ca"), inbox, wrong_ca);
    // Three attempts (the first at once, then after 1 s and 2 s), one line.
    REQUIRE_MESSAGE(
        eventually([&] { return connections_since(*broker, before) >= 3; }, kReconnectWait),
        (inbox.log_text() + broker->log()));
    CHECK_FALSE(subscriber->connected());
    CHECK(inbox.log_count("connected to") == 0);
    CHECK_MESSAGE(inbox.log_count("certificate verify failed") == 1, inbox.log_text());
    CHECK_MESSAGE(inbox.log_count(broker->url()) == 1, inbox.log_text());

    // The publisher is refused as clearly, at once rather than at its timeout.
    const auto started = Clock::now();
    auto published = mqtt_publish(endpoint, "city/alerts/x", "x", false, 10, wrong_ca);
    REQUIRE_FALSE(published.ok());
    CHECK(Clock::now() - started < std::chrono::seconds(5));
    CHECK_MESSAGE(published.error().message.find("certificate verify failed") != std::string::npos,
                  published.error().message);
}

TEST_CASE("mqtt: a subscriber refused for its password logs the broker's reason once") {
    std::string error;
    test::MosquittoOptions options;
    options.users = {{kTerminalLogin.username, kTerminalLogin.password}};
    auto broker = test::MosquittoBroker::start(options, &error);
    REQUIRE_MESSAGE(broker, error);
    const MqttEndpoint endpoint = endpoint_of(*broker);

    const size_t before = connections(*broker);
    Inbox refused;
    auto wrong = subscribe(endpoint, "city/alerts/#", client_id("wrong-password"), refused, "",
                           {kTerminalLogin.username, "wrong"});
    Inbox anonymous;
    auto nobody = subscribe(endpoint, "city/alerts/#", client_id("anonymous"), anonymous);
    // Each tries at once, after 1 s and after 2 s more: six attempts, two lines.
    REQUIRE_MESSAGE(
        eventually([&] { return connections_since(*broker, before) >= 6; }, kReconnectWait),
        (refused.log_text() + broker->log()));
    CHECK_FALSE(wrong->connected());
    CHECK_FALSE(nobody->connected());
    // mosquitto_connack_string(5): the broker's reason, in its CONNACK.
    CHECK_MESSAGE(refused.log_count(broker->url() + " refused the connection: Connection Refused: "
                                                    "not authorised") == 1,
                  refused.log_text());
    CHECK_MESSAGE(refused.log_count("refused") == 1, refused.log_text());
    CHECK_MESSAGE(anonymous.log_count("not authorised") == 1, anonymous.log_text());

    // The right password gets in, for the publisher as for a subscriber.
    Inbox inbox;
    auto right = subscribe(endpoint, "city/alerts/#", client_id("right-password"), inbox, "",
                           kTerminalLogin);
    REQUIRE_MESSAGE(eventually([&] { return right->connected(); }),
                    (inbox.log_text() + broker->log()));
    publish(endpoint, "city/alerts/with-password", "hello", false, "", kTerminalLogin);
    REQUIRE_MESSAGE(inbox.wait_for("city/alerts/with-password"),
                    (inbox.log_text() + broker->log()));
    auto anonymous_publish = mqtt_publish(endpoint, "city/alerts/x", "x", false, 10);
    REQUIRE_FALSE(anonymous_publish.ok());
    CHECK(anonymous_publish.error().message.find("not authorised") != std::string::npos);

    // stop() ends a back-off wait and a live connection alike at once, not after a timeout.
    for (MqttSubscriber* subscriber : {wrong.get(), right.get()}) {
        const auto stopping = Clock::now();
        subscriber->stop();
        CHECK(Clock::now() - stopping < std::chrono::milliseconds(500));
        CHECK_FALSE(subscriber->connected());
    }
    CHECK(inbox.log_count("disconnected from " + broker->url()) == 1);
}

TEST_CASE("mqtt: a subscriber refused for its password connects once the broker takes it") {
    std::string error;
    test::MosquittoOptions options;
    options.users = {{kTerminalLogin.username, "the old password"}};
    auto broker = test::MosquittoBroker::start(options, &error);
    REQUIRE_MESSAGE(broker, error);
    const MqttEndpoint endpoint = endpoint_of(*broker);
    Inbox inbox;
    auto subscriber = subscribe(endpoint, "city/alerts/#", client_id("password-fixed"), inbox, "",
                                kTerminalLogin);
    REQUIRE_MESSAGE(eventually([&] { return inbox.log_count("not authorised") == 1; }),
                    (inbox.log_text() + broker->log()));

    // The operator fixes the password file and restarts the broker, at the same address.
    options.users = {{kTerminalLogin.username, kTerminalLogin.password}};
    REQUIRE_MESSAGE(broker->restart(options, &error), error);
    REQUIRE_MESSAGE(eventually([&] { return subscriber->connected(); }, kReconnectWait),
                    (inbox.log_text() + broker->log()));
    publish(endpoint, "city/alerts/after-fix", "pushed", false, "", kTerminalLogin);
    REQUIRE_MESSAGE(inbox.wait_for("city/alerts/after-fix"), (inbox.log_text() + broker->log()));
}

TEST_CASE("mqtt: a subscriber refused by TLS connects once the broker's certificate is fixed") {
    std::string error;
    test::MosquittoOptions options;
    options.tls = true; // a certificate of the fixture's CA, which the terminal does not trust
    auto broker = test::MosquittoBroker::start(options, &error);
    REQUIRE_MESSAGE(broker, error);
    bundle::test::TempDir city;
    make_other_ca(city);
    const MqttEndpoint endpoint = endpoint_of(*broker);
    const std::string city_ca = (city / "ca.pem").string();
    Inbox inbox;
    auto subscriber = subscribe(endpoint, "city/alerts/#", client_id("tls-fixed"), inbox, city_ca);
    REQUIRE_MESSAGE(eventually([&] { return inbox.log_count("certificate verify failed") == 1; }),
                    (inbox.log_text() + broker->log()));

    // The broker gets the certificate the city's CA signed.
    options.tls_certificate = city / "broker.pem";
    options.tls_key = city / "broker.key";
    REQUIRE_MESSAGE(broker->restart(options, &error), error);
    REQUIRE_MESSAGE(eventually([&] { return subscriber->connected(); }, kReconnectWait),
                    (inbox.log_text() + broker->log()));
    publish(endpoint, "city/alerts/after-fix", "pushed", false, city_ca);
    REQUIRE_MESSAGE(inbox.wait_for("city/alerts/after-fix"), (inbox.log_text() + broker->log()));
}

TEST_CASE("mqtt: stop() returns at once while a TLS handshake waits on a silent server") {
    for (const char* scheme : {"mqtt://", "mqtts://"}) {
        CAPTURE(scheme);
        std::string error;
        auto silent = test::SilentServer::start(&error); // completes TCP, never answers
        REQUIRE_MESSAGE(silent, error);
        auto endpoint =
            parse_broker_url(scheme + std::string("127.0.0.1:") + std::to_string(silent->port()));
        REQUIRE(endpoint.ok());
        Inbox inbox;
        const auto started = Clock::now();
        auto subscriber = subscribe(*endpoint, "city/alerts/#", client_id("silent"), inbox);
        CHECK(Clock::now() - started < std::chrono::milliseconds(500));
        // Connected over TCP, now waiting for the CONNACK or the TLS ServerHello.
        REQUIRE(eventually([&] { return silent->has_waiting_client(); }));
        const auto stopping = Clock::now();
        subscriber->stop();
        CHECK(Clock::now() - stopping < std::chrono::milliseconds(500));
        CHECK_FALSE(subscriber->connected());
        CHECK_MESSAGE(inbox.log_count("connected") == 0, inbox.log_text());
    }
}
