// Interaction benchmarks on the real screens and the real renderer (SDL software, the
// same path as a window under Xvfb):
//   - frame time while a long page is drag-scrolled at 1920x1080 (median, p95, worst);
//   - time from a tap (release) to the next screen presented.
// Usage: ui_bench [BUNDLE_DIR] [--window]   (--window: a real SDL window, needs a display)

#include "kiosk/app/app_setup.h"

#include <SDL.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <vector>

using namespace kiosk;
using Clock = std::chrono::steady_clock;

namespace {

double ms_since(Clock::time_point t) {
    return std::chrono::duration<double, std::milli>(Clock::now() - t).count();
}

void report(const char* name, std::vector<double> v) {
    std::sort(v.begin(), v.end());
    std::printf("%s_median_ms: %.2f\n%s_p95_ms: %.2f\n%s_worst_ms: %.2f\n", name, v[v.size() / 2],
                name, v[size_t(double(v.size()) * 0.95)], name, v.back());
}

} // namespace

int main(int argc, char** argv) {
    std::string bundle =
        argc > 1 && argv[1][0] != '-' ? argv[1] : app::default_bundle_dir().string();
    bool window = false;
    for (int i = 1; i < argc; ++i)
        window |= std::strcmp(argv[i], "--window") == 0;
    auto app = app::open_app(bundle);
    if (!app) {
        std::fprintf(stderr, "%s\n", app.error().describe().c_str());
        return 1;
    }
    Result<std::unique_ptr<render::Surface>> surface = make_error("unset");
    if (window) {
        if (SDL_Init(SDL_INIT_VIDEO) != 0) return std::fprintf(stderr, "no display\n"), 1;
        surface = render::Surface::window({1920, 1080, false, "ui_bench"});
    } else {
        surface = render::Surface::offscreen(1920, 1080);
    }
    if (!surface) return std::fprintf(stderr, "%s\n", surface.error().describe().c_str()), 1;
    render::TextRenderer text((*surface)->renderer(), (*app)->atlas());
    const double now =
        app::resolve_clock(std::string("2026-01-05T10:00"), (*app)->bundle()).value();
    std::printf("renderer: %s\n", window ? "window" : "offscreen software");

    // 1. Scrolling: press in the page, drag 12 px a frame down the page and back.
    (*app)->reset_session();
    (*app)->note_input(now);
    (*app)->session().locale = "ja";
    (*app)->session().screen = "page/earthquake-preparedness";
    app::PointerInput in;
    (*app)->frame(**surface, text, in, now);
    (*app)->frame(**surface, text, in, now);
    in.pos = in.press_pos = ImVec2(900, 600);
    in.down = in.pressed = true;
    (*app)->frame(**surface, text, in, now);
    in.pressed = false;
    in.dragged = true;
    std::vector<double> frames;
    float max_scroll = 0;
    for (int i = 0; i < 400; ++i) {
        in.drag_dy = (i / 100) % 2 == 0 ? -12.f : 12.f;
        in.pos.y += in.drag_dy;
        auto t = Clock::now();
        (*app)->frame(**surface, text, in, now);
        frames.push_back(ms_since(t));
        max_scroll = std::max(max_scroll, (*app)->session().scroll);
    }
    std::printf("scroll_frames: %zu\nscroll_max_px: %.0f\n", frames.size(), max_scroll);
    report("scroll_frame", frames);

    // 2. Tap to next screen: home -> category, category -> page, and back home.
    std::vector<double> taps;
    for (int round = 0; round < 30; ++round) {
        (*app)->reset_session();
        (*app)->note_input(now);
        (*app)->session().locale = round % 2 ? "en" : "ja";
        app::PointerInput idle;
        (*app)->frame(**surface, text, idle, now);
        const app::HitTarget* target = nullptr;
        for (const auto& t : (*app)->last_targets())
            if (t.id == "category/procedures") target = &t;
        if (!target) return std::fprintf(stderr, "no category button\n"), 1;
        ImVec2 c(target->rect.x + target->rect.w / 2, target->rect.y + target->rect.h / 2);
        app::PointerInput press;
        press.pos = press.press_pos = c;
        press.down = press.pressed = true;
        (*app)->frame(**surface, text, press, now);
        app::PointerInput release = press;
        release.down = release.pressed = false;
        release.released = true;
        auto t = Clock::now();                        // the release arrives
        (*app)->frame(**surface, text, release, now); // handles the tap, presents the new screen
        taps.push_back(ms_since(t));
        if ((*app)->session().screen != "category/procedures")
            return std::fprintf(stderr, "tap missed\n"), 1;
    }
    report("tap_to_next_screen", taps);
    return 0;
}
