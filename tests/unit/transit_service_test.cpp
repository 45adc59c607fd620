// The live transit feed (kiosk/app/transit_service.h) against a real nginx on loopback
// (tests/support/nginx_server.h): the first fetch, 304s while the feed is unchanged, a
// changed feed taken, garbage and hostile feeds refused with one log line while the last
// good board stays, and a server that goes away. What was fetched is read from nginx's
// access log; every wait has a deadline, none is a fixed sleep.

#include "../support/nginx_server.h"
#include "bundle_test_support.h"
#include "feed_test_support.h"
#include "kiosk/app/transit_service.h"
#include "transit_test_support.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

using namespace kiosk;
using namespace kiosk::bundle::test;
using namespace kiosk::transit;
using namespace kiosk::transit::test;
using kiosk::test::AccessLogEntry;
using kiosk::test::lines_with;
using kiosk::test::NginxServer;
using kiosk::test::requests_of;

namespace {

int64_t unix_now() {
    return std::chrono::duration_cast<std::chrono::seconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

// A docroot served by nginx, and a TransitService polling one feed in it every second.
struct FeedFixture {
    TempDir docroot;
    std::unique_ptr<NginxServer> server;
    std::mutex mutex;
    std::condition_variable cv;
    std::vector<std::string> log;
    std::unique_ptr<app::TransitService> service;

    FeedFixture() {
        std::string error;
        server = NginxServer::start({docroot.path(), 0, {}, {}, {}}, &error);
        REQUIRE_MESSAGE(server, error);
    }
    ~FeedFixture() {
        if (service) service->stop();
    }

    void publish(const std::string& path, const std::string& bytes) {
        kiosk::test::publish_renamed(docroot.path(), path, bytes);
    }

    void start(const std::string& path) {
        app::TransitFeedSettings settings;
        settings.url = server->url(path);
        settings.poll_seconds = 1;
        settings.backoff = {0.5, 1, 0.2}; // failures retried within a second
        service = std::make_unique<app::TransitService>(
            settings, test_names(),
            [this] {
                std::lock_guard lock(mutex);
                cv.notify_all();
            },
            [this](const std::string& line) {
                std::lock_guard lock(mutex);
                log.push_back(line);
                cv.notify_all();
            });
        service->start();
    }

    // The next board the service publishes (woken by it), or nothing after 20 s.
    std::optional<TransitBoard> wait_for_board() {
        std::unique_lock lock(mutex);
        std::optional<TransitBoard> board;
        cv.wait_for(lock, std::chrono::seconds(20),
                    [&] { return (board = service->take()).has_value(); });
        return board;
    }

    // Waits (bounded) until the service has finished `polls` more polls than `before`.
    uint64_t wait_for_polls(uint64_t polls, uint64_t before) {
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
        while (service->status().polls < before + polls &&
               std::chrono::steady_clock::now() < deadline)
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        const uint64_t now = service->status().polls;
        REQUIRE_MESSAGE(now >= before + polls, "the service polled too few times");
        return now;
    }
    uint64_t polls() { return service->status().polls; }

    std::vector<std::string> log_lines() {
        std::lock_guard lock(mutex);
        return log;
    }
};

} // namespace

TEST_CASE("transit feed: the first fetch, then 304 while unchanged, then a changed feed") {
    FeedFixture f;
    f.publish("odpt.json", read_odpt("delay.json"));
    const int64_t before = unix_now();
    f.start("/odpt.json");

    auto board = f.wait_for_board();
    REQUIRE(board);
    REQUIRE(board->lines.size() == 6);
    CHECK(board->lines[1].railway_id == "odpt.Railway:TokyoMetro.Ginza"); // the names' order
    CHECK(board->lines[1].state == LineState::Delay);
    CHECK(board->lines[1].line_name.at("en") == "Ginza Line");
    CHECK(board->fetched_unix >= before);
    CHECK(board->fetched_unix <= unix_now());

    // Unchanged: answered 304 with the ETag, and nothing new to take.
    f.wait_for_polls(3, 0);
    auto log = f.server->access_log();
    CHECK(requests_of(log, "/odpt.json", 200) == 1);
    CHECK(requests_of(log, "/odpt.json", 304) >= 2);
    CHECK(std::all_of(log.begin() + 1, log.end(),
                      [](const AccessLogEntry& e) { return !e.if_none_match.empty(); }));
    CHECK_FALSE(f.service->take());
    const auto status = f.service->status();
    CHECK(status.problem.empty());
    CHECK(status.last_success_unix >= board->fetched_unix);

    // Changed: taken at the next poll.
    f.publish("odpt.json", read_odpt("resumption.json"));
    board = f.wait_for_board();
    REQUIRE(board);
    CHECK(board->lines[0].railway_id == "odpt.Railway:Toei.Oedo");
    CHECK(board->lines[0].state == LineState::Resumed);
    CHECK(board->lines[0].status.at("ko") == "운행 재개");
    CHECK(f.log_lines().empty());
}

TEST_CASE("transit feed: garbage served keeps the last good board, with one log line") {
    FeedFixture f;
    f.publish("odpt.json", read_odpt("delay.json"));
    f.start("/odpt.json");
    REQUIRE(f.wait_for_board());

    f.publish("odpt.json", read_odpt("hostile/not-json.json"));
    // Three polls that each fetch the garbage whole (a refused feed keeps no validators).
    const size_t fetched = requests_of(f.server->access_log(), "/odpt.json", 200);
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    while (requests_of(f.server->access_log(), "/odpt.json", 200) < fetched + 3 &&
           std::chrono::steady_clock::now() < deadline)
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    f.wait_for_polls(1, f.polls()); // the service has handled the last of them
    CHECK_FALSE(f.service->take());
    auto lines = f.log_lines();
    REQUIRE(lines.size() == 1);
    CHECK(lines[0] == "transit: " + f.server->url("/odpt.json") +
                          ":1: not JSON: syntax error while parsing value - invalid literal "
                          "(keeping the last good board)");
    CHECK(f.service->status().problem.find("not JSON") != std::string::npos);

    // The same good feed again: the UI already has it, so only the recovery is logged.
    f.publish("odpt.json", read_odpt("delay.json"));
    {
        std::unique_lock lock(f.mutex);
        REQUIRE(f.cv.wait_for(lock, std::chrono::seconds(20), [&] { return f.log.size() == 2; }));
    }
    CHECK(f.log_lines()[1] == "transit: " + f.server->url("/odpt.json") + ": answering again");
    CHECK(f.service->status().problem.empty());
    CHECK_FALSE(f.service->take());
    // A new good feed is taken.
    f.publish("odpt.json", read_odpt("suspension.json"));
    auto board = f.wait_for_board();
    REQUIRE(board);
    CHECK(board->lines[0].state == LineState::Suspended);
}

TEST_CASE("transit feed: the server gone keeps the last good board, with one log line") {
    FeedFixture f;
    f.publish("odpt.json", read_odpt("normal.json"));
    f.start("/odpt.json");
    REQUIRE(f.wait_for_board());
    const int64_t last_success = f.service->status().last_success_unix;
    REQUIRE(last_success > 0);

    const std::string url = f.server->url("/odpt.json");
    f.server.reset(); // nginx stopped: connections are refused
    f.wait_for_polls(4, f.polls());
    CHECK_FALSE(f.service->take());
    const auto lines = f.log_lines();
    REQUIRE(lines.size() == 1);
    CHECK(lines[0].starts_with("transit: " + url));
    CHECK(lines[0].ends_with(" (keeping the last good board)"));
    const auto status = f.service->status();
    CHECK_FALSE(status.problem.empty());
    CHECK(status.last_success_unix == last_success);
}

TEST_CASE("transit feed: hostile feeds: one clear log line each, no board, no crash") {
    FeedFixture f;
    f.publish("huge.json", huge_feed());
    f.publish("deep.json", deep_feed());
    f.publish("many.json", many_entries_feed());
    f.publish("utf8.json", read_odpt("hostile/invalid-utf8.json"));
    f.publish("object.json", read_odpt("hostile/not-an-array.json"));
    struct Case {
        const char* path;
        const char* said; // in the one line logged
    };
    const Case cases[] = {
        {"/huge.json", "larger than the limit of 2097152 bytes"},
        {"/deep.json", "deep.json: nested deeper than 16 levels"},
        {"/many.json", "many.json: more than 300 entries, the limit for one transit feed"},
        {"/utf8.json", ": not UTF-8 (byte "},
        {"/object.json", "object.json: is an object in JSON, not an array"},
        {"/missing.json", "missing.json: HTTP 404"},
    };
    for (const Case& c : cases) {
        CAPTURE(c.path);
        {
            std::lock_guard lock(f.mutex);
            f.log.clear();
        }
        f.start(c.path);
        f.wait_for_polls(3, 0);
        f.service->stop();
        CHECK_FALSE(f.service->take());
        const auto lines = f.log_lines();
        CHECK_MESSAGE(lines.size() == 1, lines.size());
        CHECK(lines_with(lines, c.said) == 1);
        CHECK(f.service->status().last_success_unix == 0);
    }
}

TEST_CASE("transit feed: skipped entries are logged once, not on every poll") {
    FeedFixture f;
    f.publish("odpt.json", read_odpt("hostile/wrong-types.json"));
    f.start("/odpt.json");
    auto board = f.wait_for_board();
    REQUIRE(board);
    CHECK(board->lines.size() == 2);
    f.wait_for_polls(3, 0);
    const auto lines = f.log_lines();
    CHECK(lines.size() == 12);
    CHECK(lines_with(lines, "/odpt.json:2: entry 1 skipped: odpt:railway is an object") == 1);
}

TEST_CASE("transit: the bundle's feed file and names, read once at start") {
    TempDir dir;
    make_authored_bundle(dir.path());
    std::filesystem::create_directories(dir / "signage");
    write_file(dir / "signage/transit.json", read_odpt("hostile/wrong-types.json"));
    auto files = bundle::BundleFiles::open(dir.path());
    REQUIRE_MESSAGE(files.ok(), files.error().describe());

    // No names file: no names, no error.
    auto none = app::load_transit_names(*files);
    REQUIRE(none.ok());
    CHECK(none->railways.empty());

    write_file(dir / "signage/transit-names.toml", read_odpt("transit-names.toml"));
    files = bundle::BundleFiles::open(dir.path());
    REQUIRE(files.ok());
    auto names = app::load_transit_names(*files);
    REQUIRE_MESSAGE(names.ok(), names.error().describe());
    CHECK(names->railways.size() == 3);

    std::vector<std::string> log;
    auto board = app::load_bundled_transit(*files, "signage/transit.json", *names,
                                           [&](const std::string& line) { log.push_back(line); });
    REQUIRE_MESSAGE(board.ok(), board.error().describe());
    CHECK(board->lines.size() == 2);
    CHECK(board->fetched_unix == 0);
    CHECK(log.size() == 12);
    CHECK(log[0].starts_with("transit: " + files->display_path("signage/transit.json") + ":2: "));

    // A bad names file is an error with its line.
    write_file(dir / "signage/transit-names.toml", "[lines]\n");
    files = bundle::BundleFiles::open(dir.path());
    REQUIRE(files.ok());
    auto bad = app::load_transit_names(*files);
    REQUIRE_FALSE(bad.ok());
    CHECK(bad.error().describe() ==
          files->display_path("signage/transit-names.toml") +
              ":1: unknown key \"lines\" (allowed: \"operators\", \"railways\")");

    // A file named on the command line: the same parser, errors name the file.
    auto file = app::load_transit_file(odpt_path("suspension.json"), *names, {});
    REQUIRE(file.ok());
    CHECK(file->lines[0].state == LineState::Suspended);
    auto garbage = app::load_transit_file(odpt_path("hostile/not-json.json"), *names, {});
    REQUIRE_FALSE(garbage.ok());
    CHECK(garbage.error().describe().starts_with(odpt_path("hostile/not-json.json") +
                                                 ":1: not JSON"));
    auto missing = app::load_transit_file(dir / "nothing.json", *names, {});
    CHECK_FALSE(missing.ok());
}
