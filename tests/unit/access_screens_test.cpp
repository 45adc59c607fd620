// Accessibility requirements checked on every screen of the sample bundle, from the
// layout boxes of real offscreen frames and from their pixels (docs/ACCESSIBILITY.md).

#include "kiosk/app/screen_audit.h"
#include "player/access/contrast.h"
#include "screen_test_support.h"

#include <doctest/doctest.h>

#include <cstdlib>
#include <memory>

using namespace kiosk;

namespace {

using Fixture = test::ScreenFixture;

std::string describe(const std::vector<app::ScreenAuditProblem>& problems) {
    std::string out;
    // KIOSK_AUDIT_ALL=1 lists every problem, not only the first ten.
    const size_t limit = std::getenv("KIOSK_AUDIT_ALL") ? problems.size() : 10;
    for (size_t i = 0; i < problems.size() && i < limit; ++i)
        out += problems[i].screen + " (" + problems[i].locale + ", size " +
               std::to_string(problems[i].text_size) + "): " + problems[i].message + "\n";
    return out;
}

// What a visitor sees holds on every screen, in every locale, at every text size: no text
// clipped or missing a glyph, targets of 20 mm or more, 60 % of the height for content,
// every choice that matters visible without scrolling, nothing drawn over anything, no
// word broken, pictures the same size at every text size. One test case per screen size,
// so that each stays well inside the test timeout under the sanitizers.
void audit_whole_matrix(int w, int h) {
    Fixture f;
    f.open_surface(w, h);
    app::ScreenAuditStats stats;
    auto problems =
        app::audit_screens(*f.app, *f.surface, *f.text, screens::list_screen_ids(f.app->bundle()),
                           f.app->bundle().locales, {1, 2, 3, 4}, f.now(), &stats);
    CHECK_MESSAGE(problems.empty(), describe(problems));
    CHECK(stats.frames == int(screens::list_screen_ids(f.app->bundle()).size() *
                              f.app->bundle().locales.size() * 4));
    MESSAGE("audit at " << w << "x" << h << ": " << stats.frames << " layouts; smallest target "
                        << stats.smallest_target_mm << " mm (" << stats.smallest_target
                        << "); lowest content share " << stats.lowest_content_share << " ("
                        << stats.lowest_content_share_at << "); hidden choices "
                        << stats.hidden_choices << "; overlaps " << stats.overlaps
                        << "; mid-word breaks " << stats.mid_word_breaks << "; resized pictures "
                        << stats.resized_pictures << "; overflowing text "
                        << stats.overflowing_text);
    CHECK(stats.smallest_target_mm >= 20.0f);
    CHECK(stats.lowest_content_share >= app::kMinContentShare);
}

} // namespace

TEST_CASE("what a visitor sees holds on every screen, locale and text size: 1920x1080") {
    audit_whole_matrix(1920, 1080);
}

TEST_CASE("what a visitor sees holds on every screen, locale and text size: 1080x1920") {
    audit_whole_matrix(1080, 1920);
}

TEST_CASE("what a visitor sees holds on every screen, locale and text size: 1280x720") {
    audit_whole_matrix(1280, 720);
}

TEST_CASE("the largest text size is at least twice the default") {
    CHECK(screens::text_scale_for(4) >= 2.0f * screens::text_scale_for(1));
    for (int size = 1; size < 4; ++size)
        CHECK(screens::text_scale_for(size + 1) > screens::text_scale_for(size));
}

TEST_CASE("low reach puts every control in the lower part of the screen, on every screen") {
    Fixture f;
    f.open_surface(1920, 1080);
    for (const auto& screen : screens::list_screen_ids(f.app->bundle())) {
        for (const auto& locale : {"ja", "en", "ar"}) {
            f.app->reset_session();
            f.app->session().screen = screen;
            f.app->session().locale = locale;
            f.app->session().low_reach = true;
            f.app->note_input(f.now());
            f.frame(f.now(), false);
            f.frame(f.now(), false);
            for (const auto& t : f.app->last_targets()) {
                CAPTURE(screen);
                CAPTURE(t.id);
                CHECK(t.rect.y >= 1080 * screens::kLowReachTop - 0.5f);
            }
        }
    }
}

TEST_CASE("text keeps its theme contrast on rendered pixels") {
    Fixture f;
    f.open_surface(1920, 1080);
    for (const char* theme_name : {"default", "high-contrast"}) {
        CAPTURE(theme_name);
        const access::Theme& theme = *access::find_theme(theme_name);
        f.app->reset_session();
        f.app->session().theme = theme_name;
        f.app->session().screen = "page/evacuation-sites";
        f.app->session().locale = "en";
        f.app->note_input(f.now());
        f.frame(f.now());
        raster::Image image = f.surface->read_pixels();
        // The body text boxes: the pixel farthest from the background inside them is the
        // text colour, and it keeps the theme's 7:1.
        double best = 1.0;
        int boxes = 0;
        for (const auto& box : f.app->last_text_boxes()) {
            if (box.rect.y < 150 || box.ink.y + box.ink.h > 800 || box.ink.w < 200)
                continue; // body, not bars
            ++boxes;
            for (int y = int(box.ink.y); y < int(box.ink.y + box.ink.h); ++y)
                for (int x = int(box.ink.x); x < int(box.ink.x + box.ink.w); ++x) {
                    const uint8_t* p = image.pixel(x, y);
                    best = std::max(best, access::contrast_ratio(IM_COL32(p[0], p[1], p[2], 255),
                                                                 theme.background));
                }
        }
        CHECK(boxes > 2);
        CHECK(best >= 7.0);
        CHECK(best ==
              doctest::Approx(access::contrast_ratio(theme.text, theme.background)).epsilon(0.05));
    }
}

TEST_CASE(
    "keyboard focus follows reading order, is drawn, and Select presses the focused control") {
    Fixture f;
    f.open_surface(1920, 1080);
    f.app->reset_session();
    f.app->session().locale = "en";
    f.app->note_input(f.now());
    f.frame(f.now());
    auto order = app::reading_order(f.app->last_targets(), false);
    REQUIRE(order.size() >= 5);
    CHECK(order.front()->id == "category/living"); // content before the bar, top-left first

    f.app->press_key(app::NavKey::Next);
    f.frame(f.now());
    CHECK(f.app->focus() == "category/living");
    // The focus ring is drawn just outside the target, in the theme's focus colour.
    raster::Image image = f.surface->read_pixels();
    const app::HitTarget* target = nullptr;
    for (const auto& t : f.app->last_targets())
        if (t.id == "category/living") target = &t;
    REQUIRE(target);
    int ring_pixels = 0;
    const ImU32 focus = access::default_theme().focus;
    for (int x = int(target->rect.x); x < int(target->rect.x + target->rect.w); ++x)
        for (int dy = 1; dy <= 10; ++dy) {
            const uint8_t* p = image.pixel(x, int(target->rect.y) - dy);
            if (IM_COL32(p[0], p[1], p[2], 255) == focus) ++ring_pixels;
        }
    CHECK(ring_pixels > int(target->rect.w));

    f.app->press_key(app::NavKey::Right);
    f.frame(f.now());
    CHECK(f.app->focus() == "category/procedures");
    f.app->press_key(app::NavKey::Select);
    f.frame(f.now());
    CHECK(f.app->session().screen == "category/procedures");
    f.app->press_key(app::NavKey::Home);
    f.frame(f.now());
    CHECK(f.app->session().screen == "home");
}

TEST_CASE("arabic reading order runs right to left") {
    Fixture f;
    f.open_surface(1920, 1080);
    f.app->reset_session();
    f.app->session().locale = "ar";
    f.app->note_input(f.now());
    f.frame(f.now());
    auto order = app::reading_order(f.app->last_targets(), true);
    REQUIRE(order.size() >= 2);
    CHECK(order[0]->id == "category/living");
    CHECK(order[0]->rect.x > order[1]->rect.x);
}

TEST_CASE("idle: a warning of at least 20 s, extended by any input, then everything is wiped") {
    Fixture f;
    f.open_surface(1280, 720);
    const double t0 = f.now();
    const int idle = f.app->bundle().idle_seconds;
    f.app->reset_session();
    f.app->note_input(t0);
    f.app->session().locale = "ne";
    f.app->session().text_size = 3;
    f.app->session().screen = "page/moving-in";
    f.app->session().answers = {{"origin", "abroad"}};

    CHECK(f.app->idle_warning_seconds_left(t0 + (idle - 1) * 1000.0) == 0);
    CHECK(f.app->idle_warning_seconds_left(t0 + idle * 1000.0) >= 20);
    CHECK(app::KioskApp::kIdleWarningSeconds >= 20);
    f.frame(t0 + (idle + 5) * 1000.0);
    CHECK(f.app->session().screen == "page/moving-in"); // warned, not yet wiped
    bool continue_shown = false;
    for (const auto& t : f.app->last_targets())
        continue_shown |= t.id == "idle/continue";
    CHECK(continue_shown);

    // Any input extends it, as often as needed.
    for (int round = 1; round <= 3; ++round) {
        double t = t0 + round * (idle + 25) * 1000.0;
        f.app->note_input(t);
        CHECK(f.app->idle_warning_seconds_left(t + 1000.0) == 0);
    }
    const double last_input = t0 + 3 * (idle + 25) * 1000.0;
    f.frame(last_input + (idle + app::KioskApp::kIdleWarningSeconds) * 1000.0);
    CHECK(f.app->session().screen == "home");
    CHECK(f.app->session().locale == f.app->bundle().default_locale);
    CHECK(f.app->session().text_size == 1);
    CHECK(f.app->session().answers.empty());
}

TEST_CASE("nothing moves in interactive mode: two frames a few seconds apart are identical") {
    Fixture f;
    f.open_surface(1280, 720);
    const double t0 = f.now(); // 10:00:00: the clock shows the same minute for 59 s
    f.app->reset_session();
    f.app->note_input(t0);
    f.app->session().screen = "page/evacuation-sites";
    f.frame(t0, false);
    f.frame(t0 + 1000);
    raster::Image a = f.surface->read_pixels();
    f.frame(t0 + 30000);
    raster::Image b = f.surface->read_pixels();
    CHECK(raster::compare_images(a, b, 0).differing == 0);
}

TEST_CASE("read aloud: off until asked; then each new screen's title and text, then the focused "
          "control") {
    setenv("SDL_AUDIODRIVER", "dummy", 1);
    Fixture f;
    f.open_surface(1280, 720);
    f.app->reset_session();
    f.app->note_input(f.now());
    f.app->session().locale = "ja-x-easy";
    f.app->session().screen = "page/moving-in";
    f.frame(f.now());
    CHECK(f.app->speech() == nullptr); // nothing is spoken that the visitor did not ask for
    CHECK(f.app->last_spoken().empty());

    f.app->session().speech = true;
    f.frame(f.now());
    REQUIRE(f.app->speech() != nullptr);
    // Easy Japanese is read from its ruby: readings, no markup, no kanji of annotated words.
    const std::string page_text = f.app->last_spoken();
    CHECK(page_text.find("{") == std::string::npos);
    CHECK(page_text.find("|") == std::string::npos);
    CHECK(page_text.find("ひ") != std::string::npos);
    CHECK(f.app->speech()->counters().requested == 1);

    // Moving the focus reads the focused control.
    f.app->press_key(app::NavKey::Next);
    f.frame(f.now());
    CHECK(f.app->speech()->counters().requested == 2);
    CHECK(f.app->last_spoken() != page_text);
    CHECK(!f.app->last_spoken().empty());

    // A new screen replaces what was being read.
    f.app->press_key(app::NavKey::Home);
    f.frame(f.now());
    f.frame(f.now());
    CHECK(f.app->speech()->counters().requested == 3);

    // The idle reset turns it off again.
    f.frame(f.now() + (f.app->bundle().idle_seconds + 31) * 1000.0);
    CHECK_FALSE(f.app->session().speech);
    f.app->shutdown_audio();
}
