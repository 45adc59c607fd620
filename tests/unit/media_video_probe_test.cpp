// probe_video(): the fixtures of tests/data/video (made by make_fixtures.sh) as `bundle check`
// sees them: the good MP4 and WebM give their codecs, size and length; each kind of bad
// file is refused with one message naming the file, what is wrong and the fix. The sample
// bundle's clips (scripts/make_demo_videos.sh) pass, and their captions parse.

#include "player/media/video_probe.h"
#include "player/media/webvtt.h"

#include <doctest/doctest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <unistd.h>

using namespace kiosk::media;

namespace {

namespace fs = std::filesystem;

fs::path fixture(const std::string& name) {
    return fs::path(KIOSK_TEST_DATA) / "data/video" / name;
}

VideoInfo probed(const fs::path& file, const std::string& shown) {
    auto result = probe_video(file, shown);
    REQUIRE_MESSAGE(result.ok(), result.error().describe());
    return std::move(result).value();
}

// The one message `bundle check` would print for the fixture, checked to name it.
std::string refusal(const std::string& name, const VideoLimits& limits = {}) {
    const std::string shown = "videos/" + name;
    auto result = probe_video(fixture(name), shown, limits);
    REQUIRE_MESSAGE(!result.ok(), name << " passed the probe");
    CHECK(result.error().file == shown);
    CHECK(result.error().line == 0);
    const std::string message = result.error().describe();
    CHECK_MESSAGE(message.rfind(shown + ": ", 0) == 0, message);
    return message;
}

bool has(const std::string& message, const std::string& words) {
    return message.find(words) != std::string::npos;
}

// A scratch folder per test, removed at the end.
struct ScratchDir {
    fs::path path;
    ScratchDir() {
        path = fs::temp_directory_path() / ("kiosk-video-probe-" + std::to_string(::getpid()));
        fs::remove_all(path);
        fs::create_directories(path);
    }
    ~ScratchDir() {
        std::error_code ec;
        fs::remove_all(path, ec);
    }
};

} // namespace

TEST_CASE("video probe: ok.mp4 is H.264/AAC 320x180, 2 s at 30 fps") {
    const VideoInfo info = probed(fixture("ok.mp4"), "videos/ok.mp4");
    CHECK(info.container == "mp4");
    CHECK(info.video_codec == "h264");
    CHECK(info.audio_codec == "aac");
    CHECK(info.width == 320);
    CHECK(info.height == 180);
    CHECK(info.duration_seconds == doctest::Approx(2.0).epsilon(0.05));
    CHECK(info.frame_rate == doctest::Approx(30.0));
    CHECK(info.video_packets == 60);
}

TEST_CASE("video probe: ok.webm is VP9/Opus 320x180, 2 s") {
    const VideoInfo info = probed(fixture("ok.webm"), "videos/ok.webm");
    CHECK(info.container == "webm");
    CHECK(info.video_codec == "vp9");
    CHECK(info.audio_codec == "opus");
    CHECK(info.width == 320);
    CHECK(info.height == 180);
    CHECK(info.duration_seconds == doctest::Approx(2.0).epsilon(0.05));
    CHECK(info.frame_rate == doctest::Approx(30.0));
    CHECK(info.video_packets == 60);
}

TEST_CASE("video probe: silent.mp4 has no audio codec") {
    const VideoInfo info = probed(fixture("silent.mp4"), "videos/silent.mp4");
    CHECK(info.video_codec == "h264");
    CHECK(info.audio_codec.empty());
    CHECK(info.duration_seconds == doctest::Approx(2.0).epsilon(0.05));
}

TEST_CASE("video probe: a missing file") {
    const std::string message = refusal("absent.mp4");
    CHECK(has(message, "no such file"));
}

TEST_CASE("video probe: a folder where the video belongs") {
    ScratchDir scratch;
    fs::create_directory(scratch.path / "clip.mp4");
    auto result = probe_video(scratch.path / "clip.mp4", "videos/clip.mp4");
    REQUIRE_FALSE(result.ok());
    CHECK(result.error().describe().rfind("videos/clip.mp4: not a regular file", 0) == 0);
}

TEST_CASE("video probe: a file over max_bytes is refused without being opened") {
    SUBCASE("a tiny limit on a good file") {
        VideoLimits limits;
        limits.max_bytes = 1024;
        const std::string message = refusal("ok.mp4", limits);
        CHECK(has(message, "over the 1 KiB limit"));
        CHECK(has(message, "lower bit rate"));
    }
    SUBCASE("a sparse 65 MiB file: refused by its size, never read") {
        ScratchDir scratch;
        const fs::path big = scratch.path / "big.mp4";
        { std::ofstream(big, std::ios::binary); }
        fs::resize_file(big, (64ull << 20) + 1);
        auto result = probe_video(big, "videos/big.mp4");
        REQUIRE_FALSE(result.ok());
        CHECK(result.error().describe() ==
              "videos/big.mp4: is 67108865 bytes, over the 64 MiB limit for a video; shorten "
              "it or re-encode at a lower bit rate");
    }
}

TEST_CASE("video probe: a file type the terminals do not play") {
    ScratchDir scratch;
    fs::copy_file(fixture("ok.mp4"), scratch.path / "clip.mov");
    auto result = probe_video(scratch.path / "clip.mov", "videos/clip.mov");
    REQUIRE_FALSE(result.ok());
    const std::string message = result.error().describe();
    CHECK(message.rfind("videos/clip.mov: \".mov\" is not a video type", 0) == 0);
    CHECK(has(message, "re-encode as H.264 in MP4 or VP9 in WebM"));
}

TEST_CASE("video probe: upper-case extensions and .m4v are MP4 too") {
    ScratchDir scratch;
    fs::copy_file(fixture("ok.mp4"), scratch.path / "CLIP.MP4");
    fs::copy_file(fixture("ok.mp4"), scratch.path / "clip.m4v");
    CHECK(probed(scratch.path / "CLIP.MP4", "CLIP.MP4").container == "mp4");
    CHECK(probed(scratch.path / "clip.m4v", "clip.m4v").container == "mp4");
}

TEST_CASE("video probe: an empty file") {
    const std::string message = refusal("zero.mp4");
    CHECK(has(message, "is empty (0 bytes)"));
    CHECK(has(message, "export the file again"));
}

TEST_CASE("video probe: a text file named .mp4") {
    const std::string message = refusal("notvideo.mp4");
    CHECK(has(message, "is not a video"));
    CHECK(has(message, "re-encode as H.264 in MP4"));
}

TEST_CASE("video probe: a WebM named .mp4 says what it is") {
    const std::string message = refusal("webm-named.mp4");
    CHECK(has(message, "is a WebM (Matroska) video, not MP4"));
    CHECK(has(message, "rename it to .webm"));
}

TEST_CASE("video probe: an MP4 named .webm says what it is") {
    ScratchDir scratch;
    fs::copy_file(fixture("ok.mp4"), scratch.path / "clip.webm");
    auto result = probe_video(scratch.path / "clip.webm", "videos/clip.webm");
    REQUIRE_FALSE(result.ok());
    const std::string message = result.error().describe();
    CHECK(message.rfind("videos/clip.webm: is an MP4", 0) == 0);
    CHECK(has(message, "rename it to .mp4"));
}

TEST_CASE("video probe: sound only") {
    const std::string message = refusal("audio-only.mp4");
    CHECK(has(message, "has no video stream, only sound"));
}

TEST_CASE("video probe: an unsupported video codec (MPEG-4 Part 2)") {
    const std::string message = refusal("mpeg4.mp4");
    CHECK(has(message, "video codec mpeg4 is not one the terminals play in MP4 (h264, vp9, av1)"));
    CHECK(has(message, "re-encode as H.264 in MP4 or VP9 in WebM"));
}

TEST_CASE("video probe: an audio codec WebM does not take") {
    // ok.mp4 with its AAC kept, in a WebM-looking Matroska: the codec check must catch it.
    // Matroska muxing is bitexact enough to build here rather than commit another file.
    ScratchDir scratch;
    const fs::path out = scratch.path / "aac.webm";
    const std::string command = "ffmpeg -hide_banner -loglevel error -nostdin -y -i '" +
                                fixture("ok.webm").string() + "' -i '" +
                                fixture("ok.mp4").string() +
                                "' -map 0:v -map 1:a -c copy -f matroska '" + out.string() + "'";
    if (std::system(command.c_str()) != 0) {
        MESSAGE("ffmpeg is not installed; skipped");
        return;
    }
    auto result = probe_video(out, "videos/aac.webm");
    REQUIRE_FALSE(result.ok());
    const std::string message = result.error().describe();
    CHECK(message.rfind("videos/aac.webm: audio codec aac is not one the terminals play in "
                        "WebM (opus, vorbis)",
                        0) == 0);
    CHECK(has(message, "VP9/Opus in WebM"));
}

TEST_CASE("video probe: wider than the limit, both sizes given") {
    const std::string message = refusal("huge.mp4");
    CHECK(has(message, "the video is 4096x64, over the 3840x2160 limit"));
    SUBCASE("and limits are the caller's") {
        VideoLimits limits;
        limits.max_width = 4096;
        CHECK(probe_video(fixture("huge.mp4"), "huge.mp4", limits).ok());
        limits.max_height = 100;
        limits.max_width = 320;
        CHECK(has(refusal("ok.mp4", limits), "the video is 320x180, over the 320x100 limit"));
    }
}

TEST_CASE("video probe: longer than max_seconds") {
    VideoLimits limits;
    limits.max_seconds = 1.5;
    const std::string message = refusal("ok.webm", limits);
    CHECK(has(message, "long, over the 1.50 s limit"));
    CHECK(has(message, "shorten it"));
}

TEST_CASE("video probe: a truncated MP4 (index promises more than is there)") {
    const std::string message = refusal("truncated.mp4");
    CHECK(has(message, "truncated"));
    CHECK(has(message, "of 2.00 s"));
    CHECK(has(message, "copy or export the file again"));
}

TEST_CASE("video probe: a truncated WebM (ends well short of its duration)") {
    const std::string message = refusal("truncated.webm");
    CHECK(has(message, "is truncated: it ends at 0."));
    CHECK(has(message, "of 2.0"));
}

TEST_CASE("video probe: a running clock bounds the check") {
    VideoLimits limits;
    limits.max_check_seconds = 0;
    const std::string message = refusal("ok.mp4", limits);
    CHECK(has(message, "took over 0.00 s to read"));
}

TEST_CASE("video probe: demo-ward clips pass the probe and their captions parse") {
    const fs::path videos = fs::path(KIOSK_TEST_DATA) / "../content/demo-ward/videos";
    struct Expected {
        const char* name;
        const char* container;
        const char* video;
        const char* audio;
        int width, height;
        double seconds;
    };
    const Expected clips[] = {
        {"lobby-welcome.mp4", "mp4", "h264", "aac", 1280, 720, 8},
        {"evacuation-route.webm", "webm", "vp9", "opus", 1280, 720, 10},
        {"jsl-moving-in.mp4", "mp4", "h264", "aac", 960, 720, 12},
    };
    for (const Expected& clip : clips) {
        CAPTURE(clip.name);
        const VideoInfo info = probed(videos / clip.name, clip.name);
        CHECK(info.container == clip.container);
        CHECK(info.video_codec == clip.video);
        CHECK(info.audio_codec == clip.audio);
        CHECK(info.width == clip.width);
        CHECK(info.height == clip.height);
        CHECK(info.duration_seconds == doctest::Approx(clip.seconds).epsilon(0.1 / clip.seconds));
        CHECK(fs::file_size(videos / clip.name) <= 400 * 1024);
    }
    for (const char* name : {"jsl-moving-in.ja.vtt", "jsl-moving-in.en.vtt"}) {
        CAPTURE(name);
        std::ifstream in(videos / name, std::ios::binary);
        REQUIRE(in.good());
        std::ostringstream text;
        text << in.rdbuf();
        auto captions = parse_webvtt(text.str(), name);
        REQUIRE_MESSAGE(captions.ok(), captions.error().describe());
        CHECK(captions->cues.size() >= 4);
        CHECK(captions->cues.back().end_ms <= 12'000);
        CHECK(captions->cues.back().end_ms >= 11'000);
    }
}
