// SyncWorker against a real nginx: one attempt activates a release, writes the status file
// and POSTs the heartbeat; a transfer in flight stops when the kiosk shuts down.

#include "../support/nginx_server.h"
#include "bundle_test_support.h"
#include "player/bundle/bundle_builder.h"
#include "player/bundle/bundle_publisher.h"
#include "player/bundle/signing.h"
#include "player/sync/sync_worker.h"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <atomic>
#include <chrono>
#include <thread>

using namespace kiosk;
using namespace kiosk::bundle::test;

namespace {

// Polls `done` every 20 ms for at most 20 s: a bounded wait for a result, not a delay.
template <typename F> bool eventually(F done) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    while (std::chrono::steady_clock::now() < deadline) {
        if (done()) return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return done();
}

} // namespace

TEST_CASE("sync: the worker activates, writes its status file and sends a heartbeat") {
    TempDir temp;
    make_authored_bundle(temp / "ward");
    REQUIRE(bundle::build_bundle(temp / "ward", temp / "out", kTestIdentity, kTestStamp).ok());
    REQUIRE(bundle::generate_key_files(temp / "city").ok());
    auto secret = bundle::read_secret_key(temp / "city.key");
    auto key = bundle::read_public_key(temp / "city.pub");
    REQUIRE(secret.ok());
    REQUIRE(key.ok());
    REQUIRE(bundle::sign_built_bundle(temp / "out", *secret).ok());
    REQUIRE(bundle::publish_bundle(temp / "out", temp / "docroot").ok());
    std::string error;
    auto server = test::NginxServer::start({temp / "docroot", 0, {}, {}, {}}, &error);
    REQUIRE_MESSAGE(server, error);

    sync::SyncSettings settings;
    settings.sync.url = server->url("/");
    settings.sync.store = temp / "store";
    settings.sync.keys = {*key};
    settings.poll_s = 3600; // one attempt in this test
    settings.terminal_id = "test-terminal";
    settings.heartbeat_url = server->url("/heartbeat");
    settings.status_file = temp / "status.json";
    std::atomic<int> activated{0};
    std::vector<std::string> log;
    std::mutex log_mutex;
    sync::SyncWorker worker(
        settings, nullptr, [&](const bundle::BundleFiles&) { ++activated; },
        [&](const std::string& line) {
            std::lock_guard lock(log_mutex);
            log.push_back(line);
        });
    worker.start();
    // nginx creates the body's file before it has written it: wait for the whole JSON.
    REQUIRE(eventually([&] {
        auto bodies = server->heartbeat_bodies();
        return !bodies.empty() && nlohmann::json::accept(bodies[0]);
    }));
    worker.stop();

    CHECK(activated == 1);
    auto status = nlohmann::json::parse(read_file(temp / "status.json"));
    CHECK(status["terminal_id"] == "test-terminal");
    CHECK(status["sequence"] == kTestStamp.sequence);
    CHECK(status["bundle_version"] == kTestIdentity.version);
    CHECK(status["stale"] == false);
    CHECK(status["last_error"] == "");
    CHECK(std::string(status["last_result"]).starts_with("activated test-ward"));
    auto heartbeat = nlohmann::json::parse(server->heartbeat_bodies().at(0));
    CHECK(heartbeat["terminal_id"] == "test-terminal");
    CHECK(heartbeat["active_version"] == status["active_version"]);
    CHECK(worker.status().sequence == kTestStamp.sequence);
    std::lock_guard lock(log_mutex);
    REQUIRE(log.size() == 1);
    CHECK(log[0].starts_with("sync: activated test-ward"));
}

TEST_CASE("sync: a cancelled transfer stops at once, whatever the stall timeout") {
    std::string error;
    auto silent = test::SilentServer::start(&error);
    REQUIRE_MESSAGE(silent, error);
    std::atomic<bool> cancel{true};
    sync::HttpOptions options;
    options.stall_timeout_s = 60;
    options.cancel = &cancel;
    const auto started = std::chrono::steady_clock::now();
    auto response = sync::http_get(silent->url("/manifest.json"), 1024, options);
    const auto took = std::chrono::steady_clock::now() - started;
    REQUIRE_FALSE(response.ok());
    CHECK(response.error().describe().find("aborted") != std::string::npos);
    // Not a timing assertion about speed: 60 s would mean the flag was ignored.
    CHECK(took < std::chrono::seconds(30));
}
