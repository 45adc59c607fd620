#pragma once
// A kiosk over the sample bundle drawing into an offscreen surface: what the screen tests
// share.

#include "kiosk/app/app_setup.h"

#include <doctest/doctest.h>

#include <memory>
#include <string>

namespace kiosk::test {

inline const std::string kDemoBundle = std::string(KIOSK_TEST_DATA) + "/../content/demo-ward";

// A finger at `at`: going down this frame (press), or coming up (release).
inline app::PointerInput touch_at(ImVec2 at, bool press, bool release) {
    app::PointerInput in;
    in.pos = in.press_pos = at;
    in.down = press;
    in.pressed = press;
    in.released = release;
    return in;
}

struct ScreenFixture {
    std::unique_ptr<app::KioskApp> app;
    std::unique_ptr<render::Surface> surface; // declared before `text`, so it outlives its textures
    std::unique_ptr<render::TextRenderer> text;
    app::PointerInput no_input;

    ScreenFixture() {
        auto opened = app::open_app(kDemoBundle);
        REQUIRE_MESSAGE(opened.ok(), (opened.ok() ? "" : opened.error().describe()));
        app = std::move(*opened);
    }
    void open_surface(int width, int height) {
        text.reset();
        auto made = render::Surface::offscreen(width, height);
        REQUIRE(made.ok());
        surface = std::move(*made);
        text = std::make_unique<render::TextRenderer>(surface->renderer(), app->atlas());
    }
    bool frame(double now, bool present = true) {
        return app->frame(*surface, *text, no_input, now, present);
    }
    double now() const {
        return app::resolve_clock(std::string("2026-01-05T10:00"), app->bundle()).value();
    }
    // A fresh session on `screen`, laid out twice (page buttons appear on the second frame).
    void show(const std::string& screen, const std::string& locale, int text_size) {
        app->reset_session();
        auto opened = app->open_screen(screen);
        REQUIRE_MESSAGE(opened.ok(), (opened.ok() ? "" : opened.error().describe()));
        app->session().locale = locale;
        app->session().text_size = text_size;
        app->note_input(now());
        frame(now(), false);
        frame(now(), false);
    }
    // Every text the last frame laid out, one per line: what a visitor can read.
    std::string all_text() const {
        std::string text;
        for (const auto& box : app->last_text_boxes())
            if (box.paragraph) text += box.paragraph->text + "\n";
        return text;
    }
    const app::HitTarget* target(const std::string& id) const {
        for (const auto& t : app->last_targets())
            if (t.id == id) return &t;
        return nullptr;
    }
};

} // namespace kiosk::test
