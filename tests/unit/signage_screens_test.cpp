// Signage as a passer-by sees it: attract mode at start-up and after the idle time, a touch
// that only wakes the kiosk, the layer table (alerts over signage), slides that hold still
// between changes, the transit board's age, and proof of play.

#include "bundle_test_support.h"
#include "kiosk_process_support.h"
#include "screen_test_support.h"

#include "kiosk/screens/screen.h"
#include "player/alerts/cap_alert.h"
#include "player/raster/image.h"

#include <doctest/doctest.h>

#include <cmath>
#include <filesystem>
#include <fstream>

using namespace kiosk;

namespace {

// Two moments inside the showing on screen at `t`, a second or more apart and in the same
// minute (the clock in the top bar changes with the minute).
std::pair<double, double> inside_showing(test::ScreenFixture& f, double t) {
    f.frame(t);
    REQUIRE(f.app->signage_playing().has_value());
    const double start = double(f.app->signage_playing()->start_unix) * 1000.0 + 200;
    const double end = double(f.app->signage_playing()->end_unix) * 1000.0 - 200;
    const double minute_end = (std::floor(start / 60000.0) + 1) * 60000.0 - 200;
    const double last = std::min(end, minute_end);
    REQUIRE(last - start >= 1000);
    return {start, last};
}

struct Fixture : test::ScreenFixture {
    Fixture() { open_surface(1280, 720); }
    // Monday 2026-12-07 10:00:05 in Tokyo: the weekday daytime playlist.
    double monday() const {
        return app::resolve_clock(std::string("2026-12-07T10:00"), app->bundle()).value() + 5000;
    }
    const app::HitTarget* any_home_tile() const {
        for (const auto& t : app->last_targets())
            if (t.id.rfind("category/", 0) == 0) return &t;
        return nullptr;
    }
};

using test::touch_at;

} // namespace

TEST_CASE(
    "signage: plays at start-up, and a touch brings home in the same frame, pressing nothing") {
    Fixture f;
    const double t = f.monday();
    REQUIRE(f.app->attract_mode(t)); // nobody has touched the kiosk yet
    f.frame(t);
    REQUIRE(f.app->signage_playing().has_value());
    CHECK(f.app->signage_playing()->slide->id == "welcome");
    CHECK(f.app->last_targets().empty()); // signage has nothing to press

    // Where a home tile would be: the touch must not open it.
    test::ScreenFixture probe;
    probe.open_surface(1280, 720);
    probe.show("home", "ja", 1);
    const app::HitTarget* tile = nullptr;
    for (const auto& t2 : probe.app->last_targets())
        if (t2.id.rfind("category/", 0) == 0) tile = &t2;
    REQUIRE(tile != nullptr);
    const ImVec2 at(tile->visible.x + tile->visible.w / 2, tile->visible.y + tile->visible.h / 2);

    f.app->note_input(t + 100); // what the run loop does on any event
    f.app->frame(*f.surface, *f.text, touch_at(at, true, false), t + 100);
    CHECK_FALSE(f.app->signage_playing().has_value());
    CHECK(f.app->session().screen == "home");
    CHECK(f.app->session().locale == f.app->bundle().default_locale);
    CHECK(f.any_home_tile() != nullptr); // the home screen is what this frame drew
    f.app->frame(*f.surface, *f.text, touch_at(at, false, true), t + 200);
    CHECK(f.app->session().screen == "home"); // the release opened nothing
    // The next touch is the visitor's own.
    f.app->frame(*f.surface, *f.text, touch_at(at, true, false), t + 300);
    f.app->frame(*f.surface, *f.text, touch_at(at, false, true), t + 400);
    CHECK(f.app->session().screen.rfind("category/", 0) == 0);
}

TEST_CASE("signage: an untouched home screen turns to signage after the idle time") {
    Fixture f;
    const double t = f.monday();
    f.app->note_input(t);
    f.frame(t);
    CHECK_FALSE(f.app->signage_playing().has_value());
    const double idle = double(f.app->bundle().idle_seconds) * 1000.0;
    CHECK(f.app->next_idle_event_ms(t) == doctest::Approx(t + idle));
    f.frame(t + idle);
    REQUIRE(f.app->signage_playing().has_value());
    // The next wake-up is the slide's end: nothing is drawn in between.
    CHECK(f.app->next_idle_event_ms(t + idle) ==
          doctest::Approx(double(f.app->signage_playing()->end_unix) * 1000.0));
}

TEST_CASE(
    "signage: a visitor's session is never interrupted by it, and the idle reset returns to it") {
    Fixture f;
    const double t = f.monday();
    f.app->note_input(t);
    f.app->session().screen = "page/moving-in";
    f.frame(t);
    const double idle = double(f.app->bundle().idle_seconds) * 1000.0;
    f.frame(t + idle + 1000); // the privacy countdown, not signage
    CHECK_FALSE(f.app->signage_playing().has_value());
    CHECK(f.app->idle_warning_seconds_left(t + idle + 1000) > 0);
    f.frame(t + idle + (app::KioskApp::kIdleWarningSeconds + 1) * 1000.0);
    CHECK(f.app->session().screen == "home");
    CHECK(f.app->signage_playing().has_value());
}

TEST_CASE("signage: a full-screen alert takes over signage; signage comes back after it") {
    Fixture f;
    const double t = f.monday();
    f.frame(t);
    REQUIRE(f.app->signage_playing().has_value());
    std::ifstream in(std::string(KIOSK_TEST_DATA) + "/data/cap/earthquake-tsunami.xml");
    const std::string xml{std::istreambuf_iterator<char>(in), {}};
    auto alert = alerts::parse_cap(xml, "tsunami");
    REQUIRE(alert.ok());
    alerts::AlertPolicy policy;
    policy.ignore_times = true;
    f.app->set_alert_policy(policy);
    REQUIRE(f.app->alerts().apply(*alert, 0).outcome == alerts::Outcome::Shown);
    f.app->take_played();
    f.frame(t + 1000);
    // In the showing's language, or Japanese when the alert has none in it.
    CHECK((f.all_text().find("Tsunami") != std::string::npos ||
           f.all_text().find("津波") != std::string::npos));
    // Proof of play has the alert, once.
    auto played = f.app->take_played();
    REQUIRE(played.size() == 1);
    CHECK(played[0].what == "alert");
    CHECK(played[0].id == alert->identifier);
    CHECK_FALSE(f.app->signage_playing().has_value());
    f.app->set_alert_policy({}); // the alert ends
    f.frame(t + 2000);
    CHECK(f.app->signage_playing().has_value());
}

TEST_CASE("signage: nothing moves between slide changes") {
    Fixture f;
    auto [a, b] = inside_showing(f, f.monday());
    f.frame(a);
    const auto first = f.surface->read_pixels();
    f.frame(b);
    CHECK(raster::compare_images(first, f.surface->read_pixels(), 0).differing == 0);
    f.frame(double(f.app->signage_playing()->end_unix) * 1000.0); // the next showing
    CHECK(raster::compare_images(first, f.surface->read_pixels(), 0).differing > 0);
}

TEST_CASE("signage: proof of play names each showing once") {
    Fixture f;
    auto [a, b] = inside_showing(f, f.monday());
    f.app->take_played();
    f.frame(double(f.app->signage_playing()->end_unix) * 1000.0 + 100); // a new showing
    f.frame(double(f.app->signage_playing()->end_unix) * 1000.0 - 100); // the same again
    auto played = f.app->take_played();
    REQUIRE(played.size() == 1);
    CHECK(played[0].what == "slide");
    CHECK(played[0].id == f.app->signage_playing()->slide->id);
    CHECK(played[0].locale == f.app->signage_playing()->language);
    CHECK(played[0].start_unix == f.app->signage_playing()->start_unix);
    CHECK(played[0].playlist == f.app->signage_playing()->playlist->id);
    (void)a, (void)b;
}

TEST_CASE("signage: the transit board says how old it is, and old data never looks current") {
    Fixture f;
    REQUIRE(f.app->load_bundled_transit().ok());
    REQUIRE(f.app->transit().data_unix > 0);
    const std::string transit_slide = "signage/daytime-transit";
    // Fresh: "As of", traffic-light colours. Old: the warning, in the slide's language.
    const double fresh = double(f.app->transit().data_unix + 60) * 1000.0;
    f.app->reset_session();
    f.app->note_input(fresh);
    REQUIRE(f.app->open_screen(transit_slide).ok());
    f.app->session().locale = "en";
    f.frame(fresh);
    CHECK(f.all_text().find("As of") != std::string::npos);
    CHECK(f.all_text().find("Not up to date") == std::string::npos);
    CHECK(f.all_text().find("Ginza") != std::string::npos);
    const double stale = fresh + double(f.app->bundle().signage.transit.stale_minutes + 1) * 60000;
    f.app->note_input(stale);
    f.frame(stale);
    CHECK(f.all_text().find("Not up to date") != std::string::npos);
}

TEST_CASE("signage: the transit board never leaves out a line in trouble") {
    Fixture f;
    transit::TransitBoard board;
    board.data_unix = int64_t(f.monday() / 1000) - 60;
    for (int i = 0; i < 30; ++i) {
        transit::LineStatus line;
        line.railway_id = "odpt.Railway:Test.Line" + std::to_string(i);
        line.line_name = {{"en", "Normal Line " + std::to_string(i)}};
        board.lines.push_back(line);
    }
    transit::LineStatus suspended;
    suspended.railway_id = "odpt.Railway:Test.Stopped";
    suspended.line_name = {{"en", "Stopped Line"}};
    suspended.state = transit::LineState::Suspended;
    suspended.status = {{"en", "Operation suspended"}};
    suspended.text = {{"en", "Service is suspended between A and B."}};
    board.lines.push_back(suspended);
    f.app->set_transit(board);
    f.app->reset_session();
    f.app->note_input(f.monday());
    REQUIRE(f.app->open_screen("signage/daytime-transit").ok());
    f.app->session().locale = "en";
    f.frame(f.monday());
    const std::string text = f.all_text();
    CHECK(text.find("Stopped Line") != std::string::npos);
    CHECK(text.find("Service is suspended between A and B.") != std::string::npos);
    CHECK(text.find("more lines: normal service") != std::string::npos);
    CHECK(text.find("Normal Line 29") == std::string::npos); // room ran out before it
}

TEST_CASE("signage: bundle check names a slide whose text does not fit, at its playlist line") {
    bundle::test::TempDir temp;
    const auto ward = temp / "ward";
    std::filesystem::copy(test::kDemoBundle, ward, std::filesystem::copy_options::recursive);
    const auto playlist = ward / "signage/playlists/daytime.toml";
    std::ifstream in(playlist);
    std::string toml{std::istreambuf_iterator<char>(in), {}};
    const std::string from = "body.en = \"Touch the screen for procedures";
    const size_t at = toml.find(from);
    REQUIRE(at != std::string::npos);
    std::string long_body;
    for (int i = 0; i < 20; ++i)
        long_body += "Touch the screen for procedures and daily-life information. ";
    toml.insert(at + from.size() - std::string("Touch the screen for procedures").size(),
                long_body);
    std::ofstream(playlist) << toml;
    test::Run run = test::run_kiosk("bundle check " + test::quoted(ward.string()));
    CHECK(run.exit_code == 1);
    CHECK_MESSAGE(run.output.find("signage/playlists/daytime.toml:3: slide welcome (en)") !=
                      std::string::npos,
                  run.output);
    CHECK(run.output.find("shorten the text") != std::string::npos);
    CHECK(run.output.find("(ja)") == std::string::npos); // the other languages fit
}

TEST_CASE("signage: bundle check reads the bundled transit feed and names with the terminal's "
          "parsers") {
    bundle::test::TempDir temp;
    const auto ward = temp / "ward";
    std::filesystem::copy(test::kDemoBundle, ward, std::filesystem::copy_options::recursive);
    const std::string dir = test::quoted(ward.string());
    auto check = [&] { return test::run_kiosk("bundle check --quick " + dir); };
    CHECK(check().exit_code == 0);

    std::ofstream(ward / "signage/transit.json")
        << R"([{"@type":"odpt:TrainInformation","odpt:railway":7}])";
    test::Run skipped = check();
    CHECK(skipped.exit_code == 0); // a skipped entry is a warning: the rest of a feed shows
    CHECK_MESSAGE(skipped.output.find("signage/transit.json:1: warning: entry 1 skipped: "
                                      "odpt:railway is a number") != std::string::npos,
                  skipped.output);

    std::ofstream(ward / "signage/transit.json") << "not json";
    test::Run broken = check();
    CHECK(broken.exit_code == 1);
    CHECK(broken.output.find("signage/transit.json:1: not JSON") != std::string::npos);

    std::ofstream(ward / "signage/transit-names.toml") << "[operators.\"x\"]\nja = 1\n";
    test::Run names = check();
    CHECK(names.exit_code == 1);
    CHECK_MESSAGE(names.output.find("signage/transit-names.toml:2:") != std::string::npos,
                  names.output);
}
