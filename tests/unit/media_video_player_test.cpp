// VideoPlayer and still frames against real files (tests/data/video), decoded by libmpv.
#include "kiosk_process_support.h"
#include "player/media/video_player.h"

#include <doctest/doctest.h>

#include <chrono>
#include <condition_variable>
#include <mutex>

namespace media = kiosk::media;

namespace {

const std::string kVideos = std::string(KIOSK_TEST_DATA) + "/data/video/";

} // namespace

TEST_CASE("video player: a still frame at a time is a real decoded picture") {
    auto still = media::render_still_frame(kVideos + "ok.mp4", 1.0, 320, 180);
    REQUIRE_MESSAGE(still.ok(), (still.ok() ? "" : still.error().describe()));
    CHECK(still->width == 320);
    CHECK(still->height == 180);
    CHECK(still->seconds == doctest::Approx(1.0).epsilon(0.05));
    CHECK(still->duration_seconds == doctest::Approx(2.0).epsilon(0.05));
    size_t lit = 0;
    for (size_t i = 0; i < still->pixels.size(); i += 4)
        if (still->pixels[i] + still->pixels[i + 1] + still->pixels[i + 2] > 60) ++lit;
    CHECK(lit > still->pixels.size() / 4 / 2); // testsrc2 is colourful, never black
}

TEST_CASE("video player: a file that is not a video fails with a reason, never a frame") {
    std::mutex mutex;
    std::condition_variable woken;
    int wakes = 0;
    auto player = media::VideoPlayer::open(kVideos + "notvideo.mp4", {}, [&] {
        std::lock_guard lock(mutex);
        ++wakes;
        woken.notify_all();
    });
    REQUIRE(player.ok());
    std::unique_lock lock(mutex);
    const bool failed = woken.wait_for(lock, std::chrono::seconds(10), [&] {
        return (*player)->state() == media::VideoState::Failed;
    });
    CHECK(failed);
    CHECK(!(*player)->failure().empty());
    uint64_t serial = 0;
    CHECK_FALSE((*player)->take_frame(serial, [](const media::FrameView&) {}));
}

TEST_CASE("video player: plays frames off the UI thread, pauses and restarts") {
    std::mutex mutex;
    std::condition_variable woken;
    media::VideoOptions options;
    options.width = 160;
    options.height = 90;
    auto player = media::VideoPlayer::open(kVideos + "ok.webm", options, [&] {
        std::lock_guard lock(mutex);
        woken.notify_all();
    });
    REQUIRE(player.ok());
    uint64_t serial = 0;
    int frames = 0;
    std::unique_lock lock(mutex);
    woken.wait_for(lock, std::chrono::seconds(10), [&] {
        if ((*player)->take_frame(serial, [&](const media::FrameView& f) {
                CHECK(f.width == 160);
                CHECK(f.height == 90);
            }))
            ++frames;
        return frames >= 5;
    });
    CHECK(frames >= 5);
    CHECK((*player)->state() == media::VideoState::Playing);
    (*player)->set_paused(true);
    CHECK((*player)->paused());
}

TEST_CASE("video: kiosk shot --at draws a sign-language clip; a bad --at is refused") {
    const std::string bundle = std::string(KIOSK_TEST_DATA) + "/../content/demo-ward";
    const std::string out = "/tmp/kiosk-video-shot-test.png";
    auto run = kiosk::test::run_kiosk("shot --bundle " + kiosk::test::quoted(bundle) +
                                      " --screen sign/page/moving-in --at 2.5 -o " + out);
    CHECK_MESSAGE(run.exit_code == 0, run.output);
    auto bad = kiosk::test::run_kiosk("shot --bundle " + kiosk::test::quoted(bundle) +
                                      " --screen sign/page/moving-in --at soon -o " + out);
    CHECK(bad.exit_code == 2);
    CHECK(bad.output.find("--at soon") != std::string::npos);
}
