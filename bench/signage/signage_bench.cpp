// Signage figures (issue 17), on the real screens and renderer (SDL software, offscreen):
//   - ten minutes of the schedule played accelerated at 1920x1080: a frame at every slide
//     change and every minute (what `kiosk run` draws; nothing moves in between), with the
//     frame times and the CPU they took, scaled to what ten real minutes cost;
//   - memory (peak and current RSS) after 100 slide changes and after 100,000 (flat, or a
//     leak per slide);
//   - a touch on signage to the home screen presented (median and worst of 20).
// Usage: signage_bench [BUNDLE_DIR] [--changes N] [--start YYYY-MM-DDTHH:MM]

#include "kiosk/app/app_setup.h"

#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <string>
#include <vector>

using namespace kiosk;
using Clock = std::chrono::steady_clock;

namespace {

double ms_since(Clock::time_point t) {
    return std::chrono::duration<double, std::milli>(Clock::now() - t).count();
}

double cpu_seconds() {
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
           double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
}

// VmRSS and VmHWM of this process in MiB.
std::pair<double, double> rss_mib() {
    std::ifstream status("/proc/self/status");
    std::string line;
    double rss = 0, hwm = 0;
    while (std::getline(status, line)) {
        if (line.rfind("VmRSS:", 0) == 0) rss = std::stod(line.substr(6)) / 1024.0;
        if (line.rfind("VmHWM:", 0) == 0) hwm = std::stod(line.substr(6)) / 1024.0;
    }
    return {rss, hwm};
}

void report(const char* name, std::vector<double> v) {
    if (v.empty()) return;
    std::sort(v.begin(), v.end());
    std::printf("%s_median_ms: %.2f\n%s_p95_ms: %.2f\n%s_worst_ms: %.2f\n", name, v[v.size() / 2],
                name, v[size_t(double(v.size()) * 0.95)], name, v.back());
}

struct Player {
    app::KioskApp& app;
    render::Surface& surface;
    render::TextRenderer& text;
    app::PointerInput none;
    double now = 0;

    // Draws what the screen shows now; returns the frame time.
    double frame() {
        const auto start = Clock::now();
        app.frame(surface, text, none, now);
        return ms_since(start);
    }
    // On to the next moment the picture changes by itself (a slide, else the next minute).
    void advance() {
        const double next = app.next_idle_event_ms(now);
        const double minute = (std::floor(now / 60000.0) + 1) * 60000.0;
        now = next > now ? std::min(next, minute) : minute;
    }
};

} // namespace

int main(int argc, char** argv) {
    std::string bundle = app::default_bundle_dir().string();
    std::string start = "2026-12-07T10:00"; // a Monday morning
    long changes = 100000;
    for (int i = 1; i < argc; ++i) {
        if (std::strcmp(argv[i], "--changes") == 0 && i + 1 < argc)
            changes = std::atol(argv[++i]);
        else if (std::strcmp(argv[i], "--start") == 0 && i + 1 < argc)
            start = argv[++i];
        else
            bundle = argv[i];
    }
    auto app = app::open_app(bundle);
    if (!app) return std::fprintf(stderr, "%s\n", app.error().describe().c_str()), 1;
    if (!(*app)->bundle().signage.present)
        return std::fprintf(stderr, "%s has no signage\n", bundle.c_str()), 1;
    (void)(*app)->load_bundled_transit();
    auto surface = render::Surface::offscreen(1920, 1080);
    if (!surface) return std::fprintf(stderr, "%s\n", surface.error().describe().c_str()), 1;
    render::TextRenderer text((*surface)->renderer(), (*app)->atlas());
    auto clock = app::resolve_clock(start, (*app)->bundle());
    if (!clock) return std::fprintf(stderr, "%s\n", clock.error().describe().c_str()), 1;
    Player player{**app, **surface, text, {}, *clock};
    std::printf("machine_load_average: ");
    std::fflush(stdout);
    std::system("cut -d' ' -f1 /proc/loadavg");

    // 1. Ten minutes of schedule, accelerated: every frame the kiosk would draw.
    std::vector<double> frames;
    const double end = player.now + 10 * 60 * 1000.0;
    const double cpu0 = cpu_seconds();
    while (player.now < end) {
        frames.push_back(player.frame());
        player.advance();
    }
    const double cpu = cpu_seconds() - cpu0;
    std::printf("ten_minutes_frames: %zu\n", frames.size());
    report("signage_frame", frames);
    std::printf("ten_minutes_cpu_s: %.3f (%.4f %% of one core over ten real minutes)\n", cpu,
                cpu / 600.0 * 100.0);

    // 2. Memory: RSS after 100 slide changes, then after `changes`, drawn at 960x540 (a
    // quarter of the pixels, the same texts and caches) so that 100,000 changes take
    // minutes, not half an hour.
    auto small = render::Surface::offscreen(960, 540);
    if (!small) return std::fprintf(stderr, "%s\n", small.error().describe().c_str()), 1;
    render::TextRenderer small_text((*small)->renderer(), (*app)->atlas());
    Player memory{**app, **small, small_text, {}, player.now};
    long done = 0;
    auto play = [&](long until) {
        for (; done < until; ++done) {
            memory.frame();
            memory.advance();
            (void)(*app)->take_played(); // as the run loop does
        }
    };
    play(100);
    auto [rss_100, hwm_100] = rss_mib();
    std::printf("rss_after_100_mib: %.1f (peak %.1f)\n", rss_100, hwm_100);
    const auto t0 = Clock::now();
    // Checkpoints along the way: a cache that fills and then holds looks different from a
    // leak, which keeps growing in step with the changes.
    for (long checkpoint = 1000; checkpoint < changes; checkpoint *= 4) {
        play(checkpoint);
        std::printf("rss_after_%ld_mib: %.1f (paragraphs cached: %zu)\n", checkpoint,
                    rss_mib().first, (*app)->cache().size());
        std::fflush(stdout);
    }
    play(changes);
    auto [rss_n, hwm_n] = rss_mib();
    std::printf("rss_after_%ld_mib: %.1f (peak %.1f), %.1f s\n", changes, rss_n, hwm_n,
                ms_since(t0) / 1000.0);

    player.now = memory.now;
    // 3. A touch on signage to the home screen: the frame that takes the touch draws home.
    std::vector<double> wake;
    for (int i = 0; i < 20; ++i) {
        (*app)->reset_session();
        player.now += double((*app)->bundle().idle_seconds + 1) * 1000.0;
        player.frame(); // signage on screen
        app::PointerInput touch;
        touch.pos = touch.press_pos = ImVec2(960, 540);
        touch.down = touch.pressed = true;
        (*app)->note_input(player.now);
        const auto t = Clock::now();
        (*app)->frame(**surface, text, touch, player.now);
        wake.push_back(ms_since(t));
        if ((*app)->session().screen != "home" || (*app)->attract_mode(player.now))
            return std::fprintf(stderr, "the touch did not bring the home screen\n"), 1;
        app::PointerInput release;
        release.pos = release.press_pos = touch.pos;
        release.released = true;
        (*app)->frame(**surface, text, release, player.now);
    }
    report("touch_to_home", wake);
    return 0;
}
