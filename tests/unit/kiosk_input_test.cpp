// Touch input on real screens: a drag scrolls a long page and never presses the button
// it started on; a tap presses. And the layout holds from 1280x720 to 3840x2160. Then
// SDL events, constructed or through SDL's queue, translated by SdlInput.

#include "kiosk/app/app_setup.h"
#include "kiosk/app/screen_audit.h"
#include "kiosk/app/sdl_input.h"

#include <SDL.h>
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

// SDL events to kiosk input (kiosk/app/sdl_input.h), as `kiosk run` reads them.

namespace {

SDL_Event key_event(SDL_Keycode sym, Uint16 mod = KMOD_NONE) {
    SDL_Event e{};
    e.type = SDL_KEYDOWN;
    e.key.keysym.sym = sym;
    e.key.keysym.mod = mod;
    return e;
}

SDL_Event mouse_button(Uint32 type, int x, int y, Uint8 button = SDL_BUTTON_LEFT) {
    SDL_Event e{};
    e.type = type;
    e.button.button = button;
    e.button.x = x;
    e.button.y = y;
    return e;
}

SDL_Event mouse_motion(int x, int y) {
    SDL_Event e{};
    e.type = SDL_MOUSEMOTION;
    e.motion.x = x;
    e.motion.y = y;
    return e;
}

SDL_Event finger(Uint32 type, float x, float y) {
    SDL_Event e{};
    e.type = type;
    e.tfinger.x = x;
    e.tfinger.y = y;
    return e;
}

} // namespace

TEST_CASE("keyboard keys become keypad keys; Escape does nothing but counts as activity") {
    const std::pair<SDL_Event, app::NavKey> cases[] = {
        {key_event(SDLK_TAB), app::NavKey::Next},
        {key_event(SDLK_TAB, KMOD_LSHIFT), app::NavKey::Previous},
        {key_event(SDLK_UP), app::NavKey::Up},
        {key_event(SDLK_DOWN), app::NavKey::Down},
        {key_event(SDLK_LEFT), app::NavKey::Left},
        {key_event(SDLK_RIGHT), app::NavKey::Right},
        {key_event(SDLK_RETURN), app::NavKey::Select},
        {key_event(SDLK_KP_ENTER), app::NavKey::Select},
        {key_event(SDLK_SPACE), app::NavKey::Select},
        {key_event(SDLK_BACKSPACE), app::NavKey::Back},
        {key_event(SDLK_HOME), app::NavKey::Home},
        {key_event(SDLK_F1), app::NavKey::Help},
        {key_event(SDLK_h), app::NavKey::Help},
        {key_event(SDLK_ESCAPE), app::NavKey::None},
        {key_event(SDLK_a), app::NavKey::None},
    };
    for (const auto& [event, expected] : cases) {
        CAPTURE(event.key.keysym.sym);
        app::SdlInput input;
        input.begin_frame(1920, 1080);
        app::InputEffect effect = input.handle(event);
        CHECK(effect.key == expected);
        CHECK(effect.activity);  // any key restarts the idle countdown
        CHECK(effect.frame_now); // each key gets a frame of its own
        CHECK_FALSE(effect.quit);
        CHECK_FALSE(input.pointer().pressed);
    }
}

TEST_CASE("a mouse press and release that stay within the slop are a tap") {
    app::SdlInput input;
    input.begin_frame(1920, 1080);
    app::InputEffect down = input.handle(mouse_button(SDL_MOUSEBUTTONDOWN, 100, 200));
    CHECK(down.activity);
    CHECK(down.frame_now); // the press is drawn before its release is read
    CHECK(input.pointer().down);
    CHECK(input.pointer().pressed);
    CHECK(input.pointer().press_pos.x == 100);
    CHECK(input.pointer().press_pos.y == 200);

    input.begin_frame(1920, 1080);
    CHECK_FALSE(input.pointer().pressed);                          // only in the frame it went down
    app::InputEffect moved = input.handle(mouse_motion(110, 210)); // 14 px < 24 px
    CHECK(moved.activity);
    CHECK_FALSE(moved.frame_now);
    CHECK_FALSE(input.pointer().dragged);
    CHECK(input.pointer().drag_dy == 10);

    app::InputEffect up = input.handle(mouse_button(SDL_MOUSEBUTTONUP, 110, 210));
    CHECK(up.frame_now);
    CHECK(input.pointer().released);
    CHECK_FALSE(input.pointer().down);
    CHECK_FALSE(input.pointer().dragged);
}

TEST_CASE("moving beyond the slop makes a drag, and vertical movement adds up per frame") {
    app::SdlInput input;
    input.begin_frame(1920, 1080);
    input.handle(mouse_button(SDL_MOUSEBUTTONDOWN, 500, 500));
    input.begin_frame(1920, 1080);
    input.handle(mouse_motion(500, 490));
    input.handle(mouse_motion(500, 470)); // 30 px from the press: beyond 24 px
    CHECK(input.pointer().dragged);
    CHECK(input.pointer().drag_dy == -30);
    input.begin_frame(1920, 1080);
    CHECK(input.pointer().drag_dy == 0);  // movement is per frame
    CHECK(input.pointer().dragged);       // the drag lasts until release
    input.handle(mouse_motion(500, 495)); // back near the start: still a drag
    CHECK(input.pointer().dragged);
    input.handle(mouse_button(SDL_MOUSEBUTTONUP, 500, 495));
    CHECK(input.pointer().released);
    CHECK(input.pointer().dragged); // so the release does not press what is under it
}

TEST_CASE("the tap slop scales with the shorter side of the surface") {
    app::SdlInput input;
    input.begin_frame(3840, 2160); // 48 px at 4K
    input.handle(mouse_button(SDL_MOUSEBUTTONDOWN, 1000, 1000));
    input.handle(mouse_motion(1000, 1040));
    CHECK_FALSE(input.pointer().dragged);
    input.handle(mouse_motion(1000, 1050));
    CHECK(input.pointer().dragged);

    app::SdlInput small;
    small.begin_frame(1280, 720); // 16 px at 720p
    small.handle(mouse_button(SDL_MOUSEBUTTONDOWN, 100, 100));
    small.handle(mouse_motion(100, 120));
    CHECK(small.pointer().dragged);
}

TEST_CASE("touch positions are fractions of the surface") {
    app::SdlInput input;
    input.begin_frame(1280, 720);
    app::InputEffect down = input.handle(finger(SDL_FINGERDOWN, 0.5f, 0.25f));
    CHECK(down.activity);
    CHECK(down.frame_now);
    CHECK(input.pointer().pressed);
    CHECK(input.pointer().pos.x == doctest::Approx(640));
    CHECK(input.pointer().pos.y == doctest::Approx(180));
    input.begin_frame(1280, 720);
    app::InputEffect moved = input.handle(finger(SDL_FINGERMOTION, 0.5f, 0.5f)); // 180 px down
    CHECK(moved.activity); // a finger scrolling a page is someone there
    CHECK(input.pointer().dragged);
    CHECK(input.pointer().drag_dy == doctest::Approx(180));
    input.handle(finger(SDL_FINGERUP, 0.5f, 0.5f));
    CHECK(input.pointer().released);
    CHECK(input.pointer().pos.y == doctest::Approx(360));
}

TEST_CASE("other buttons, a resting mouse, window events and SDL_QUIT") {
    app::SdlInput input;
    input.begin_frame(1920, 1080);
    app::InputEffect right =
        input.handle(mouse_button(SDL_MOUSEBUTTONDOWN, 10, 10, SDL_BUTTON_RIGHT));
    CHECK(right.activity); // someone is there, but only the left button presses
    CHECK_FALSE(input.pointer().pressed);
    CHECK_FALSE(input.pointer().down);

    app::InputEffect hover = input.handle(mouse_motion(50, 60));
    CHECK_FALSE(hover.activity); // a mouse moving with no button down is nobody
    CHECK(input.pointer().pos.x == 50);

    SDL_Event window{};
    window.type = SDL_WINDOWEVENT;
    window.window.event = SDL_WINDOWEVENT_SIZE_CHANGED;
    app::InputEffect resized = input.handle(window);
    CHECK(resized.window_changed);
    CHECK_FALSE(resized.activity);

    SDL_Event quit{};
    quit.type = SDL_QUIT;
    CHECK(input.handle(quit).quit);
}

TEST_CASE("events through SDL's queue: a tap on a category opens it, a drag scrolls a page") {
    REQUIRE(SDL_InitSubSystem(SDL_INIT_EVENTS) == 0);
    SDL_FlushEvents(SDL_FIRSTEVENT, SDL_LASTEVENT);
    Kiosk k(1920, 1080);
    app::SdlInput input;
    // The run loop's inner part: read events until one asks for a frame, then draw it.
    // SDL_PeepEvents, not SDL_PollEvent: since SDL 2.26 a poll that follows a loop left
    // early (as here, after a press) meets the previous poll's sentinel and returns no
    // event once; the run loop simply goes round again, this helper would lose the step.
    auto pump = [&] {
        input.begin_frame(k.surface->width(), k.surface->height());
        SDL_Event event;
        SDL_PumpEvents();
        while (SDL_PeepEvents(&event, 1, SDL_GETEVENT, SDL_FIRSTEVENT, SDL_LASTEVENT) == 1) {
            app::InputEffect effect = input.handle(event);
            if (effect.key != app::NavKey::None) k.app->press_key(effect.key);
            if (effect.frame_now) break;
        }
        k.frame(input.pointer());
    };
    k.frame(input.pointer());
    const app::HitTarget* button = k.target("category/transit");
    REQUIRE(button);
    ImVec2 at = centre(*button);
    SDL_Event down = mouse_button(SDL_MOUSEBUTTONDOWN, int(at.x), int(at.y));
    SDL_Event up = mouse_button(SDL_MOUSEBUTTONUP, int(at.x), int(at.y));
    REQUIRE(SDL_PushEvent(&down) == 1);
    REQUIRE(SDL_PushEvent(&up) == 1); // both arrive before the next frame
    pump();
    CHECK(k.app->session().screen == "home"); // the press got a frame of its own
    pump();
    CHECK(k.app->session().screen == "category/transit");

    SDL_Event back = key_event(SDLK_BACKSPACE);
    REQUIRE(SDL_PushEvent(&back) == 1);
    pump();
    k.frame(app::PointerInput{});
    CHECK(k.app->session().screen == "home");

    k.app->session().locale = "en";
    k.app->session().screen = "page/garbage-sorting";
    k.frame(app::PointerInput{});
    k.frame(app::PointerInput{});
    REQUIRE(k.app->session().scroll_row);
    SDL_Event press = mouse_button(SDL_MOUSEBUTTONDOWN, 900, 700);
    REQUIRE(SDL_PushEvent(&press) == 1);
    pump();
    for (int y = 685; y >= 400; y -= 15) { // up by 300 px, one motion per frame
        SDL_Event move = mouse_motion(900, y);
        REQUIRE(SDL_PushEvent(&move) == 1);
        pump();
    }
    SDL_Event release = mouse_button(SDL_MOUSEBUTTONUP, 900, 400);
    REQUIRE(SDL_PushEvent(&release) == 1);
    pump();
    CHECK(k.app->session().screen == "page/garbage-sorting"); // the drag pressed nothing
    // The page follows the pointer once it is a drag: movement within the tap slop (the
    // first 15 px step here) does not scroll.
    CHECK(k.app->session().scroll == doctest::Approx(300 - 15).epsilon(0.01));
    SDL_QuitSubSystem(SDL_INIT_EVENTS);
}
