#pragma once
// Checks a bundle's video before any terminal plays it: `kiosk bundle check` reads the
// file through with libavformat/libavcodec as libmpv would, so a clip that is in the wrong
// container, uses a codec the terminals do not promise, is too large, or was cut short by
// an interrupted copy is refused at the desk, not discovered as a black screen in the lobby.
//
// Bundles are hostile input: the demuxer is fixed by the file's extension (a file cannot
// pick one of FFmpeg's many demuxers), only local file reads are allowed, decoders run only
// for the codecs below, and the whole check has a time limit. The cost is linear in the
// file's size (every packet is demuxed once; only the first video frame is decoded).
//
// Accepted: .mp4/.m4v (MP4) with H.264, VP9 or AV1 video and AAC, MP3 or Opus audio;
// .webm (WebM) with VP8, VP9 or AV1 video and Opus or Vorbis audio; audio is optional.

#include "player/core/result.h"

#include <cstdint>
#include <filesystem>
#include <string>

namespace kiosk::media {

struct VideoLimits {
    int max_width = 3840, max_height = 2160; // 4K UHD at most
    double max_seconds = 600;                // ten minutes
    uint64_t max_bytes = 64ull << 20;        // a bundle file's own limit
    // Wall-clock bound on the whole check, so a file crafted to make the demuxer crawl
    // cannot stall `bundle check`.
    double max_check_seconds = 10;
};

struct VideoInfo {
    std::string container;   // "mp4" or "webm"
    std::string video_codec; // "h264", "vp9", "vp8" or "av1"
    std::string audio_codec; // "aac", "opus", "vorbis", "mp3", or "" when silent
    int width = 0, height = 0;
    double duration_seconds = 0;
    double frame_rate = 0;     // 0 when the file does not say
    int64_t video_packets = 0; // demuxed to the end
};

// Reads `file` through as the player would. `shown` names it in messages
// (e.g. "content/demo-ward/videos/lobby.mp4"); every refusal is one Error whose `file` is
// `shown` and whose message says what is wrong and the fix. Thread-safe.
Result<VideoInfo> probe_video(const std::filesystem::path& file, const std::string& shown,
                              const VideoLimits& limits = {});

} // namespace kiosk::media
