// Video figures (the video issue), with the real player and renderer (SDL software,
// offscreen), as the kiosk plays them:
//   1. a 1080p30 H.264 file played for its 60 s at 1920x1080: CPU of the whole process
//      (mpv's threads included) and of the UI thread, frames rendered, taken and dropped;
//   2. memory (RSS) while a 0.5 s clip loops 1,000 times, and across 200 players opened
//      and closed (flat, or a leak per loop or per player);
//   3. the sign-language button on page/moving-in to the first frame of the clip drawn
//      (median and worst of 20).
// The clips for 1 and 2 are made with ffmpeg once and kept in $TMPDIR/kiosk-video-bench.
// Usage: video_bench [BUNDLE_DIR] [--only 1|2|3] [--seconds S] [--loops N]

#include "kiosk/app/app_setup.h"

#include <SDL.h>
#include <malloc.h>
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <string>
#include <vector>

using namespace kiosk;
using Clock = std::chrono::steady_clock;
namespace fs = std::filesystem;

namespace {

double ms_since(Clock::time_point t) {
    return std::chrono::duration<double, std::milli>(Clock::now() - t).count();
}

double cpu_seconds(int who) {
    rusage usage{};
    getrusage(who, &usage);
    return double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
           double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
}

int threads() {
    std::ifstream status("/proc/self/status");
    std::string line;
    while (std::getline(status, line))
        if (line.rfind("Threads:", 0) == 0) return std::stoi(line.substr(8));
    return 0;
}

double rss_mib() {
    std::ifstream statm("/proc/self/statm");
    long size = 0, resident = 0;
    statm >> size >> resident;
    return double(resident) * double(sysconf(_SC_PAGESIZE)) / (1024.0 * 1024.0);
}

void print_load() {
    std::ifstream in("/proc/loadavg");
    std::string line;
    std::getline(in, line);
    std::printf("machine_load_average: %s\n", line.c_str());
    std::fflush(stdout);
}

// The render thread calls wake(); the UI thread sleeps in wait() until then, as `kiosk run`
// sleeps in SDL_WaitEvent. The timeout only bounds a wake that never comes.
class Waker {
  public:
    std::function<void()> callback() {
        return [this] {
            {
                std::lock_guard lock(m_mutex);
                m_due = true;
            }
            m_cv.notify_one();
        };
    }
    void wait(std::chrono::milliseconds timeout = std::chrono::milliseconds(200)) {
        std::unique_lock lock(m_mutex);
        m_cv.wait_for(lock, timeout, [this] { return m_due; });
        m_due = false;
    }

  private:
    std::mutex m_mutex;
    std::condition_variable m_cv;
    bool m_due = false;
};

fs::path cache_dir() {
    const char* tmp = std::getenv("TMPDIR");
    fs::path dir = fs::path(tmp && *tmp ? tmp : "/tmp") / "kiosk-video-bench";
    fs::create_directories(dir);
    return dir;
}

// Made once: encoding a minute of 1080p takes longer than playing it on a small machine.
bool make_clip(const fs::path& file, const std::string& ffmpeg_args) {
    if (fs::exists(file) && fs::file_size(file) > 0) return true;
    if (std::system("command -v ffmpeg >/dev/null 2>&1") != 0) {
        std::fprintf(stderr, "ffmpeg is needed to make %s (apt-get install ffmpeg)\n",
                     file.c_str());
        return false;
    }
    const fs::path partial = file.string() + ".part.mp4";
    const std::string command =
        "ffmpeg -nostdin -loglevel error -y " + ffmpeg_args + " '" + partial.string() + "'";
    std::printf("making %s\n", file.c_str());
    std::fflush(stdout);
    if (std::system(command.c_str()) != 0) {
        std::fprintf(stderr, "ffmpeg failed: %s\n", command.c_str());
        return false;
    }
    fs::rename(partial, file);
    return true;
}

// Copies the newest frame into the surface's streaming texture and draws it over the
// whole frame through the same ImGui draw list and SDL renderer as a video slide.
bool take_and_draw(media::VideoPlayer& player, render::Surface& surface, uint64_t& serial,
                   double* seconds = nullptr) {
    SDL_Texture* texture = nullptr;
    const bool took = player.take_frame(serial, [&](const media::FrameView& frame) {
        if (seconds) *seconds = frame.seconds;
        texture = surface.video_texture(frame.width, frame.height);
        if (texture) SDL_UpdateTexture(texture, nullptr, frame.pixels, frame.stride);
    });
    if (!took) return false;
    ImDrawList* list = surface.begin_frame();
    if (texture)
        list->AddImage(texture, ImVec2(0, 0),
                       ImVec2(float(surface.width()), float(surface.height())));
    surface.end_frame(IM_COL32(0, 0, 0, 255));
    return true;
}

int play_1080p(double seconds) {
    std::printf("\n# 1. 1080p30 H.264, %.0f s\n", seconds);
    const fs::path file = cache_dir() / "testsrc2-1080p30-60s.mp4";
    if (!make_clip(file, "-f lavfi -i testsrc2=size=1920x1080:rate=30 -f lavfi -i sine -t 60 "
                         "-c:v libx264 -preset veryfast -pix_fmt yuv420p -c:a aac"))
        return 1;
    auto surface = render::Surface::offscreen(1920, 1080);
    if (!surface) return std::fprintf(stderr, "%s\n", surface.error().describe().c_str()), 1;
    print_load();
    Waker waker;
    media::VideoOptions options;
    options.loop = false;
    options.muted = true;
    options.width = 1920;
    options.height = 1080;
    const auto t0 = Clock::now();
    const double cpu0 = cpu_seconds(RUSAGE_SELF), thread0 = cpu_seconds(RUSAGE_THREAD);
    auto player = media::VideoPlayer::open(file, options, waker.callback());
    if (!player) return std::fprintf(stderr, "%s\n", player.error().describe().c_str()), 1;
    uint64_t serial = 0;
    double first_frame_ms = -1;
    while (ms_since(t0) < seconds * 1000.0) {
        waker.wait();
        if (take_and_draw(**player, **surface, serial) && first_frame_ms < 0)
            first_frame_ms = ms_since(t0);
        const media::VideoState state = (*player)->state();
        if (state == media::VideoState::Failed)
            return std::fprintf(stderr, "failed: %s\n", (*player)->failure().c_str()), 1;
        if (state == media::VideoState::Ended) break;
    }
    const double wall = ms_since(t0) / 1000.0;
    const double cpu = cpu_seconds(RUSAGE_SELF) - cpu0;
    const double ui_cpu = cpu_seconds(RUSAGE_THREAD) - thread0;
    const media::VideoStats stats = (*player)->stats();
    const double position = (*player)->position_seconds();
    player->reset();
    std::printf("play_wall_s: %.2f (position reached %.2f s, first frame after %.0f ms)\n", wall,
                position, first_frame_ms);
    std::printf("play_cpu_s: %.2f (%.1f %% of one core, %.1f %% of the 2-core machine)\n", cpu,
                cpu / wall * 100.0, cpu / wall / 2.0 * 100.0);
    std::printf("frames_rendered: %llu (%.1f fps; the file has %.0f)\n",
                (unsigned long long)stats.rendered, double(stats.rendered) / wall, wall * 30.0);
    std::printf("frames_taken: %llu\n", (unsigned long long)stats.taken);
    std::printf("frames_mpv_dropped: %lld\n", (long long)stats.mpv_dropped);
    std::printf("frames_decoder_dropped: %lld\n", (long long)stats.decoder_dropped);
    std::printf("frames_skipped_by_ui: %llu\n", (unsigned long long)(stats.rendered - stats.taken));
    std::printf("ui_thread_cpu_s: %.2f (%.2f ms per frame taken)\n", ui_cpu,
                stats.taken ? ui_cpu * 1000.0 / double(stats.taken) : 0.0);
    return 0;
}

int loop_memory(int loops) {
    std::printf("\n# 2. memory: a 0.5 s clip looped %d times at speed 8\n", loops);
    const fs::path file = cache_dir() / "testsrc2-360p30-0.5s.mp4";
    if (!make_clip(file, "-f lavfi -i testsrc2=size=640x360:rate=30 -t 0.5 -c:v libx264 "
                         "-preset veryfast -pix_fmt yuv420p -an"))
        return 1;
    auto surface = render::Surface::offscreen(640, 360);
    if (!surface) return std::fprintf(stderr, "%s\n", surface.error().describe().c_str()), 1;
    print_load();
    std::printf("rss_before_mib: %.1f\n", rss_mib());
    Waker waker;
    media::VideoOptions options;
    options.loop = true;
    options.muted = true;
    options.speed = 8;
    options.width = 640;
    options.height = 360;
    auto player = media::VideoPlayer::open(file, options, waker.callback());
    if (!player) return std::fprintf(stderr, "%s\n", player.error().describe().c_str()), 1;
    // Our own count: each time the time shown goes back, the file started over. A loop
    // shorter than one wait would be missed, so the wall-time estimate is printed beside it.
    const std::vector<int> checkpoints = {10, 100, 250, 500, 750, 1000};
    size_t next = 0;
    int counted = 0;
    double last = -1;
    uint64_t serial = 0;
    const auto t0 = Clock::now();
    const auto seen = [&](double seconds) {
        if (last >= 0 && seconds + 0.01 < last) ++counted;
        last = seconds;
    };
    while (counted < loops && ms_since(t0) < loops * 0.5 / 8 * 1000.0 * 3) {
        waker.wait();
        double shown = -1;
        if (take_and_draw(**player, **surface, serial, &shown)) seen(shown);
        seen((*player)->position_seconds());
        if ((*player)->state() == media::VideoState::Failed)
            return std::fprintf(stderr, "failed: %s\n", (*player)->failure().c_str()), 1;
        while (next < checkpoints.size() && counted >= checkpoints[next] &&
               checkpoints[next] <= loops) {
            const media::VideoStats stats = (*player)->stats();
            const double elapsed = ms_since(t0) / 1000.0;
            std::printf("rss_after_%d_loops_mib: %.1f (stats.loops %d, expected from wall time "
                        "%.0f, %.1f s, rendered %llu, mpv dropped %lld)\n",
                        checkpoints[next], rss_mib(), stats.loops, elapsed * 8 / 0.5, elapsed,
                        (unsigned long long)stats.rendered, (long long)stats.mpv_dropped);
            std::fflush(stdout);
            ++next;
        }
    }
    if (counted < loops) std::printf("loops_counted: only %d before the time limit\n", counted);
    player->reset();
    std::printf("rss_after_closing_mib: %.1f\n", rss_mib());

    // Players opened and closed: what a slide or a sign-language clip costs each time.
    options.loop = false;
    options.speed = 1;
    std::vector<double> first_frame, closed, open_call; // ms the caller waits
    const auto t1 = Clock::now();
    for (int i = 1; i <= 200; ++i) {
        const auto opened = Clock::now();
        auto one = media::VideoPlayer::open(file, options, waker.callback());
        if (!one) return std::fprintf(stderr, "%s\n", one.error().describe().c_str()), 1;
        open_call.push_back(ms_since(opened));
        uint64_t one_serial = 0;
        while (!take_and_draw(**one, **surface, one_serial)) {
            if ((*one)->state() == media::VideoState::Failed)
                return std::fprintf(stderr, "failed: %s\n", (*one)->failure().c_str()), 1;
            if (ms_since(opened) > 10000)
                return std::fprintf(stderr, "no first frame within 10 s\n"), 1;
            waker.wait();
        }
        first_frame.push_back(ms_since(opened));
        const auto closing = Clock::now();
        one->reset();
        closed.push_back(ms_since(closing));
        if (i == 1 || i == 10 || i == 50 || i == 100 || i == 200) {
            std::printf("rss_after_%d_players_mib: %.1f (threads %d)\n", i, rss_mib(), threads());
            std::fflush(stdout);
        }
    }
    std::sort(first_frame.begin(), first_frame.end());
    std::sort(closed.begin(), closed.end());
    std::sort(open_call.begin(), open_call.end());
    std::printf("players_200_s: %.1f\n", ms_since(t1) / 1000.0);
    std::printf("player_open_to_first_frame_ms: median %.1f, worst %.1f\n",
                first_frame[first_frame.size() / 2], first_frame.back());
    // Both block the UI thread in the app: open() when a screen first shows the video, the
    // destructor on the first frame that no longer shows it.
    std::printf("player_open_call_ms: median %.1f, worst %.1f\n", open_call[open_call.size() / 2],
                open_call.back());
    std::printf("player_close_ms: median %.1f, worst %.1f\n", closed[closed.size() / 2],
                closed.back());
    // Memory freed but kept by malloc (mpv's threads each get an arena) is not a leak: what
    // remains after handing it back is.
    malloc_trim(0);
    std::printf("rss_after_malloc_trim_mib: %.1f\n", rss_mib());
    return 0;
}

int sign_language(const std::string& bundle) {
    std::printf("\n# 3. sign-language button to the first frame of the clip (%s)\n",
                bundle.c_str());
    auto app = app::open_app(bundle);
    if (!app) return std::fprintf(stderr, "%s\n", app.error().describe().c_str()), 1;
    auto surface = render::Surface::offscreen(1920, 1080);
    if (!surface) return std::fprintf(stderr, "%s\n", surface.error().describe().c_str()), 1;
    render::TextRenderer text((*surface)->renderer(), (*app)->atlas());
    auto start = app::resolve_clock(std::nullopt, (*app)->bundle());
    if (!start) return std::fprintf(stderr, "%s\n", start.error().describe().c_str()), 1;
    if (screens::sign_language_clip((*app)->bundle(), "page/moving-in").empty()) {
        std::printf("page/moving-in has no sign-language clip in this bundle (sign_language in "
                    "pages/moving-in/<locale>.md): nothing to measure\n");
        return 1;
    }
    print_load();
    Waker waker;
    (*app)->video().set_wake(waker.callback());
    const auto t0 = Clock::now();
    // Real time, so that the stage's first-frame timeout means what it means in `kiosk run`.
    const auto now = [&] { return *start + ms_since(t0); };
    const app::PointerInput none;

    std::vector<double> times, opened; // to the first frame; to the player opened
    bool tapped = false;
    for (int i = 0; i < 20; ++i) {
        (void)(*app)->open_screen("page/moving-in");
        (*app)->note_input(now());
        (*app)->frame(**surface, text, none, now());
        const app::HitTarget* button = nullptr;
        for (const app::HitTarget& target : (*app)->last_targets())
            if (target.id == "sign-language") button = &target;
        if (i == 0 && !button) {
            std::printf("page/moving-in shows no sign-language button: opening "
                        "sign/page/moving-in instead\n");
            std::fflush(stdout);
        }
        if (i == 0 && (*app)->video().player())
            return std::fprintf(stderr, "a video plays on page/moving-in already\n"), 1;

        Clock::time_point from;
        bool due = true;
        if (button) {
            tapped = true;
            const app::Rect& r = button->visible;
            app::PointerInput touch;
            touch.pos = touch.press_pos = ImVec2(r.x + r.w / 2, r.y + r.h / 2);
            touch.down = touch.pressed = true;
            (*app)->note_input(now());
            (*app)->frame(**surface, text, touch, now());
            app::PointerInput release;
            release.pos = release.press_pos = touch.pos;
            release.released = true;
            (*app)->note_input(now());
            from = Clock::now();
            due = (*app)->frame(**surface, text, release, now());
        } else {
            from = Clock::now();
            (void)(*app)->open_screen("sign/page/moving-in");
        }
        // As `kiosk run`: draw while a frame is due, else sleep until the player wakes us.
        for (;;) {
            const media::VideoPlayer* player = (*app)->video().player();
            if (player && opened.size() == times.size()) opened.push_back(ms_since(from));
            if (player && player->stats().taken > 0) break;
            if (ms_since(from) > 10000) {
                std::fprintf(stderr, "no video frame within 10 s (screen %s%s)\n",
                             (*app)->session().screen.c_str(), player ? "" : ", no player opened");
                for (const std::string& line : (*app)->video().take_log())
                    std::fprintf(stderr, "%s\n", line.c_str());
                return 1;
            }
            if (!due && player) waker.wait();
            due = (*app)->frame(**surface, text, none, now());
        }
        times.push_back(ms_since(from));
    }
    (void)(*app)->open_screen("page/moving-in");
    (*app)->frame(**surface, text, none, now()); // closes the player
    std::sort(times.begin(), times.end());
    std::sort(opened.begin(), opened.end());
    const char* name = tapped ? "tap_to_first_frame" : "open_sign_screen_to_first_frame";
    std::printf("%s_median_ms: %.1f\n%s_worst_ms: %.1f\n", name, times[times.size() / 2], name,
                times.back());
    // The frames before the player exists are the app's; the rest is mpv starting up.
    std::printf("of_which_to_player_opened_median_ms: %.1f (worst %.1f)\n",
                opened[opened.size() / 2], opened.back());
    (*app)->video().close();
    (*app)->shutdown_audio();
    return 0;
}

} // namespace

int main(int argc, char** argv) {
    std::string bundle = app::default_bundle_dir().string();
    int only = 0, loops = 1000;
    double seconds = 60;
    for (int i = 1; i < argc; ++i) {
        if (std::strcmp(argv[i], "--only") == 0 && i + 1 < argc)
            only = std::atoi(argv[++i]);
        else if (std::strcmp(argv[i], "--seconds") == 0 && i + 1 < argc)
            seconds = std::atof(argv[++i]);
        else if (std::strcmp(argv[i], "--loops") == 0 && i + 1 < argc)
            loops = std::atoi(argv[++i]);
        else
            bundle = argv[i];
    }
    int failed = 0;
    if (only == 0 || only == 1) failed |= play_1080p(seconds);
    if (only == 0 || only == 2) failed |= loop_memory(loops);
    if (only == 0 || only == 3) failed |= sign_language(bundle);
    return failed;
}
