// The Atom form of the HTTP alert feed, end to end through the AlertService against a real
// nginx (tests/support/nginx_server.h): each signed entry taken once, a new entry alone
// fetched, a forged entry refused while the others are taken, and hostile feeds (entity
// bombs, 2 MiB, 10,000 entries, deep nesting, other schemes) each refused or trimmed with
// one log line. What was fetched is read from nginx's access log.

#include "../support/nginx_server.h"
#include "alerts_test_support.h"
#include "bundle_test_support.h"
#include "feed_test_support.h"
#include "kiosk/app/alert_service.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <chrono>
#include <memory>
#include <string>
#include <thread>
#include <vector>

using namespace kiosk;
using namespace kiosk::bundle::test;
using alerts::test::Inbox;
using alerts::test::Keys;
using test::AccessLogEntry;
using test::lines_with;
using test::NginxServer;
using test::requests_of;

namespace {

// The sample tsunami warning under another identifier, so each entry brings its own alert.
std::string cap_numbered(const std::string& n) {
    const std::string id = "urn:oid:2.49.0.1.392.0.20261201100300.tsunami.1";
    std::string bytes =
        read_file(std::string(KIOSK_TEST_DATA) + "/data/cap/earthquake-tsunami.xml");
    const size_t at = bytes.find(id);
    REQUIRE(at != std::string::npos);
    return bytes.replace(at, id.size(), "urn:test:" + n);
}

std::string feed(const std::string& entries) {
    return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
           "<feed xmlns=\"http://www.w3.org/2005/Atom\">\n"
           "<title>Alerts</title><id>tag:test,2026:feed</id>\n" +
           entries + "</feed>\n";
}

std::string entry(const std::string& id, const std::string& href,
                  const std::string& updated = "2026-12-01T01:00:00Z") {
    return "<entry><id>" + id + "</id><updated>" + updated +
           "</updated><link rel=\"alternate\" type=\"application/cap+xml\" href=\"" + href +
           "\"/></entry>\n";
}

// A docroot served by nginx, and an AlertService polling one feed in it every second.
struct FeedFixture {
    Keys keys;
    TempDir docroot;
    std::unique_ptr<NginxServer> server;
    Inbox inbox;
    std::vector<std::string> taken; // identifiers, in the order the service gave them
    std::unique_ptr<app::AlertService> service;

    FeedFixture() {
        std::string error;
        server = NginxServer::start({docroot.path(), 0, {}, {}, {}}, &error);
        REQUIRE_MESSAGE(server, error);
    }
    ~FeedFixture() {
        if (service) service->stop();
    }

    void publish(const std::string& path, const std::string& bytes) {
        test::publish_renamed(docroot.path(), path, bytes);
    }
    // The signature first, so that the document is never there without it.
    void publish_signed(const std::string& path, const std::string& bytes) {
        publish(path + ".sig", keys.sign(bytes));
        publish(path, bytes);
    }

    void start(const std::string& feed_path) {
        app::AlertSources sources;
        sources.keys = {keys.key};
        sources.feed_url = server->url(feed_path);
        sources.feed_poll_seconds = 1;
        service = std::make_unique<app::AlertService>(
            sources, [this] { inbox.cv.notify_all(); },
            [this](const std::string& line) { inbox.add_log(line); });
        service->start();
    }

    // Takes what the service received until `count` alerts have come (or 20 s passed).
    bool wait_for_alerts(size_t count) {
        return inbox.wait([&] {
            for (auto& alert : service->take())
                taken.push_back(alert.identifier);
            return taken.size() >= count;
        });
    }

    // Waits (bounded) until nginx has answered `polls` more requests for `uri` than
    // `before`, so that every earlier poll has been handled by the service.
    std::vector<AccessLogEntry> wait_for_polls(const std::string& uri, size_t polls,
                                               size_t before = 0) {
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
        auto log = server->access_log();
        while (requests_of(log, uri) < before + polls &&
               std::chrono::steady_clock::now() < deadline) {
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
            log = server->access_log();
        }
        REQUIRE_MESSAGE(requests_of(log, uri) >= before + polls, "nginx saw too few polls");
        return log;
    }

    std::vector<std::string> log_lines() {
        std::lock_guard lock(inbox.mutex);
        return inbox.log;
    }
    // The log without the "received" line of every alert taken.
    std::vector<std::string> problems() {
        std::vector<std::string> lines;
        for (const std::string& line : log_lines())
            if (!line.starts_with("alert: received ")) lines.push_back(line);
        return lines;
    }
};

} // namespace

TEST_CASE("alerts: an Atom feed served by nginx: each signed entry taken once, then only the "
          "new one") {
    FeedFixture f;
    f.publish_signed("cap/q1.xml", cap_numbered("q1"));
    f.publish_signed("cap/q2.xml", cap_numbered("q2"));
    // One link relative to the feed, one absolute.
    f.publish("feed.xml",
              feed(entry("tag:q1", "cap/q1.xml", "2026-12-01T01:00:00Z") +
                   entry("tag:q2", f.server->url("/cap/q2.xml"), "2026-12-01T01:01:00Z")));
    f.start("/feed.xml");

    REQUIRE(f.wait_for_alerts(2));
    CHECK(f.taken == std::vector<std::string>{"urn:test:q1", "urn:test:q2"}); // oldest first

    // Later polls are answered 304 and fetch no entry again.
    auto log = f.wait_for_polls("/feed.xml", 3);
    CHECK(requests_of(log, "/cap/q1.xml") == 1);
    CHECK(requests_of(log, "/cap/q1.xml.sig") == 1);
    CHECK(requests_of(log, "/cap/q2.xml") == 1);
    CHECK(requests_of(log, "/cap/q2.xml.sig") == 1);
    CHECK(std::any_of(log.begin(), log.end(), [](const AccessLogEntry& e) {
        return e.uri == "/feed.xml" && e.status == 304;
    }));

    // A third entry: only it is fetched. (The feed grows, so its ETag changes.)
    f.publish_signed("cap/q3.xml", cap_numbered("q3"));
    f.publish("feed.xml",
              feed(entry("tag:q1", "cap/q1.xml", "2026-12-01T01:00:00Z") +
                   entry("tag:q2", f.server->url("/cap/q2.xml"), "2026-12-01T01:01:00Z") +
                   entry("tag:q3", "cap/q3.xml", "2026-12-01T01:02:00Z")));
    REQUIRE(f.wait_for_alerts(3));
    CHECK(f.taken.back() == "urn:test:q3");
    log = f.wait_for_polls("/feed.xml", 2, requests_of(f.server->access_log(), "/feed.xml"));
    CHECK(requests_of(log, "/cap/q1.xml") == 1);
    CHECK(requests_of(log, "/cap/q2.xml") == 1);
    CHECK(requests_of(log, "/cap/q3.xml") == 1);
    CHECK(requests_of(log, "/cap/q3.xml.sig") == 1);

    // A new <updated> is a new version of the entry: fetched again.
    f.publish("feed.xml", feed(entry("tag:q1", "cap/q1.xml", "2026-12-01T01:05:00Z") +
                               entry("tag:q3", "cap/q3.xml", "2026-12-01T01:02:00Z")));
    REQUIRE(f.wait_for_alerts(4));
    CHECK(f.taken.back() == "urn:test:q1");
    log = f.wait_for_polls("/feed.xml", 2, requests_of(f.server->access_log(), "/feed.xml"));
    CHECK(requests_of(log, "/cap/q1.xml") == 2);
    CHECK(requests_of(log, "/cap/q3.xml") == 1);
    CHECK(f.taken.size() == 4);
    CHECK(f.problems().empty());
}

TEST_CASE("alerts: an Atom feed with a forged entry: refused and logged once, retried, the "
          "others taken") {
    FeedFixture f;
    f.publish_signed("cap/q1.xml", cap_numbered("q1"));
    f.publish_signed("cap/q2.xml", cap_numbered("q2"));
    const std::string forged = cap_numbered("forged");
    f.publish("cap/forged.xml", forged);
    f.publish("cap/forged.xml.sig", f.keys.sign(cap_numbered("something else")));
    f.publish("feed.xml", feed(entry("tag:q1", "cap/q1.xml", "2026-12-01T01:00:00Z") +
                               entry("tag:forged", "cap/forged.xml", "2026-12-01T01:01:00Z") +
                               entry("tag:missing", "cap/missing.xml", "2026-12-01T01:02:00Z") +
                               entry("tag:q2", "cap/q2.xml", "2026-12-01T01:03:00Z")));
    f.start("/feed.xml");
    REQUIRE(f.wait_for_alerts(2));
    CHECK(f.taken == std::vector<std::string>{"urn:test:q1", "urn:test:q2"});

    // Three polls: the failed entries are fetched again on each, logged only the first time.
    auto log = f.wait_for_polls("/feed.xml", 3);
    CHECK(requests_of(log, "/cap/forged.xml") >= 2);
    CHECK(requests_of(log, "/cap/missing.xml") >= 2);
    CHECK(requests_of(log, "/cap/q1.xml") == 1);
    CHECK(requests_of(log, "/cap/q2.xml") == 1);
    const auto problems = f.problems();
    CHECK_MESSAGE(problems.size() == 2, problems.size());
    CHECK(lines_with(problems, "entry tag:forged (line 5): " + f.server->url("/cap/forged.xml") +
                                   ": signature does not verify with any alert key") == 1);
    CHECK(lines_with(problems, "entry tag:missing (line 6): " + f.server->url("/cap/missing.xml") +
                                   ": HTTP 404") == 1);

    // Fixed by the publisher: taken on a later poll, though the feed itself did not change.
    f.publish("cap/forged.xml.sig", f.keys.sign(forged));
    REQUIRE(f.wait_for_alerts(3));
    CHECK(f.taken == std::vector<std::string>{"urn:test:q1", "urn:test:q2", "urn:test:forged"});
}

TEST_CASE("alerts: a 304 feed retries only the entries not yet taken") {
    FeedFixture f;
    f.publish_signed("cap/q1.xml", cap_numbered("q1"));
    f.publish("feed.xml", feed(entry("tag:q1", "cap/q1.xml") + entry("tag:late", "cap/late.xml")));
    f.start("/feed.xml");
    REQUIRE(f.wait_for_alerts(1));
    // The late document appears while the feed stays as it was (answered 304).
    const size_t polls = requests_of(f.wait_for_polls("/feed.xml", 1), "/feed.xml");
    f.publish_signed("cap/late.xml", cap_numbered("late"));
    REQUIRE(f.wait_for_alerts(2));
    CHECK(f.taken.back() == "urn:test:late");
    auto log = f.wait_for_polls("/feed.xml", 1, polls);
    CHECK(requests_of(log, "/cap/q1.xml") == 1);
    CHECK(std::count_if(log.begin(), log.end(), [](const AccessLogEntry& e) {
              return e.uri == "/feed.xml" && e.status == 200;
          }) == 1);
}

TEST_CASE("alerts: hostile Atom feeds: one clear log line each, no crash, the rest still works") {
    FeedFixture f;
    f.publish_signed("cap/q1.xml", cap_numbered("q1"));
    f.publish("bomb.xml", "<?xml version=\"1.0\"?>\n<!DOCTYPE feed [\n<!ENTITY a \"aaaaaaaaaa\">\n"
                          "<!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">\n]>\n"
                          "<feed xmlns=\"http://www.w3.org/2005/Atom\">" +
                              entry("&b;", "cap/q1.xml") + "</feed>\n");
    f.publish("big.xml", feed("<!--" + std::string(2 * 1024 * 1024, 'x') + "-->" +
                              entry("tag:q1", "cap/q1.xml")));
    std::string deep = "<feed xmlns=\"http://www.w3.org/2005/Atom\">";
    for (int i = 0; i < 10000; ++i)
        deep += "<entry>";
    f.publish("deep.xml", deep);
    std::string many;
    for (int i = 0; i < 10000; ++i)
        many += "<entry><id>" + std::to_string(i) +
                "</id><updated>2026-12-01T01:00:00Z</updated><link href=\"cap/q1.xml\"/></entry>";
    f.publish("many.xml", feed(many));
    f.publish("schemes.xml",
              feed(entry("tag:js", "javascript:alert(1)") +
                   entry("tag:ftp", "ftp://h.example/a.xml") + entry("tag:q1", "cap/q1.xml")));

    struct Case {
        const char* path;
        const char* said; // in the one line logged
        size_t lines;     // lines logged besides "received"
        size_t alerts;
    };
    const Case cases[] = {
        {"/bomb.xml", "bomb.xml:2: DTDs are not accepted in Atom feeds", 1, 0},
        {"/big.xml", "big.xml: larger than the limit of 1048576 bytes", 1, 0},
        {"/deep.xml", "deep.xml:1: elements nested deeper than 32 levels", 1, 0},
        {"/many.xml", "many.xml: 10000 entries, more than the limit of 64", 1, 64},
        {"/schemes.xml", "is a javascript: URL", 2, 1},
    };
    for (const Case& c : cases) {
        CAPTURE(c.path);
        f.inbox.log.clear();
        f.taken.clear();
        const size_t before = requests_of(f.server->access_log(), c.path);
        f.start(c.path);
        f.wait_for_polls(c.path, 3, before);
        f.service->stop();
        for (auto& alert : f.service->take())
            f.taken.push_back(alert.identifier);
        const auto problems = f.problems();
        CHECK_MESSAGE(problems.size() == c.lines, problems.size());
        CHECK(lines_with(problems, c.said) == 1);
        CHECK(f.taken.size() == c.alerts);
    }
    CHECK(lines_with(f.problems(), "is a ftp: URL") == 1);
}
