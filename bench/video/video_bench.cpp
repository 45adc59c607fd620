// Video figures (the video issue), with the real player and renderer (SDL software,
// offscreen), as the kiosk plays them:
//   1. a 1080p30 H.264 file played for its 60 s at 1920x1080: CPU of the whole process
//      (mpv's threads included) and of the UI thread, frames rendered, taken and dropped;
//   2. memory (RSS) while a 0.5 s clip loops 1,000 times, and across 200 players opened
//      and closed (flat, or a leak per loop or per player);
//   3. the sign-language button on page/moving-in to the first frame of the clip drawn,
//      and the close button to the frame that closes the panel (median and worst of 20);
//   4. the whole app at 1080p: the committed bundle's lobby-film slide playing the clip of
//      part 1 for 60 s through KioskApp::frame, as `kiosk run` draws it.
// The clips for 1, 2 and 4 are made with ffmpeg once and kept in $TMPDIR/kiosk-video-bench.
// Parts 3 and 4 read the committed content/demo-ward of this checkout (KIOSK_DATA_DIR
// moves it); part 4 edits a copy of it in a temporary directory.
// Usage: video_bench [--only 1|2|3|4] [--seconds S] [--loops N]

#include "kiosk/app/app_setup.h"

#include <SDL.h>
#include <malloc.h>
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <mutex>
#include <optional>
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

void report(const char* name, std::vector<double> v) {
    if (v.empty()) return;
    std::sort(v.begin(), v.end());
    std::printf("%s_ms: median %.2f, p95 %.2f, worst %.2f (of %zu)\n", name, v[v.size() / 2],
                v[size_t(double(v.size()) * 0.95)], v.back(), v.size());
}

// The bundle parts 3 and 4 use: the committed one of this checkout. Says when its files
// differ from the commit, since the figures would then be of content nobody can reproduce.
fs::path committed_bundle() {
    const fs::path bundle = app::default_bundle_dir();
    std::string state = "not in a git checkout";
    const std::string command = "git -C '" + bundle.string() +
                                "' log -1 --format=%h -- . 2>/dev/null && git -C '" +
                                bundle.string() + "' status --porcelain -- . 2>/dev/null";
    if (FILE* git = popen(command.c_str(), "r")) {
        char line[512];
        std::string commit, changes;
        if (std::fgets(line, sizeof line, git)) commit.assign(line, std::strcspn(line, "\n"));
        while (std::fgets(line, sizeof line, git))
            changes += line;
        pclose(git);
        if (!commit.empty())
            state = "commit " + commit +
                    (changes.empty() ? ", no local changes" : ", WITH LOCAL CHANGES:\n" + changes);
    }
    std::printf("bundle: %s (%s)\n", bundle.c_str(), state.c_str());
    return bundle;
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
    // Whether the player woke us (false: the timeout).
    bool wait(std::chrono::milliseconds timeout = std::chrono::milliseconds(200)) {
        std::unique_lock lock(m_mutex);
        const bool woken = m_cv.wait_for(lock, timeout, [this] { return m_due; });
        m_due = false;
        return woken;
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

// The 1080p30 60 s H.264/AAC clip of parts 1 and 4; empty when it cannot be made.
fs::path clip_1080p() {
    const fs::path file = cache_dir() / "testsrc2-1080p30-60s.mp4";
    if (!make_clip(file, "-f lavfi -i testsrc2=size=1920x1080:rate=30 -f lavfi -i sine -t 60 "
                         "-c:v libx264 -preset veryfast -pix_fmt yuv420p -c:a aac"))
        return {};
    return file;
}

int play_1080p(double seconds) {
    std::printf("\n# 1. 1080p30 H.264, %.0f s\n", seconds);
    const fs::path file = clip_1080p();
    if (file.empty()) return 1;
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
    // The player counts loops itself (stats().loops: mpv's time going back, which it sees
    // for every loop). Ours, from what the UI sees (the time of each frame taken, and the
    // position), misses a loop shorter than one wait and sees one twice when the position
    // is read ahead of the frame taken: printed beside it, with the count expected from
    // wall time, as a check on both.
    const std::vector<int> checkpoints = {10, 100, 250, 500, 750, 1000};
    size_t next = 0;
    int counted = 0, loops_seen = 0;
    double last = -1;
    uint64_t serial = 0;
    const auto t0 = Clock::now();
    const auto seen = [&](double seconds) {
        if (last >= 0 && seconds + 0.01 < last) ++counted;
        last = seconds;
    };
    while (loops_seen < loops && ms_since(t0) < loops * 0.5 / 8 * 1000.0 * 3) {
        waker.wait();
        double shown = -1;
        if (take_and_draw(**player, **surface, serial, &shown)) seen(shown);
        seen((*player)->position_seconds());
        if ((*player)->state() == media::VideoState::Failed)
            return std::fprintf(stderr, "failed: %s\n", (*player)->failure().c_str()), 1;
        const media::VideoStats stats = (*player)->stats();
        loops_seen = stats.loops;
        while (next < checkpoints.size() && loops_seen >= checkpoints[next] &&
               checkpoints[next] <= loops) {
            const double elapsed = ms_since(t0) / 1000.0;
            std::printf("rss_after_%d_loops_mib: %.1f (stats.loops %d, counted by the UI %d, "
                        "expected from wall time %.0f, %.1f s, rendered %llu, mpv dropped %lld)\n",
                        checkpoints[next], rss_mib(), stats.loops, counted, elapsed * 8 / 0.5,
                        elapsed, (unsigned long long)stats.rendered, (long long)stats.mpv_dropped);
            std::fflush(stdout);
            ++next;
        }
    }
    const double loop_wall = ms_since(t0) / 1000.0;
    std::printf("loops: stats.loops %d, counted by the UI %d, expected from wall time %.0f "
                "(%.1f s)%s\n",
                loops_seen, counted, loop_wall * 8 / 0.5, loop_wall,
                loops_seen < loops ? ", stopped by the time limit" : "");
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

// Taps the target `id` of the last frame: a press frame, then the release frame (the one
// a button acts on), whose frame() time is returned (and its UI thread CPU in `cpu_ms`);
// -1 when no such target is shown.
double tap(app::KioskApp& app, render::Surface& surface, render::TextRenderer& text,
           const std::string& id, double now_ms, bool* due = nullptr, double* cpu_ms = nullptr) {
    const app::HitTarget* target = nullptr;
    for (const app::HitTarget& t : app.last_targets())
        if (t.id == id) target = &t;
    if (!target) return -1;
    const app::Rect r = target->visible;
    app::PointerInput touch;
    touch.pos = touch.press_pos = ImVec2(r.x + r.w / 2, r.y + r.h / 2);
    touch.down = touch.pressed = true;
    app.note_input(now_ms);
    app.frame(surface, text, touch, now_ms);
    app::PointerInput release;
    release.pos = release.press_pos = touch.pos;
    release.released = true;
    app.note_input(now_ms);
    const double cpu0 = cpu_seconds(RUSAGE_THREAD);
    const auto from = Clock::now();
    const bool changed = app.frame(surface, text, release, now_ms);
    const double took = ms_since(from);
    if (cpu_ms) *cpu_ms = (cpu_seconds(RUSAGE_THREAD) - cpu0) * 1000.0;
    if (due) *due = changed;
    return took;
}

int sign_language() {
    std::printf("\n# 3. sign-language button to the first frame of the clip, and closing it\n");
    const fs::path bundle = committed_bundle();
    auto app = app::open_app(bundle);
    if (!app) return std::fprintf(stderr, "%s\n", app.error().describe().c_str()), 1;
    auto surface = render::Surface::offscreen(1920, 1080);
    if (!surface) return std::fprintf(stderr, "%s\n", surface.error().describe().c_str()), 1;
    render::TextRenderer text((*surface)->renderer(), (*app)->atlas());
    auto start = app::resolve_clock(std::nullopt, (*app)->bundle());
    if (!start) return std::fprintf(stderr, "%s\n", start.error().describe().c_str()), 1;
    if (screens::sign_language_clip((*app)->bundle(), "page/moving-in").empty())
        return std::fprintf(stderr,
                            "page/moving-in has no sign-language clip in %s "
                            "(sign_language in pages/moving-in/<locale>.md)\n",
                            bundle.c_str()),
               1;
    print_load();
    Waker waker;
    (*app)->video().set_wake(waker.callback());
    const auto t0 = Clock::now();
    // Real time, so that the stage's first-frame timeout means what it means in `kiosk run`.
    const auto now = [&] { return *start + ms_since(t0); };
    const app::PointerInput none;

    std::vector<double> times, opened;   // tap to the first frame; to the player opened
    std::vector<double> close_release;   // frame() of the close button's release
    std::vector<double> close_frame;     // frame() that closes the panel and its player
    std::vector<double> close_frame_cpu; // the UI thread's CPU in that frame
    int closed_in_release = 0;           // times that frame was the release frame
    std::vector<double> page_frame;      // a frame of the page alone, to compare
    for (int i = 0; i < 20; ++i) {
        if ((*app)->session().screen != "page/moving-in")
            (void)(*app)->open_screen("page/moving-in");
        (*app)->note_input(now());
        const auto page0 = Clock::now();
        (*app)->frame(**surface, text, none, now());
        page_frame.push_back(ms_since(page0));
        if (i == 0 && (*app)->video().player())
            return std::fprintf(stderr, "a video plays on page/moving-in already\n"), 1;

        bool due = true;
        // From the start of the release frame (the one a button acts on), as before.
        const double release_ms = tap(**app, **surface, text, "sign-language", now(), &due);
        if (release_ms < 0)
            return std::fprintf(stderr, "page/moving-in shows no sign-language button\n"), 1;
        const auto released = Clock::now();
        const auto since_tap = [&] { return release_ms + ms_since(released); };
        // As `kiosk run`: draw while a frame is due, else sleep until the player wakes us.
        for (;;) {
            const media::VideoPlayer* player = (*app)->video().player();
            if (player && opened.size() == times.size()) opened.push_back(since_tap());
            if (player && player->stats().taken > 0) break;
            if (ms_since(released) > 10000) {
                std::fprintf(stderr, "no video frame within 10 s (screen %s%s)\n",
                             (*app)->session().screen.c_str(), player ? "" : ", no player opened");
                for (const std::string& line : (*app)->video().take_log())
                    std::fprintf(stderr, "%s\n", line.c_str());
                return 1;
            }
            if (!due && player) waker.wait();
            due = (*app)->frame(**surface, text, none, now());
        }
        times.push_back(since_tap());

        // Close: the frame that leaves the panel draws the page in the same frame, and the
        // stage hands the player to a thread that stops it; the release frame is usually
        // that frame, else one of the next.
        double close_cpu = 0;
        const double close_ms = tap(**app, **surface, text, "video/close", now(), &due, &close_cpu);
        if (close_ms < 0)
            return std::fprintf(stderr, "the sign-language panel shows no close button\n"), 1;
        close_release.push_back(close_ms);
        if (!(*app)->video().player()) {
            ++closed_in_release;
            close_frame.push_back(close_ms);
            close_frame_cpu.push_back(close_cpu);
        }
        for (int f = 0; (*app)->video().player(); ++f) {
            if (f == 10)
                return std::fprintf(stderr,
                                    "the player is still open 10 frames after close "
                                    "(screen %s)\n",
                                    (*app)->session().screen.c_str()),
                       1;
            const double cpu0 = cpu_seconds(RUSAGE_THREAD);
            const auto f0 = Clock::now();
            (*app)->frame(**surface, text, none, now());
            if (!(*app)->video().player()) {
                close_frame.push_back(ms_since(f0));
                close_frame_cpu.push_back((cpu_seconds(RUSAGE_THREAD) - cpu0) * 1000.0);
            }
        }
        if ((*app)->session().screen != "page/moving-in")
            return std::fprintf(stderr, "close went to %s, not back to page/moving-in\n",
                                (*app)->session().screen.c_str()),
                   1;
    }
    std::sort(times.begin(), times.end());
    std::sort(opened.begin(), opened.end());
    std::printf("tap_to_first_frame_median_ms: %.1f\ntap_to_first_frame_worst_ms: %.1f\n",
                times[times.size() / 2], times.back());
    // The frames before the player exists are the app's; the rest is mpv starting up.
    std::printf("of_which_to_player_opened_median_ms: %.1f (worst %.1f)\n",
                opened[opened.size() / 2], opened.back());
    // Stopping mpv took about a quarter of a second on the UI thread before VideoStage
    // handed it to another thread: these frames are what a visitor now waits.
    std::sort(close_release.begin(), close_release.end());
    std::sort(close_frame.begin(), close_frame.end());
    std::sort(close_frame_cpu.begin(), close_frame_cpu.end());
    std::printf("close_frame_median_ms: %.1f\nclose_frame_worst_ms: %.1f (that frame was the "
                "close button's release frame %d times of %zu)\n",
                close_frame[close_frame.size() / 2], close_frame.back(), closed_in_release,
                close_frame.size());
    if (closed_in_release < int(close_frame.size()))
        std::printf("close_release_frame_median_ms: %.1f (worst %.1f)\n",
                    close_release[close_release.size() / 2], close_release.back());
    std::sort(page_frame.begin(), page_frame.end());
    std::printf("page_frame_median_ms: %.1f (the page alone, for comparison)\n",
                page_frame[page_frame.size() / 2]);
    std::printf("close_frame_ui_cpu_median_ms: %.1f (worst %.1f)\n",
                close_frame_cpu[close_frame_cpu.size() / 2], close_frame_cpu.back());
    (*app)->video().close();
    (*app)->shutdown_audio();
    return 0;
}

// A showing of `slide` that starts on a second of the hour from `from` and lasts `seconds`
// whole (not cut short by the end of its run), or 0.
int64_t find_showing(const content::Bundle& bundle, const schedule::SignageClock& clock,
                     int64_t from, const std::string& slide, int seconds) {
    for (int64_t t = from; t < from + 3600; ++t) {
        const auto play = schedule::slide_at(bundle, clock, t);
        if (play && play->slide->id == slide && play->start_unix == t &&
            play->end_unix - play->start_unix == seconds)
            return t;
    }
    return 0;
}

// Copies `bundle` to a new temporary directory with the lobby film replaced by `film` and
// its slide lasting 60 s; returns the directory, or empty.
fs::path bundle_with_film(const fs::path& bundle, const fs::path& film) {
    const char* tmp = std::getenv("TMPDIR");
    std::string templ = (fs::path(tmp && *tmp ? tmp : "/tmp") / "kiosk-video-bench-app-XXXXXX");
    std::vector<char> name(templ.begin(), templ.end());
    name.push_back('\0');
    if (!mkdtemp(name.data())) return {};
    const fs::path dir = name.data();
    std::error_code error;
    fs::copy(bundle, dir, fs::copy_options::recursive, error);
    if (!error)
        fs::copy_file(film, dir / "videos" / "lobby-welcome.mp4",
                      fs::copy_options::overwrite_existing, error);
    if (error) {
        std::fprintf(stderr, "copying the bundle to %s: %s\n", dir.c_str(),
                     error.message().c_str());
        return dir;
    }
    const fs::path playlist = dir / "signage" / "playlists" / "evening.toml";
    std::ifstream in(playlist);
    std::string toml((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    in.close();
    // The duration of the lobby-film table: the first after its id, before the next table.
    const size_t id = toml.find("id = \"lobby-film\"");
    const size_t duration = id == std::string::npos ? id : toml.find("duration = ", id);
    const size_t next_table = id == std::string::npos ? id : toml.find("[[slide]]", id);
    if (duration == std::string::npos || duration > next_table) {
        std::fprintf(stderr, "%s has no lobby-film slide with a duration\n", playlist.c_str());
        return dir;
    }
    const size_t end = toml.find('\n', duration);
    toml.replace(duration, end - duration, "duration = 60");
    std::ofstream(playlist) << toml;
    return dir;
}

int whole_app(double seconds) {
    std::printf("\n# 4. the whole app at 1920x1080: the lobby-film slide playing the 1080p30 "
                "clip, %.0f s\n",
                seconds);
    const fs::path film = clip_1080p();
    if (film.empty()) return 1;
    const fs::path dir = bundle_with_film(committed_bundle(), film);
    if (dir.empty()) return std::fprintf(stderr, "cannot make a temporary directory\n"), 1;
    // The copy goes however this part ends.
    struct Remove {
        fs::path dir;
        ~Remove() {
            std::error_code ignored;
            fs::remove_all(dir, ignored);
        }
    } remove{dir};
    auto app = app::open_app(dir);
    if (!app) return std::fprintf(stderr, "%s\n", app.error().describe().c_str()), 1;
    auto surface = render::Surface::offscreen(1920, 1080);
    if (!surface) return std::fprintf(stderr, "%s\n", surface.error().describe().c_str()), 1;
    render::TextRenderer text((*surface)->renderer(), (*app)->atlas());
    Waker waker;
    (*app)->video().set_wake(waker.callback());

    // A Monday evening: the evening playlist, whose loop holds one showing of the film.
    const content::Bundle& bundle = (*app)->bundle();
    auto clock = schedule::SignageClock::create(bundle.time_zone);
    if (!clock) return std::fprintf(stderr, "%s\n", clock.error().describe().c_str()), 1;
    auto evening = app::resolve_clock("2026-12-07T19:00", bundle);
    if (!evening) return std::fprintf(stderr, "%s\n", evening.error().describe().c_str()), 1;
    const int64_t showing =
        find_showing(bundle, *clock, int64_t(*evening / 1000), "lobby-film", 60);
    if (showing == 0)
        return std::fprintf(stderr, "no 60 s showing of lobby-film from 2026-12-07 19:00 on\n"), 1;
    const double start_ms = double(showing) * 1000.0;
    std::printf("lobby_film_from: %lld (unix s; %d s after 19:00)\n", (long long)showing,
                int(showing - int64_t(*evening / 1000)));
    print_load();

    const app::PointerInput none;
    std::vector<double> frame_ms, copy_ms;
    const auto t0 = Clock::now();
    const double cpu0 = cpu_seconds(RUSAGE_SELF), thread0 = cpu_seconds(RUSAGE_THREAD);
    std::optional<media::VideoStats> stats;
    std::string shown_last;
    bool due = true;
    // As `kiosk run`: a frame when one is due, else sleep until the player wakes us or the
    // next change by itself (the minute, the slide's end), whichever comes first. A wake by
    // the player alone first tries to copy the film's frame in (present_video_frame).
    for (;;) {
        bool woken = false;
        if (!due) {
            const double now = start_ms + ms_since(t0);
            const double idle = (*app)->next_idle_event_ms(now);
            double wait = 60000.0 - std::fmod(now, 60000.0) + 5;
            if (idle > 0) wait = std::min(wait, std::max(1.0, idle - now + 5));
            woken = waker.wait(std::chrono::milliseconds(int64_t(wait)));
        }
        if (ms_since(t0) >= seconds * 1000.0) break;
        const auto f0 = Clock::now();
        if (woken && (*app)->present_video_frame(**surface, start_ms + ms_since(t0))) {
            copy_ms.push_back(ms_since(f0));
            if (const media::VideoPlayer* player = (*app)->video().player())
                stats = player->stats();
            continue;
        }
        due = (*app)->frame(**surface, text, none, start_ms + ms_since(t0));
        frame_ms.push_back(ms_since(f0));
        // Read while the player is still the film's (the slide after it closes it).
        if (const media::VideoPlayer* player = (*app)->video().player()) stats = player->stats();
        const auto& playing = (*app)->signage_playing();
        shown_last = playing ? playing->slide->id : "(no signage)";
    }
    const double wall = ms_since(t0) / 1000.0;
    const double cpu = cpu_seconds(RUSAGE_SELF) - cpu0;
    const double ui_cpu = cpu_seconds(RUSAGE_THREAD) - thread0;
    for (const std::string& line : (*app)->video().take_log())
        std::printf("log: %s\n", line.c_str());
    std::printf("app_wall_s: %.2f (the last frame showed %s)\n", wall, shown_last.c_str());
    std::printf("app_cpu_s: %.2f (%.1f %% of one core, %.1f %% of the 2-core machine)\n", cpu,
                cpu / wall * 100.0, cpu / wall / 2.0 * 100.0);
    std::printf("app_frames_drawn: %zu whole (%.1f a second), %zu film frames copied in\n",
                frame_ms.size(), double(frame_ms.size()) / wall, copy_ms.size());
    const size_t presented = frame_ms.size() + copy_ms.size();
    std::printf("app_ui_thread_cpu_s: %.2f (%.2f ms per frame presented)\n", ui_cpu,
                presented == 0 ? 0.0 : ui_cpu * 1000.0 / double(presented));
    if (!stats) return std::fprintf(stderr, "no player was ever open\n"), 1;
    std::printf("app_frames_rendered: %llu (%.1f fps; the file has %.0f)\n",
                (unsigned long long)stats->rendered, double(stats->rendered) / wall, wall * 30.0);
    std::printf("app_frames_taken: %llu (skipped by the UI: %llu)\n",
                (unsigned long long)stats->taken,
                (unsigned long long)(stats->rendered - stats->taken));
    std::printf("app_frames_mpv_dropped: %lld\n", (long long)stats->mpv_dropped);
    std::printf("app_frames_decoder_dropped: %lld\n", (long long)stats->decoder_dropped);
    report("app_frame", frame_ms);
    report("app_copy", copy_ms);
    (*app)->video().close();
    (*app)->shutdown_audio();
    return 0;
}

} // namespace

int main(int argc, char** argv) {
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
            return std::fprintf(stderr, "usage: video_bench [--only 1|2|3|4] [--seconds S] "
                                        "[--loops N]\n"),
                   2;
    }
    int failed = 0;
    if (only == 0 || only == 1) failed |= play_1080p(seconds);
    if (only == 0 || only == 2) failed |= loop_memory(loops);
    if (only == 0 || only == 3) failed |= sign_language();
    if (only == 0 || only == 4) failed |= whole_app(seconds);
    return failed;
}
