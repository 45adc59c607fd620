// kiosk run: the kiosk itself. Full screen and borderless; it redraws only when something
// changed (input, the minute on the clock), so an idle terminal sleeps.

#include "kiosk/app/app_setup.h"
#include "kiosk/app/sdl_input.h"
#include "kiosk/cli_args.h"
#include "kiosk/commands.h"

#include <SDL.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <string_view>

namespace kiosk::cli {

namespace {

constexpr const char* kUsage =
    "kiosk run [--bundle DIR | --store DIR --sync-url URL] [--windowed] [--size WxH]\n"
    "          [--lang TAG] [--text-size 1..4] [--theme NAME] [--shot-on-no-display OUT.png]\n"
    "          [--idle-seconds N]\n"
    "  The kiosk itself, full screen (default bundle: content/demo-ward). --windowed opens\n"
    "  a normal window of --size for development. Stop it with SIGTERM.";

// The next time the picture changes by itself: the clock's next minute, or an idle event.
Uint32 ms_until_next_change(double now_ms, double idle_event_ms) {
    double wait = 60000.0 - std::fmod(now_ms, 60000.0) + 5;
    if (idle_event_ms > 0) wait = std::min(wait, std::max(1.0, idle_event_ms - now_ms + 5));
    return Uint32(wait);
}

} // namespace

int run_main(const Argv& argv) {
    Args args(argv, {{"--bundle", true},
                     {"--store", true},
                     {"--sync-url", true},
                     {"--windowed", false},
                     {"--size", true},
                     {"--lang", true},
                     {"--text-size", true},
                     {"--theme", true},
                     {"--shot-on-no-display", true},
                     {"--idle-seconds", true}});
    if (args.wants_help()) {
        std::puts(kUsage);
        return Exit::Success;
    }
    if (!args.error().empty()) return usage_error("run", args.error(), kUsage);
    if (args.get("--store") || args.get("--sync-url"))
        return failure("run", "--store/--sync-url: syncing from a server is not part of this "
                              "version yet; use --bundle");
    int width = 1920, height = 1080;
    if (auto size = args.get("--size"); size && !parse_size(*size, width, height))
        return usage_error("run", "--size must be WxH, e.g. 1280x720", kUsage);

    auto app = app::open_app(args.get_or("--bundle", app::default_bundle_dir().string()));
    if (!app) return failure("run", app.error().describe());
    if (auto applied = app::apply_view_options(**app, args.get("--lang"), args.get("--text-size"),
                                               args.get("--theme"));
        !applied)
        return failure("run", applied.error().describe());

    // SIGINT/SIGTERM arrive as SDL_QUIT; closing the window (Alt+F4) must not quit a kiosk.
    SDL_SetHint(SDL_HINT_QUIT_ON_LAST_WINDOW_CLOSE, "0");
    SDL_SetHint(SDL_HINT_VIDEO_X11_NET_WM_BYPASS_COMPOSITOR, "0");
    SDL_SetHint(SDL_HINT_TOUCH_MOUSE_EVENTS, "0"); // we read touches ourselves
    // SDL falls back to its invisible "offscreen" driver when there is no display; unless
    // someone asked for it, that is no display at all.
    const bool asked_driver = std::getenv("SDL_VIDEODRIVER") != nullptr;
    const bool has_display = std::getenv("DISPLAY") || std::getenv("WAYLAND_DISPLAY");
    bool no_display = !asked_driver && !has_display;
    std::string why = no_display ? "neither DISPLAY nor WAYLAND_DISPLAY is set" : "";
    if (!no_display && SDL_Init(SDL_INIT_VIDEO | SDL_INIT_EVENTS) != 0) {
        no_display = true;
        why = SDL_GetError();
    }
    if (!no_display && !asked_driver) {
        const char* driver = SDL_GetCurrentVideoDriver();
        if (driver &&
            (std::string_view(driver) == "offscreen" || std::string_view(driver) == "dummy")) {
            no_display = true;
            why = std::string("SDL found only its ") + driver +
                  " video driver: set DISPLAY or WAYLAND_DISPLAY";
            SDL_Quit();
        }
    }
    if (no_display) {
        std::fprintf(stderr, "kiosk run: no display available (%s)\n", why.c_str());
        if (auto shot = args.get("--shot-on-no-display")) {
            Argv shot_args{"--bundle", args.get_or("--bundle", app::default_bundle_dir().string()),
                           "--screen", "home",
                           "--size",   std::to_string(width) + "x" + std::to_string(height),
                           "-o",       *shot};
            int rc = shot_main(shot_args);
            if (rc == 0)
                std::fprintf(stderr, "kiosk run: rendered the home screen to %s instead\n",
                             shot->c_str());
            return rc;
        }
        return Exit::Failure;
    }
    if (auto idle = args.get("--idle-seconds")) {
        int seconds = std::atoi(idle->c_str());
        if (seconds < 1 || seconds > 86400)
            return usage_error("run", "--idle-seconds must be 1..86400", kUsage);
        (*app)->set_idle_seconds(seconds);
    }
    const bool windowed = args.has("--windowed");
    auto surface = render::Surface::window({width, height, !windowed, "kiosk"});
    if (!surface) {
        SDL_Quit();
        return failure("run", surface.error().describe());
    }
    SDL_ShowCursor(windowed ? SDL_ENABLE : SDL_DISABLE);
    {
        render::TextRenderer text((*surface)->renderer(), (*app)->atlas());
        app::SdlInput input;
        int frames_due = 1;
        double now = app::resolve_clock(std::nullopt, (*app)->bundle()).value();
        (*app)->note_input(now);
        bool quit = false;
        while (!quit) {
            SDL_Event event;
            // Sleep until something happens or the clock needs its next minute.
            Uint32 timeout =
                frames_due > 0 ? 0 : ms_until_next_change(now, (*app)->next_idle_event_ms(now));
            bool got =
                timeout == 0 ? SDL_PollEvent(&event) : SDL_WaitEventTimeout(&event, int(timeout));
            input.begin_frame((*surface)->width(), (*surface)->height());
            while (got) {
                app::InputEffect effect = input.handle(event);
                if (effect.quit) quit = true;
                if (effect.window_changed) (*surface)->refresh_size();
                if (effect.key != app::NavKey::None) (*app)->press_key(effect.key);
                if (effect.activity)
                    (*app)->note_input(app::resolve_clock(std::nullopt, (*app)->bundle()).value());
                ++frames_due;
                if (quit || effect.frame_now) break;
                got = SDL_PollEvent(&event);
            }
            if (quit) break;
            now = app::resolve_clock(std::nullopt, (*app)->bundle()).value();
            if (frames_due == 0) frames_due = 1; // the minute turned
            if ((*app)->frame(**surface, text, input.pointer(), now))
                frames_due = 2;
            else
                frames_due = std::max(0, frames_due - 1);
            if (frames_due > 2) frames_due = 1;
        }
    }
    (*app)->shutdown_audio();
    surface->reset();
    SDL_Quit();
    return Exit::Success;
}

} // namespace kiosk::cli
