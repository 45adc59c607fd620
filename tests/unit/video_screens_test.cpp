// Video on screen as a visitor and staff meet it (docs/VIDEO.md): the sign-language button
// and panel (touch and keypad), captions along the fallback chain, live playback with
// pause, a signage film that does not play giving its slot away, `bundle check` on hostile
// videos and captions, and `kiosk shot --at` on a video slide.

#include "bundle_test_support.h"
#include "kiosk_process_support.h"
#include "screen_test_support.h"

#include "player/raster/image.h"
#include "player/schedule/signage_schedule.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <condition_variable>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <functional>
#include <mutex>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

using namespace kiosk;

namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

const std::string kVideos = std::string(KIOSK_TEST_DATA) + "/data/video/";
const std::string kClip = "videos/jsl-moving-in.mp4";
const std::string kPanel = "sign/page/moving-in";
// The cues showing at 2.5 s (content/demo-ward/videos/jsl-moving-in.*.vtt).
const std::string kEnCue = "Welcome. This explains the moving-in notification.";
const std::string kEnNextCue = "Bring your residence card or passport.";
const std::string kJaCue = "ようこそ。転入届についてご説明します。";

// The video stage's wake-ups, counted, so a wait never misses one that came before it.
// Declare it before the app: players stopping on their own threads may still call it.
struct Wake {
    std::mutex mutex;
    std::condition_variable cv;
    uint64_t count = 0;

    std::function<void()> callback() {
        return [this] {
            {
                std::lock_guard lock(mutex);
                ++count;
            }
            cv.notify_all();
        };
    }
    uint64_t seen() {
        std::lock_guard lock(mutex);
        return count;
    }
    // Whether a wake-up came after `since` before `deadline`.
    bool wait_after(uint64_t since, Clock::time_point deadline) {
        std::unique_lock lock(mutex);
        return cv.wait_until(lock, deadline, [&] { return count != since; });
    }
};

struct Fixture : test::ScreenFixture {
    Fixture() { open_surface(1280, 720); }

    // A tap in the middle of target `id` of the last frame: down in one frame, up in the
    // next (what opens or toggles happens on the release).
    void tap(const std::string& id, double at) {
        const app::HitTarget* t = target(id);
        REQUIRE_MESSAGE(t != nullptr, "no target " << id << " on " << app->session().screen);
        REQUIRE_FALSE(t->visible.empty());
        const ImVec2 pos(t->visible.x + t->visible.w / 2, t->visible.y + t->visible.h / 2);
        app->note_input(at);
        app->frame(*surface, *text, test::touch_at(pos, true, false), at);
        app->frame(*surface, *text, test::touch_at(pos, false, true), at);
    }
    // Moves keypad focus with Next until it is on `id` (at most once round the screen).
    void focus_on(const std::string& id, double at) {
        const size_t limit = app->last_targets().size() + 2;
        for (size_t i = 0; i < limit && app->focus() != id; ++i) {
            app->press_key(app::NavKey::Next);
            app->note_input(at);
            frame(at);
        }
        REQUIRE_MESSAGE(app->focus() == id, "focus is on \"" << app->focus() << "\"");
    }
    void press(app::NavKey key, double at) {
        app->press_key(key);
        app->note_input(at);
        frame(at);
    }
    bool has_line(const std::string& line) const {
        return ("\n" + all_text()).find("\n" + line + "\n") != std::string::npos;
    }
    bool drew_image(const std::string& path) const {
        for (const auto& image : app->last_images())
            if (image.path == path && !image.rect.empty()) return true;
        return false;
    }
};

// A copy of the demo bundle to spoil, removed at scope end.
struct WardCopy {
    bundle::test::TempDir temp;
    fs::path dir = temp / "ward";
    WardCopy() { fs::copy(test::kDemoBundle, dir, fs::copy_options::recursive); }
    void replace(const std::string& file, const std::string& fixture) {
        fs::copy_file(kVideos + fixture, dir / file, fs::copy_options::overwrite_existing);
    }
    void write(const std::string& file, const std::string& bytes) {
        std::ofstream(dir / file, std::ios::binary | std::ios::trunc) << bytes;
    }
    // Whether a line of `bundle check` output begins at `where` ("videos/x.mp4: " or with
    // a line number), as a path in the bundle (bundle check prints it under the folder given).
    bool located(const std::string& line, const std::string& where) const {
        return line.rfind(where, 0) == 0 || line.rfind((dir / where).string(), 0) == 0;
    }
    std::string read(const std::string& file) const {
        std::ifstream in(dir / file, std::ios::binary);
        return {std::istreambuf_iterator<char>(in), {}};
    }
};

// Share of pixels that are not (nearly) black.
// The first whole showing of signage slide `id` from `from` on (an hour at most), found
// second by second.
std::optional<schedule::SlidePlay> first_showing(const content::Bundle& bundle,
                                                 const schedule::SignageClock& clock, int64_t from,
                                                 const std::string& id) {
    for (int64_t s = from; s < from + 3600; ++s)
        if (auto play = schedule::slide_at(bundle, clock, s);
            play && play->slide->id == id && play->start_unix == s)
            return play;
    return std::nullopt;
}

double lit_share(const raster::Image& image) {
    size_t lit = 0;
    for (size_t i = 0; i + 3 < image.rgba.size(); i += 4)
        if (int(image.rgba[i]) + image.rgba[i + 1] + image.rgba[i + 2] > 60) ++lit;
    return image.rgba.empty() ? 0 : double(lit) / double(image.rgba.size() / 4);
}

// The fixture drawing the bundle in `dir` instead of the demo bundle.
void reopen(Fixture& f, const fs::path& dir) {
    f.text.reset(); // it draws with the old app's atlas
    f.surface.reset();
    auto opened = app::open_app(dir);
    REQUIRE_MESSAGE(opened.ok(), (opened.ok() ? "" : opened.error().describe()));
    f.app = std::move(*opened);
    f.open_surface(1280, 720);
}

std::vector<std::string> lines_naming(const std::vector<std::string>& lines,
                                      const std::string& what) {
    std::vector<std::string> found;
    for (const std::string& line : lines)
        if (line.find(what) != std::string::npos) found.push_back(line);
    return found;
}

std::vector<std::string> lines_naming(const std::string& output, const std::string& what) {
    std::vector<std::string> lines;
    std::istringstream in(output);
    for (std::string line; std::getline(in, line);)
        lines.push_back(line);
    return lines_naming(lines, what);
}

} // namespace

TEST_CASE("video screens: the sign-language button opens the panel by touch and by keypad, "
          "and Close returns") {
    for (int size : {1, 4}) {
        CAPTURE(size);
        Fixture f;
        f.app->video().set_still_time(0); // decoded synchronously: no player in this test
        const double t = f.now();

        f.show("page/garbage-sorting", "en", size); // a page without a clip has no button
        CHECK(f.target("sign-language") == nullptr);

        // Touch.
        f.show("page/moving-in", "en", size);
        REQUIRE(f.target("sign-language") != nullptr);
        CHECK(f.has_line("Sign language"));
        f.tap("sign-language", t);
        CHECK(f.app->session().screen == kPanel);
        f.frame(t);
        for (const char* id :
             {"video/play", "video/restart", "video/captions", "video/sound", "video/close"})
            CHECK_MESSAGE(f.target(id) != nullptr, id);
        CHECK(f.drew_image(kClip)); // the clip's frame, not only a black box
        f.tap("video/close", t);
        CHECK(f.app->session().screen == "page/moving-in");
        CHECK(f.app->session().history.empty());

        // Keypad only: Next to the button, Select; Next to Close, Select.
        f.show("page/moving-in", "en", size);
        f.focus_on("sign-language", t);
        f.press(app::NavKey::Select, t);
        CHECK(f.app->session().screen == kPanel);
        f.frame(t); // focus lands on the panel's first target
        f.focus_on("video/close", t);
        f.press(app::NavKey::Select, t);
        CHECK(f.app->session().screen == "page/moving-in");

        // The procedure's introduction has the same clip and button.
        f.show("procedure/moving-in", "en", size);
        REQUIRE(f.target("sign-language") != nullptr);
        f.tap("sign-language", t);
        CHECK(f.app->session().screen == "sign/procedure/moving-in");
        f.frame(t);
        f.tap("video/close", t);
        CHECK(f.app->session().screen == "procedure/moving-in");
    }
}

TEST_CASE("video screens: captions follow the visitor's language and the captions and sound "
          "buttons") {
    Fixture f;
    f.app->video().set_still_time(2.5);
    const double t = f.now();

    SUBCASE("English: the cue at 2.5 s; captions off hides it and on brings it back") {
        f.show(kPanel, "en", 1);
        f.frame(t);
        CHECK(f.drew_image(kClip));
        CHECK_MESSAGE(f.has_line(kEnCue), f.all_text());
        CHECK(f.all_text().find(kEnNextCue) == std::string::npos); // 3 s on
        CHECK(f.has_line("Captions on"));
        CHECK(f.has_line("Play")); // a still frame is never playing

        f.tap("video/captions", t);
        CHECK_FALSE(f.app->session().captions);
        f.frame(t);
        CHECK(f.all_text().find(kEnCue) == std::string::npos);
        CHECK(f.has_line("Captions off"));

        f.tap("video/captions", t);
        CHECK(f.app->session().captions);
        f.frame(t);
        CHECK(f.has_line(kEnCue));
        CHECK(f.has_line("Captions on"));
    }
    SUBCASE("sound is off until the visitor turns it on, and off again") {
        f.show(kPanel, "en", 1);
        f.frame(t);
        CHECK_FALSE(f.app->session().clip_sound);
        CHECK(f.has_line("Sound off"));
        f.tap("video/sound", t);
        CHECK(f.app->session().clip_sound);
        f.frame(t);
        CHECK(f.has_line("Sound on"));
        f.tap("video/sound", t);
        CHECK_FALSE(f.app->session().clip_sound);
        f.frame(t);
        CHECK(f.has_line("Sound off"));
    }
    SUBCASE("largest text: the caption is still there") {
        f.show(kPanel, "en", 4);
        f.frame(t);
        CHECK(f.has_line(kEnCue));
        CHECK(f.target("video/close") != nullptr);
    }
    SUBCASE("Japanese: the Japanese cue") {
        f.show(kPanel, "ja", 1);
        f.frame(t);
        CHECK_MESSAGE(f.has_line(kJaCue), f.all_text());
        CHECK(f.all_text().find(kEnCue) == std::string::npos);
    }
    SUBCASE("Nepali has no captions: the next language of its fallback chain shows") {
        // bundle.toml: ne is not listed, so default = ["en", "ja"] applies.
        REQUIRE(f.app->bundle().fallback_chain("ne") == std::vector<std::string>{"ne", "en", "ja"});
        f.show(kPanel, "ne", 1);
        f.frame(t);
        CHECK(f.app->video().caption_locale(kClip, f.app->bundle().fallback_chain("ne")) == "en");
        CHECK_MESSAGE(f.has_line(kEnCue), f.all_text());
        CHECK(f.has_line("उपशीर्षक: खुला")); // the controls stay in Nepali
        CHECK(f.all_text().find("No captions") == std::string::npos);
    }
}

TEST_CASE("video screens: a clip with no captions in any language of the chain says so") {
    WardCopy ward;
    fs::remove(ward.dir / "videos/jsl-moving-in.en.vtt");
    fs::remove(ward.dir / "videos/jsl-moving-in.ja.vtt");
    Fixture f;
    reopen(f, ward.dir);
    f.app->video().set_still_time(2.5);
    f.show(kPanel, "en", 1);
    f.frame(f.now());
    CHECK_MESSAGE(f.has_line("No captions in this language"), f.all_text());
    CHECK(f.drew_image(kClip)); // the clip itself still plays
}

TEST_CASE("video screens: live playback keeps frames coming; Pause stops it and Play resumes") {
    Wake wake; // before the fixture: outlives the players
    Fixture f;
    f.app->video().set_wake(wake.callback());
    f.show(kPanel, "en", 1);
    const double base = f.now();
    const Clock::time_point start = Clock::now();
    auto now_ms = [&] {
        return base + std::chrono::duration<double, std::milli>(Clock::now() - start).count();
    };
    // Draws presented frames, each after a wake-up of the stage, until `done` (10 s at most).
    auto draw_until = [&](const std::function<bool()>& done) {
        const Clock::time_point deadline = Clock::now() + std::chrono::seconds(10);
        for (;;) {
            const uint64_t seen = wake.seen();
            f.frame(now_ms());
            if (done()) return true;
            if (!wake.wait_after(seen, deadline)) {
                f.frame(now_ms());
                return done();
            }
        }
    };
    const app::VideoStage& stage = f.app->video();

    REQUIRE(draw_until([&] { return stage.player() && stage.player()->stats().taken > 3; }));
    CHECK_FALSE(stage.failed(kClip));
    CHECK(stage.playing());
    CHECK(f.drew_image(kClip));
    CHECK(f.has_line("Pause"));
    CHECK_FALSE(f.has_line("Play"));

    const uint64_t wakes_before_pause = wake.seen();
    f.tap("video/play", now_ms());
    // mpv reports the pause back (a wake-up); then the stage stops counting it as playing.
    CHECK(draw_until([&] {
        return wake.seen() != wakes_before_pause && stage.player() && stage.player()->paused() &&
               !stage.playing();
    }));
    f.frame(now_ms());
    CHECK(f.has_line("Play"));
    CHECK_FALSE(f.has_line("Pause"));

    const uint64_t taken = stage.player() ? stage.player()->stats().taken : 0;
    f.tap("video/play", now_ms());
    CHECK(draw_until([&] {
        return stage.player() && !stage.player()->paused() &&
               stage.player()->stats().taken > taken + 2;
    }));
    CHECK(f.has_line("Pause"));
    CHECK(lines_naming(f.app->video().take_log(), "jsl-moving-in.mp4").empty());
}

TEST_CASE("video screens: a signage film that does not play gives its slot to the next slide, "
          "logged once") {
    WardCopy ward;
    ward.replace("videos/lobby-welcome.mp4", "notvideo.mp4"); // same name, text inside
    const std::string film = "videos/lobby-welcome.mp4";
    Wake wake;
    Fixture f;
    reopen(f, ward.dir);
    f.app->video().set_wake(wake.callback());

    // Monday evening: the default (evening) playlist; find a second when lobby-film plays.
    const content::Bundle& bundle = f.app->bundle();
    auto clock = schedule::SignageClock::create(bundle.time_zone);
    REQUIRE(clock.ok());
    const int64_t evening =
        int64_t(app::resolve_clock(std::string("2026-12-07T20:00"), bundle).value() / 1000);
    const auto lobby = first_showing(bundle, *clock, evening, "lobby-film");
    REQUIRE(lobby.has_value());
    REQUIRE(lobby->playlist->id == "evening");
    const auto after = schedule::slide_at(bundle, *clock, lobby->end_unix);
    REQUIRE(after.has_value());
    REQUIRE(after->slide->id != "lobby-film");

    const double t = double(lobby->start_unix) * 1000.0 + 500;
    REQUIRE(f.app->attract_mode(t)); // nobody has touched this kiosk
    f.frame(t);
    REQUIRE(f.app->signage_playing().has_value());
    CHECK(f.app->signage_playing()->slide->id == "lobby-film");

    // Frames as the run loop draws them: on each wake-up of the stage, or when its
    // first-picture deadline is due. The clock moves with real time, inside the slot.
    const Clock::time_point start = Clock::now();
    const double slot_last = double(lobby->end_unix) * 1000.0 - 500;
    auto now_ms = [&] {
        return std::min(
            slot_last, t + std::chrono::duration<double, std::milli>(Clock::now() - start).count());
    };
    const Clock::time_point deadline = start + std::chrono::seconds(10);
    while (!f.app->video().failed(film)) {
        const uint64_t seen = wake.seen();
        const double now = now_ms();
        f.frame(now);
        if (f.app->video().failed(film)) break;
        Clock::time_point until = deadline;
        if (const double check = f.app->video().next_check_ms(); check > 0)
            until = std::min(until, Clock::now() + std::chrono::milliseconds(
                                                       int64_t(std::max(0.0, check - now)) + 1));
        if (!wake.wait_after(seen, until) && Clock::now() >= deadline) break;
    }
    REQUIRE(f.app->video().failed(film));

    // The next frame shows the slide after it, in the same showing, and not a black screen.
    f.frame(now_ms());
    REQUIRE(f.app->signage_playing().has_value());
    CHECK(f.app->signage_playing()->slide->id != "lobby-film");
    CHECK(f.app->signage_playing()->slide->id == after->slide->id);
    CHECK(f.app->signage_playing()->start_unix == lobby->start_unix);
    CHECK(lit_share(f.surface->read_pixels()) > 0.5);
    CHECK(f.app->video().player() == nullptr);

    const std::vector<std::string> log = f.app->video().take_log();
    const auto named = lines_naming(log, "lobby-welcome.mp4");
    REQUIRE_MESSAGE(named.size() == 1, log.size() << " log lines");
    CHECK(named[0].find("(skipped)") != std::string::npos);

    // Its next turn in the loop is skipped too, without opening it or logging again.
    std::optional<schedule::SlidePlay> again;
    for (int64_t s = lobby->end_unix; s < lobby->end_unix + 3600 && !again; ++s)
        if (auto play = schedule::slide_at(bundle, *clock, s);
            play && play->slide->id == "lobby-film")
            again = play;
    REQUIRE(again.has_value());
    f.frame(double(again->start_unix) * 1000.0 + 500);
    REQUIRE(f.app->signage_playing().has_value());
    CHECK(f.app->signage_playing()->slide->id != "lobby-film");
    CHECK(f.app->video().player() == nullptr);
    CHECK(f.app->video().take_log().empty());
}

TEST_CASE("video screens: bundle check names each hostile video and caption file, one line each") {
    WardCopy ward;
    ward.replace("videos/lobby-welcome.mp4", "truncated.mp4");
    ward.replace("videos/evacuation-route.webm", "mpeg4.mp4"); // an MP4 named .webm
    // Line 6: a cue that ends before it starts.
    ward.write("videos/jsl-moving-in.en.vtt", "WEBVTT\n"
                                              "\n"
                                              "00:00.000 --> 00:03.000\n"
                                              "Welcome.\n"
                                              "\n"
                                              "00:03.000 --> 00:02.000\n"
                                              "Backwards.\n");
    const test::Run run =
        test::run_kiosk("bundle check --quick " + test::quoted(ward.dir.string()));
    CHECK(run.exit_code == 1);
    INFO(run.output);

    const auto lobby = lines_naming(run.output, "videos/lobby-welcome.mp4:");
    REQUIRE(lobby.size() == 1);
    CHECK(ward.located(lobby[0], "videos/lobby-welcome.mp4: "));
    CHECK(lobby[0].find("truncated") != std::string::npos);

    const auto evacuation = lines_naming(run.output, "videos/evacuation-route.webm:");
    REQUIRE(evacuation.size() == 1);
    CHECK(ward.located(evacuation[0], "videos/evacuation-route.webm: "));
    CHECK(evacuation[0].find("not WebM") != std::string::npos);

    const auto captions = lines_naming(run.output, "videos/jsl-moving-in.en.vtt");
    REQUIRE(captions.size() == 1);
    CHECK(ward.located(captions[0], "videos/jsl-moving-in.en.vtt:6: "));
    CHECK(captions[0].find("ends before") != std::string::npos);

    // What is fine is not named.
    CHECK(lines_naming(run.output, "jsl-moving-in.ja.vtt").empty());
    CHECK(lines_naming(run.output, "videos/jsl-moving-in.mp4:").empty());
}

TEST_CASE("video screens: bundle check names a slide whose video does not exist at its line") {
    WardCopy ward;
    const std::string playlist = "signage/playlists/evening.toml";
    std::string toml = ward.read(playlist);
    const size_t id = toml.find("id = \"lobby-film\"");
    REQUIRE(id != std::string::npos);
    const size_t table = toml.rfind("[[slide]]", id);
    REQUIRE(table != std::string::npos);
    const int line = 1 + int(std::count(toml.begin(), toml.begin() + long(table), '\n'));
    const std::string from = "video = \"videos/lobby-welcome.mp4\"";
    const size_t at = toml.find(from, id);
    REQUIRE(at != std::string::npos);
    toml.replace(at, from.size(), "video = \"videos/missing.mp4\"");
    ward.write(playlist, toml);

    const test::Run run =
        test::run_kiosk("bundle check --quick " + test::quoted(ward.dir.string()));
    CHECK(run.exit_code == 1);
    INFO(run.output);
    const auto named = lines_naming(run.output, "videos/missing.mp4");
    REQUIRE(named.size() == 1);
    CHECK(ward.located(named[0], playlist + ":" + std::to_string(line) + ": "));
    CHECK(named[0].find("does not exist") != std::string::npos);
}

TEST_CASE("video screens: kiosk shot --at draws the video slide's decoded frame at that time") {
    bundle::test::TempDir temp;
    auto shot = [&](const std::string& at) {
        const fs::path out = temp / ("lobby-at-" + at + ".png");
        const test::Run run = test::run_kiosk("shot --bundle " + test::quoted(test::kDemoBundle) +
                                              " --screen signage/lobby-film --size 1280x720 --at " +
                                              at + " -o " + test::quoted(out.string()));
        CHECK_MESSAGE(run.exit_code == 0, run.output);
        auto image = raster::read_png(out);
        REQUIRE_MESSAGE(image.ok(), (image.ok() ? "" : image.error().describe()));
        return std::move(*image);
    };
    const raster::Image at3 = shot("3");
    REQUIRE(at3.width == 1280);
    REQUIRE(at3.height == 720);
    const uint8_t* centre = at3.pixel(at3.width / 2, at3.height / 2);
    CHECK(int(centre[0]) + centre[1] + centre[2] > 60);
    CHECK(lit_share(at3) > 0.5);
    // The shapes drift: another time is another picture.
    const raster::Image at1 = shot("1");
    CHECK(raster::compare_images(at1, at3, 8).differing > 1000);
}

TEST_CASE("video screens: a playing film's new frames are copied in without a whole frame, and "
          "only while nothing else changes") {
    Wake wake;
    Fixture f;
    f.app->video().set_wake(wake.callback());
    const content::Bundle& bundle = f.app->bundle();
    auto clock = schedule::SignageClock::create(bundle.time_zone);
    REQUIRE(clock.ok());
    const int64_t evening =
        int64_t(app::resolve_clock(std::string("2026-12-07T20:00"), bundle).value() / 1000);
    const auto lobby = first_showing(bundle, *clock, evening, "lobby-film");
    REQUIRE(lobby.has_value());
    // Early in the slot and in its minute, so neither ends during the test.
    const double t = double(lobby->start_unix) * 1000.0 + 200;
    REQUIRE(f.app->attract_mode(t));
    const auto start = Clock::now();
    const auto deadline = start + std::chrono::seconds(10);
    // Whole frames until the film's first picture is in.
    while (!f.app->video().player() || f.app->video().player()->stats().taken == 0) {
        const uint64_t seen = wake.seen();
        f.frame(t);
        if (f.app->video().player() && f.app->video().player()->stats().taken > 0) break;
        REQUIRE(wake.wait_after(seen, deadline));
    }
    f.frame(t); // the whole frame that shows the film
    const raster::Image whole = f.surface->read_pixels();

    // Next pictures of the film: copied in; the bars around it stay as drawn.
    int copied = 0;
    while (copied < 3) {
        const uint64_t seen = wake.seen();
        REQUIRE(wake.wait_after(seen, deadline));
        const uint64_t taken = f.app->video().player()->stats().taken;
        if (f.app->present_video_frame(*f.surface, t + 100))
            copied += f.app->video().player()->stats().taken > taken ? 1 : 0;
    }
    const raster::Image after = f.surface->read_pixels();
    REQUIRE(after.width == whole.width);
    auto row_equal = [&](int y) {
        const size_t row = size_t(whole.width) * 4;
        return std::equal(whole.rgba.begin() + long(size_t(y) * row),
                          whole.rgba.begin() + long(size_t(y + 1) * row),
                          after.rgba.begin() + long(size_t(y) * row));
    };
    CHECK(row_equal(5));                // the top bar
    CHECK(row_equal(whole.height - 5)); // the message line
    bool moved = false;                 // the film's picture changed
    for (int y = whole.height / 4; y < whole.height * 3 / 4 && !moved; ++y)
        moved = !row_equal(y);
    CHECK(moved);

    // A whole frame is due when the clock's minute turns, and on a key.
    const double next_minute = (std::floor(t / 60000.0) + 1) * 60000.0 + 1;
    CHECK_FALSE(f.app->present_video_frame(*f.surface, next_minute));
    f.app->press_key(app::NavKey::Next);
    CHECK_FALSE(f.app->present_video_frame(*f.surface, t + 200));
}

TEST_CASE("video screens: with speech on, each new caption is read as it appears") {
    setenv("SDL_AUDIODRIVER", "dummy", 1);
    Fixture f;
    const double t = f.now();
    f.app->video().set_still_time(2.5);
    f.show(kPanel, "en", 1);
    f.app->session().speech = true;
    f.frame(t); // the screen's own reading: its title
    REQUIRE(f.app->speech() != nullptr);
    f.frame(t); // then the caption showing
    CHECK(f.app->last_spoken() == kEnCue);
    const int requested = f.app->speech()->counters().requested;
    f.frame(t); // the same caption is not read twice
    CHECK(f.app->speech()->counters().requested == requested);
    f.app->video().set_still_time(4.0); // the next cue
    f.frame(t);
    CHECK(f.app->last_spoken() == kEnNextCue);
}
