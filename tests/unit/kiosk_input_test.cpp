// Touch input on real screens: a drag scrolls a long page and never presses the button
// it started on; a tap presses. And the layout holds from 1280x720 to 3840x2160.

#include "kiosk/app/app_setup.h"
#include "kiosk/app/screen_audit.h"

#include <doctest/doctest.h>

using namespace kiosk;

namespace {

struct Kiosk {
    std::unique_ptr<app::KioskApp> app;
    std::unique_ptr<render::Surface> surface; // declared before `text`, so it outlives its textures
    std::unique_ptr<render::TextRenderer> text;
    double now = 0;

    Kiosk(int width, int height) {
        auto opened = app::open_app(std::string(KIOSK_TEST_DATA) + "/../content/demo-ward");
        REQUIRE(opened.ok());
        app = std::move(*opened);
        auto made = render::Surface::offscreen(width, height);
        REQUIRE(made.ok());
        surface = std::move(*made);
        text = std::make_unique<render::TextRenderer>(surface->renderer(), app->atlas());
        now = app::resolve_clock(std::string("2026-01-05T10:00"), app->bundle()).value();
        app->reset_session();
        app->note_input(now);
    }
    void frame(const app::PointerInput& input) { app->frame(*surface, *text, input, now); }
    const app::HitTarget* target(std::string_view id) const {
        for (const auto& t : app->last_targets())
            if (t.id == id) return &t;
        return nullptr;
    }
};

ImVec2 centre(const app::HitTarget& t) {
    return {t.rect.x + t.rect.w / 2, t.rect.y + t.rect.h / 2};
}

} // namespace

TEST_CASE("a drag scrolls a long page and does not press the button it started on") {
    Kiosk k(1920, 1080);
    k.app->session().locale = "en";
    k.app->session().screen = "page/garbage-sorting";
    app::PointerInput none;
    k.frame(none);
    k.frame(none);                        // with page buttons
    REQUIRE(k.app->session().scroll_row); // the page is longer than the screen
    // Start the drag on a link button inside the page.
    const app::HitTarget* link = nullptr;
    for (const auto& t : k.app->last_targets())
        if (t.id.rfind("link/", 0) == 0 && t.rect.y > 150 && t.rect.y < 600) link = &t;
    ImVec2 start = link ? centre(*link) : ImVec2(900, 400);
    app::PointerInput in;
    in.pos = in.press_pos = start;
    in.down = in.pressed = true;
    k.frame(in);
    in.pressed = false;
    for (int i = 0; i < 20; ++i) { // drag up by 300 px in 15 px steps
        in.drag_dy = -15;
        in.pos.y -= 15;
        in.dragged = true;
        k.frame(in);
    }
    in.down = false;
    in.released = true;
    k.frame(in);
    CHECK(k.app->session().screen == "page/garbage-sorting"); // nothing was pressed
    CHECK(k.app->session().scroll == doctest::Approx(300).epsilon(0.01));
}

TEST_CASE("a tap presses: home to a category, Back returns with the scroll reset") {
    Kiosk k(1920, 1080);
    app::PointerInput none;
    k.frame(none);
    const app::HitTarget* button = k.target("category/transit");
    REQUIRE(button);
    app::PointerInput in;
    in.pos = in.press_pos = centre(*button);
    in.down = in.pressed = true;
    k.frame(in);
    CHECK(k.app->session().screen == "home"); // a press alone does nothing yet
    in.down = in.pressed = false;
    in.released = true;
    k.frame(in);
    CHECK(k.app->session().screen == "category/transit");
    k.app->press_key(app::NavKey::Back);
    k.frame(none);
    CHECK(k.app->session().screen == "home");
}

TEST_CASE("the layout holds at 1280x720 and 3840x2160: nothing clipped, targets of 20 mm") {
    for (auto [w, h] : {std::pair{1280, 720}, std::pair{3840, 2160}, std::pair{720, 1280}}) {
        CAPTURE(w);
        Kiosk k(w, h);
        auto problems = app::audit_screens(*k.app, *k.surface, *k.text,
                                           screens::list_screen_ids(k.app->bundle()),
                                           {"ja", "en", "ne", "ar", "my"}, {1, 4}, k.now);
        std::string first = problems.empty() ? "" : problems[0].screen + ": " + problems[0].message;
        CHECK_MESSAGE(problems.empty(), first);
    }
}
