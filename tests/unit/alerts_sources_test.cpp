// Alerts from outside the bundle: only signed ones are shown. The spool folder (inotify),
// MQTT push through a real Mosquitto broker into the AlertService, and the staff tools
// `kiosk alert sign|check|send`.

#include "../support/mosquitto_broker.h"
#include "../support/nginx_server.h"
#include "alerts_test_support.h"
#include "bundle_test_support.h"
#include "kiosk/app/alert_service.h"
#include "kiosk_process_support.h"
#include "player/alerts/alert_spool.h"
#include "player/alerts/mqtt_link.h"
#include "player/alerts/signed_alert.h"

#include <doctest/doctest.h>

#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <mutex>
#include <sys/wait.h>
#include <thread>

using namespace kiosk;
using namespace kiosk::bundle::test;

namespace {

const std::string kCapDir = std::string(KIOSK_TEST_DATA) + "/data/cap/";

std::string cap_bytes(const std::string& name) {
    return read_file(kCapDir + name);
}

using alerts::test::Inbox;
using alerts::test::Keys;
using test::Run;
using test::run_kiosk;

} // namespace

TEST_CASE("alerts: a network alert is shown only with a valid signature from an alert key") {
    Keys keys, other;
    const std::string bytes = cap_bytes("earthquake-tsunami.xml");
    const std::string sig = keys.sign(bytes);
    auto good = alerts::accept_signed(bytes, sig, {other.key, keys.key}, "feed");
    REQUIRE_MESSAGE(good.ok(), good.error().describe());
    CHECK(good->sender == "jma.go.jp");

    std::string tampered = bytes;
    tampered[tampered.find("Miyagi")] = 'N';
    for (auto refused : {alerts::accept_signed(tampered, sig, {keys.key}, "feed"),
                         alerts::accept_signed(bytes, sig, {other.key}, "feed"),
                         alerts::accept_signed(bytes, sig, {}, "feed"),
                         alerts::accept_signed(bytes, "not a signature", {keys.key}, "feed")}) {
        REQUIRE_FALSE(refused.ok());
        CHECK(refused.error().describe().starts_with("feed: "));
    }
    CHECK(alerts::accept_signed(tampered, sig, {keys.key}, "feed")
              .error()
              .describe()
              .find("forged or changed") != std::string::npos);
}

TEST_CASE("alerts: the spool folder hands on signed alerts, refuses forged ones") {
    Keys keys;
    TempDir spool;
    fs::create_directories(spool / "in");
    const std::string first = cap_bytes("earthquake-tsunami.xml");
    // Present before the watch starts: read at start.
    write_file(spool / "in/first.xml", first);
    write_file(spool / "in/first.xml.sig", keys.sign(first));
    Inbox inbox;
    auto watcher = alerts::AlertSpool::start(
        spool / "in", {keys.key},
        [&](alerts::CapAlert alert, const std::string&) { inbox.add_alert(alert); },
        [&](const std::string& line) { inbox.add_log(line); });
    REQUIRE_MESSAGE(watcher.ok(), watcher.error().describe());
    REQUIRE(inbox.wait([&] { return inbox.ids.size() == 1; }));

    // Arriving later, signature first, each renamed into place as a receiver would.
    const std::string update = cap_bytes("earthquake-tsunami-update.xml");
    write_file(spool / "tmp.sig", keys.sign(update));
    fs::rename(spool / "tmp.sig", spool / "in/update.xml.sig");
    write_file(spool / "tmp.xml", update);
    fs::rename(spool / "tmp.xml", spool / "in/update.xml");
    REQUIRE(inbox.wait([&] { return inbox.ids.size() == 2; }));

    // Forged: the bytes changed after signing.
    std::string forged = cap_bytes("earthquake-tsunami-cancel.xml");
    const std::string forged_sig = keys.sign(forged);
    forged[forged.find("Miyagi")] = 'N';
    write_file(spool / "in/forged.xml.sig", forged_sig);
    write_file(spool / "tmp.xml", forged);
    fs::rename(spool / "tmp.xml", spool / "in/forged.xml");
    REQUIRE(inbox.wait([&] {
        for (const auto& line : inbox.log)
            if (line.find("forged.xml") != std::string::npos) return true;
        return false;
    }));
    (*watcher)->stop();
    CHECK(inbox.ids.size() == 2);
    bool named = false;
    for (const auto& line : inbox.log)
        if (line.find("forged.xml") != std::string::npos &&
            line.find("refused") != std::string::npos)
            named = true;
    CHECK(named);
}

TEST_CASE("alerts: MQTT push reaches the kiosk's alert service, signed alerts only") {
    std::string error;
    auto broker = test::MosquittoBroker::start(&error);
    REQUIRE_MESSAGE(broker, error);
    Keys keys, stranger;
    Inbox inbox;
    app::AlertSources sources;
    sources.keys = {keys.key};
    sources.broker_url = broker->url();
    sources.topic = "city/test/alerts";
    sources.client_id = "kiosk-test-terminal";
    app::AlertService service(
        sources, [&] { inbox.cv.notify_all(); },
        [&](const std::string& line) { inbox.add_log(line); });
    service.start();
    auto endpoint = alerts::parse_broker_url(broker->url());
    REQUIRE(endpoint.ok());
    const std::string bytes = cap_bytes("earthquake-tsunami.xml");
    // A forged one first (signed by a stranger), then the real one. Both retained: the
    // service subscribes on its own thread, and may do so after they were published.
    REQUIRE(alerts::mqtt_publish(*endpoint, "city/test/alerts/forged",
                                 alerts::frame_signed(stranger.sign(bytes), bytes), true)
                .ok());
    REQUIRE(alerts::mqtt_publish(*endpoint, "city/test/alerts/real",
                                 alerts::frame_signed(keys.sign(bytes), bytes), true)
                .ok());
    std::vector<alerts::CapAlert> received;
    // The broker sends retained messages in no promised order: wait for both outcomes.
    auto forged_refused = [&] {
        for (const auto& line : inbox.log)
            if (line.find("forged") != std::string::npos &&
                line.find("refused") != std::string::npos)
                return true;
        return false;
    };
    const bool arrived = inbox.wait([&] {
        for (auto& alert : service.take())
            received.push_back(std::move(alert));
        return !received.empty() && forged_refused();
    });
    service.stop();
    CHECK(arrived);
    REQUIRE(received.size() == 1);
    CHECK(received[0].sender == "jma.go.jp");
}

TEST_CASE("alerts: kiosk alert sign, check and send") {
    Keys keys;
    TempDir temp;
    const std::string file = (temp / "tsunami.xml").string();
    write_file(file, cap_bytes("earthquake-tsunami.xml"));
    const std::string key = (keys.dir / "alert.key").string();
    const std::string pub = (keys.dir / "alert.pub").string();

    Run sign = run_kiosk("alert sign '" + file + "' --key '" + key + "'");
    REQUIRE_MESSAGE(sign.exit_code == 0, sign.output);
    Run check = run_kiosk("alert check '" + file + "' --pubkey '" + pub + "'");
    CHECK_MESSAGE(check.exit_code == 0, check.output);
    CHECK(check.output.find("signature good") != std::string::npos);
    CHECK(check.output.find("[en-US] Tsunami Warning") != std::string::npos);

    std::string changed = read_file(file);
    changed[changed.find("Miyagi")] = 'N';
    write_file(file, changed);
    Run forged = run_kiosk("alert check '" + file + "' --pubkey '" + pub + "'");
    CHECK(forged.exit_code == 1);
    CHECK(forged.output.find("forged or changed") != std::string::npos);

    Run hostile = run_kiosk("alert check '" + kCapDir + "hostile/xxe.xml'");
    CHECK(hostile.exit_code == 1);
    CHECK(hostile.output.find("DTD") != std::string::npos);
    Run usage = run_kiosk("alert sign '" + file + "'");
    CHECK(usage.exit_code == 2);

    // send: signed and retained at BASE/<identifier>; a subscriber arriving later gets it.
    std::string error;
    auto broker = test::MosquittoBroker::start(&error);
    REQUIRE_MESSAGE(broker, error);
    write_file(file, cap_bytes("earthquake-tsunami.xml"));
    Run send = run_kiosk("alert send '" + file + "' --broker " + broker->url() +
                         " --topic city/test --key '" + key + "'");
    REQUIRE_MESSAGE(send.exit_code == 0, send.output);
    Inbox inbox;
    auto endpoint = alerts::parse_broker_url(broker->url());
    auto subscriber = alerts::MqttSubscriber::start(
        *endpoint, "city/test/#", "late-terminal",
        [&](const std::string&, std::string payload) {
            auto parts = alerts::split_signed(payload);
            if (!parts) return;
            auto alert = alerts::accept_signed(parts->second, parts->first, {keys.key}, "mqtt");
            if (alert) inbox.add_alert(*alert);
        },
        [](const std::string&) {});
    REQUIRE(subscriber.ok());
    CHECK(inbox.wait([&] { return !inbox.ids.empty(); }));
}

TEST_CASE("alerts: an HTTP feed served by nginx: signed alerts taken, garbage refused, 304 polls") {
    Keys keys;
    TempDir docroot;
    const std::string bytes = cap_bytes("earthquake-tsunami.xml");
    write_file(docroot / "garbage.xml", "<<<not xml at all");
    write_file(docroot / "garbage.xml.sig", keys.sign("<<<not xml at all"));
    write_file(docroot / "current.xml", bytes);
    write_file(docroot / "current.xml.sig", keys.sign(bytes));
    std::string error;
    auto server = test::NginxServer::start({docroot.path(), 0, {}, {}, {}}, &error);
    REQUIRE_MESSAGE(server, error);

    // Runs the feed until nginx has logged `polls` requests (a bounded poll of the log).
    auto run_feed = [&](const std::string& path, size_t polls) {
        Inbox inbox;
        app::AlertSources sources;
        sources.keys = {keys.key};
        sources.feed_url = server->url(path);
        sources.feed_poll_seconds = 1;
        app::AlertService service(
            sources, [] {}, [&](const std::string& line) { inbox.add_log(line); });
        service.start();
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
        while (server->access_log(0, std::chrono::milliseconds(0)).size() < polls &&
               std::chrono::steady_clock::now() < deadline)
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        service.stop();
        std::lock_guard lock(inbox.mutex);
        return std::make_pair(service.take(), inbox.log);
    };

    auto [alerts_taken, log] = run_feed("/current.xml", 4);
    REQUIRE(alerts_taken.size() == 1); // once: later polls are answered 304
    CHECK(alerts_taken[0].sender == "jma.go.jp");
    auto entries = server->access_log(4);
    int conditional = 0;
    for (const auto& entry : entries)
        if (entry.uri == "/current.xml" && entry.status == 304) ++conditional;
    CHECK(conditional >= 1);

    server->clear_access_log();
    auto [garbage_taken, garbage_log] = run_feed("/garbage.xml", 2);
    CHECK(garbage_taken.empty());
    bool said = false;
    for (const auto& line : garbage_log)
        if (line.find("garbage.xml") != std::string::npos) said = true;
    CHECK(said);
}

TEST_CASE("alerts: over mqtts with a login: kiosk alert send and the alert service get in") {
    test::MosquittoOptions options;
    options.tls = true;
    options.users = {{"minato-1f-01", "s3cret-pw"}};
    std::string error;
    auto broker = test::MosquittoBroker::start(options, &error);
    REQUIRE_MESSAGE(broker, error);
    Keys keys;
    TempDir temp;
    const std::string file = (temp / "tsunami.xml").string();
    write_file(file, cap_bytes("earthquake-tsunami.xml"));
    write_file((temp / "good.pw").string(), "s3cret-pw\n");
    write_file((temp / "bad.pw").string(), "guess\n");
    const std::string ca = broker->ca_file().string();
    const std::string send = "alert send '" + file + "' --broker " + broker->url() +
                             " --topic city/test --key '" + (keys.dir / "alert.key").string() +
                             "' --ca '" + ca + "' --username minato-1f-01 --password-file '";

    Run refused = run_kiosk(send + (temp / "bad.pw").string() + "'");
    CHECK(refused.exit_code == 1);
    CHECK_MESSAGE(refused.output.find("not authorised") != std::string::npos, refused.output);
    Run no_file = run_kiosk(send + (temp / "missing.pw").string() + "'");
    CHECK(no_file.exit_code == 1);
    CHECK(no_file.output.find("missing.pw") != std::string::npos);
    Run sent = run_kiosk(send + (temp / "good.pw").string() + "'");
    REQUIRE_MESSAGE(sent.exit_code == 0, sent.output);

    // The terminal's way in: the same login from its configuration, the retained alert.
    auto login = alerts::read_mqtt_login("minato-1f-01", temp / "good.pw");
    REQUIRE(login.ok());
    Inbox inbox;
    app::AlertSources sources;
    sources.keys = {keys.key};
    sources.broker_url = broker->url();
    sources.topic = "city/test";
    sources.client_id = "kiosk-login-test";
    sources.ca_file = ca;
    sources.broker_login = *login;
    app::AlertService service(
        sources, [&] { inbox.cv.notify_all(); },
        [&](const std::string& line) { inbox.add_log(line); });
    service.start();
    std::vector<alerts::CapAlert> received;
    const bool arrived = inbox.wait([&] {
        for (auto& alert : service.take())
            received.push_back(std::move(alert));
        return !received.empty();
    });
    service.stop();
    CHECK(arrived);
}
