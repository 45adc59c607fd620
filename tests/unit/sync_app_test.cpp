// The app side of sync, without a network: back-off, the terminal configuration, the
// status JSON, and how the kiosk takes a newly synced version (the home screen at once, a
// visitor elsewhere keeps theirs) and tells staff that its release is stale.

#include "kiosk/app/terminal_config.h"
#include "player/content/bundle_loader.h"
#include "player/sync/backoff.h"
#include "player/sync/terminal_status.h"
#include "screen_test_support.h"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <unistd.h>

using namespace kiosk;
namespace fs = std::filesystem;

namespace {

struct TempFile {
    fs::path path;
    explicit TempFile(const std::string& contents) {
        path = fs::temp_directory_path() / ("kiosk-terminal-" + std::to_string(::getpid()) + "-" +
                                            std::to_string(counter()++) + ".toml");
        std::ofstream(path) << contents;
    }
    ~TempFile() { fs::remove(path); }
    static int& counter() {
        static int n = 0;
        return n;
    }
};

} // namespace

TEST_CASE("sync: back-off waits a poll after success and grows with full jitter after failures") {
    sync::BackoffPolicy policy; // base 5 s, cap 900 s
    // Success: the poll interval within +-10 %.
    CHECK(sync::next_delay_s(policy, 0, -1, 60, 0.0) == doctest::Approx(54));
    CHECK(sync::next_delay_s(policy, 0, -1, 60, 0.999) == doctest::Approx(65.94).epsilon(0.001));
    // Failures: uniform in [0, min(cap, base * 2^(n-1))], at least 1 s.
    CHECK(sync::next_delay_s(policy, 1, -1, 60, 0.5) == doctest::Approx(2.5));
    CHECK(sync::next_delay_s(policy, 4, -1, 60, 0.5) == doctest::Approx(20));
    CHECK(sync::next_delay_s(policy, 1, -1, 60, 0.0) == doctest::Approx(1)); // never 0
    CHECK(sync::next_delay_s(policy, 60, -1, 60, 0.999) <= 900);             // the cap
    CHECK(sync::next_delay_s(policy, 1000000, -1, 60, 0.5) == doctest::Approx(450));
    // Retry-After is a floor, even above the cap; up to a day.
    CHECK(sync::next_delay_s(policy, 1, 120, 60, 0.0) == doctest::Approx(120));
    CHECK(sync::next_delay_s(policy, 1, 3600, 60, 0.0) == doctest::Approx(3600));
    CHECK(sync::next_delay_s(policy, 1, 9999999, 60, 0.0) == doctest::Approx(86400));
    // A thousand terminals after the same outage spread over the whole window.
    double lowest = 1e9, highest = 0;
    for (int i = 0; i < 1000; ++i) {
        const double d = sync::next_delay_s(policy, 8, -1, 60, i / 1000.0);
        lowest = std::min(lowest, d);
        highest = std::max(highest, d);
    }
    CHECK(lowest < 5);
    CHECK(highest > 600);
}

TEST_CASE("sync: the terminal configuration is read and checked with file:line messages") {
    TempFile good(R"(terminal_id = "minato-1f-01"
fallback_bundle = "content/demo-ward"
status_file = "/var/lib/kiosk/status.json"
[sync]
url = "https://content.city.example/minato/"
store = "store"
public_keys = ["city.pub", "/etc/kiosk/next.pub"]
poll_seconds = 120
heartbeat_url = "https://content.city.example/heartbeat"
[alerts]
public_keys = ["alert.pub"]
broker = "mqtts://mqtt.city.example"
topic = "city/minato/alerts"
broker_username = "minato-1f-01"
broker_password_file = "mqtt.pw"
)");
    auto config = app::read_terminal_config(good.path);
    REQUIRE_MESSAGE(config.ok(), config.error().describe());
    CHECK(config->terminal_id == "minato-1f-01");
    CHECK(config->sync_url == "https://content.city.example/minato/");
    CHECK(config->store == good.path.parent_path() / "store"); // relative to the file
    REQUIRE(config->public_keys.size() == 2);
    CHECK(config->public_keys[1] == "/etc/kiosk/next.pub");
    CHECK(config->poll_seconds == 120);
    CHECK(config->keep_versions == 3);
    CHECK(config->broker_username == "minato-1f-01");
    CHECK(config->broker_password_file == good.path.parent_path() / "mqtt.pw");

    struct Bad {
        const char* text;
        int line;
        const char* says;
    };
    const Bad bad[] = {
        {"terminal_id = \"a\"\n[sync]\nurl = \"ftp://x/\"\nstore = \"s\"\npublic_keys = [\"k\"]\n",
         3, "https://"},
        {"terminal_id = \"a\"\n[sync]\nurl = \"https://x/\"\nstore = \"s\"\npublic_keys = []\n", 5,
         "one key file"},
        {"terminal_id = \"a\"\n[sync]\nurl = \"https://x/\"\nstore = \"s\"\npublic_keys = [\"k\"]\n"
         "poll_seconds = 0\n",
         6, "poll_seconds must be 1..86400"},
        {"terminal_id = \"a\"\nsurprise = 1\n", 2, "unknown key"},
        {"terminal_id = \"\"\n", 1, "terminal_id must be 1..64"},
        {"terminal_id = \"a\"\n[sync]\nstore = \"s\"\npublic_keys = [\"k\"]\n", 0, "url"},
        {"terminal_id = [[[\n", 1, ""},
        {"terminal_id = \"a\"\n[alerts]\npublic_keys = [\"k\"]\nbroker_username = \"u\"\n", 4,
         "broker_password_file"},
    };
    for (const Bad& b : bad) {
        TempFile file(b.text);
        auto read = app::read_terminal_config(file.path);
        REQUIRE_MESSAGE(!read.ok(), b.text);
        CHECK_MESSAGE(read.error().file == file.path.string(), b.text);
        if (b.line > 0) CHECK_MESSAGE(read.error().line == b.line, read.error().describe());
        CHECK_MESSAGE(read.error().describe().find(b.says) != std::string::npos,
                      read.error().describe());
    }
    // Not a regular file (a FIFO would block a naive reader).
    CHECK_FALSE(app::read_terminal_config("/dev/zero").ok());
    CHECK_FALSE(app::read_terminal_config("/nonexistent/terminal.toml").ok());
}

TEST_CASE("sync: the status JSON carries what staff and the city need, and no visitor data") {
    sync::TerminalStatus status;
    status.terminal_id = "minato-1f-01";
    status.active_version = "101-3f2a";
    status.bundle_version = "2026.12.02-1";
    status.sequence = 101;
    status.expires_unix = 1893456000;
    status.stale = true;
    status.last_error = std::string("bad \xff byte"); // server text may be anything
    auto json = nlohmann::json::parse(sync::status_json(status));
    CHECK(json["terminal_id"] == "minato-1f-01");
    CHECK(json["sequence"] == 101);
    CHECK(json["expires"] == "2030-01-01T00:00:00Z");
    CHECK(json["stale"] == true);
    CHECK(json["last_success"] == "");
    for (const char* key : {"active_version", "bundle_version", "last_attempt", "last_result",
                            "last_error", "uptime_s", "free_disk_bytes"})
        CHECK_MESSAGE(json.contains(key), key);
    CHECK(json.size() == 13);
    CHECK(json["played"].is_array()); // proof of play: what the screen showed, nobody's data
}

TEST_CASE("sync: a new version shows on the home screen; a visitor elsewhere keeps theirs") {
    test::ScreenFixture f;
    f.open_surface(1280, 720);
    auto v2 = content::load_bundle(test::kDemoBundle);
    REQUIRE(v2.ok());
    // Another version of the bundle: a different Japanese home title.
    auto changed = std::make_shared<content::Bundle>(**v2);
    const std::string old_title = f.app->bundle().pick(f.app->bundle().title, "ja");
    changed->title.by_locale["ja"] = "新しい版の区役所案内";

    // A visitor on a page keeps the version they started with.
    f.show("page/moving-in", "ja", 1);
    f.app->offer_bundle(changed, std::nullopt, "2026.12.02-1", 1893456000);
    f.frame(f.now(), false);
    CHECK(f.app->has_offered_bundle());
    CHECK(f.app->bundle().pick(f.app->bundle().title, "ja") == old_title);
    // Home: the new version, from that frame on.
    f.app->session().screen = "home";
    f.frame(f.now(), false);
    CHECK_FALSE(f.app->has_offered_bundle());
    CHECK(f.all_text().find("新しい版の区役所案内") != std::string::npos);
    CHECK(f.all_text().find(old_title) == std::string::npos);
}

TEST_CASE("sync: the staff screen names the release and says when it is stale") {
    test::ScreenFixture f;
    f.open_surface(1080, 1920);
    f.show("staff", "en", 4);
    CHECK(f.all_text().find("Content: version") == std::string::npos); // a folder: nothing

    const double now_ms = f.now(); // 2026-01-05
    const auto now_s = static_cast<int64_t>(now_ms / 1000);
    f.app->set_release("2026.12.02-1", now_s + 86400);
    f.frame(now_ms, false);
    std::string text = f.all_text();
    CHECK(text.find("2026.12.02-1") != std::string::npos);
    CHECK(text.find("out of date") == std::string::npos);

    f.app->set_release("2026.12.02-1", now_s - 86400);
    f.frame(now_ms, false);
    text = f.all_text();
    CHECK(text.find("Content out of date since") != std::string::npos);
    CHECK(text.find("2026-01-04") != std::string::npos);
}
