#pragma once
// VideoPlayer: one video file played by libmpv off the UI thread. mpv demuxes, decodes,
// keeps audio and video in step and loops on its own threads; our one render thread asks
// its software renderer for each due frame, scaled and letterboxed to the output size,
// into a buffer the UI thread copies into its one streaming texture (take_frame). The UI
// thread never waits on mpv: commands are asynchronous and frames are swapped under a
// short lock, so a video never delays a touch.
//
// A file that does not play (missing, truncated, unsupported) ends in State::Failed with
// mpv's reason, never in a black frame the caller cannot tell from a dark video.

#include "player/core/result.h"

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace kiosk::media {

struct VideoOptions {
    bool loop = true;              // forever; otherwise once, then the last frame stays
    bool muted = true;             // no audio is even decoded while muted
    bool paused = false;           // opens on its first frame, waiting for play
    double start_seconds = 0;      // where to begin
    int width = 640, height = 360; // output size: the video is fitted inside, bars black
    double speed = 1;              // playback speed (benchmarks run a long loop faster)
};

enum class VideoState { Loading, Playing, Ended, Failed };

// The newest frame, borrowed for the duration of a take_frame callback: 4 bytes a pixel,
// B, G, R, unused (SDL_PIXELFORMAT_RGB888 / XRGB8888 on little-endian machines).
struct FrameView {
    const uint8_t* pixels = nullptr;
    int width = 0, height = 0;
    int stride = 0;      // bytes from one row to the next
    uint64_t serial = 0; // counts frames rendered, from 1
    double seconds = 0;  // the frame's time in the file
};

struct VideoStats {
    uint64_t rendered = 0;       // frames our render thread produced
    uint64_t taken = 0;          // of which the UI thread took
    int64_t mpv_dropped = 0;     // frames mpv dropped to keep time (frame-drop-count)
    int64_t decoder_dropped = 0; // frames the decoder skipped (decoder-frame-drop-count)
    int loops = 0;               // times the file started over
};

class VideoPlayer {
  public:
    // Starts playing `file` (a real file: bundle blobs are files too). `wake` is called from
    // the render thread whenever a new frame or state is ready, so an idle UI loop can
    // sleep until then (it must be thread-safe, e.g. SDL_PushEvent). Fails only when mpv
    // cannot start; a file that does not play fails later, in state().
    static Result<std::unique_ptr<VideoPlayer>> open(const std::filesystem::path& file,
                                                     const VideoOptions& options,
                                                     std::function<void()> wake = {});
    ~VideoPlayer(); // stops the render thread, then mpv
    VideoPlayer(const VideoPlayer&) = delete;
    VideoPlayer& operator=(const VideoPlayer&) = delete;

    // Commands, all asynchronous: they return at once and take effect within a frame.
    void set_paused(bool paused);
    void restart(); // to the start, playing
    void set_muted(bool muted);
    // The size frames are rendered at from the next one (the current frame is redrawn).
    void set_output_size(int width, int height);

    VideoState state() const;
    std::string failure() const; // why it failed, in mpv's words; empty otherwise
    bool paused() const;
    bool muted() const;
    double position_seconds() const; // of the newest frame
    double duration_seconds() const; // 0 until known
    VideoStats stats() const;

    // Calls `use` with the newest frame when it is newer than `serial`, under the frame lock
    // (copy it out and return quickly), and updates `serial`. Returns whether it called.
    bool take_frame(uint64_t& serial, const std::function<void(const FrameView&)>& use);

    struct Impl;

  private:
    explicit VideoPlayer(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> m_impl;
};

// One frame at `seconds` into `file`, rendered as playback would show it at width x
// height (letterboxed), for `kiosk shot --at`, previews and tests. Blocks until the frame
// is decoded (at most `timeout_seconds`). Pixels as FrameView describes (B, G, R, x).
struct StillFrame {
    int width = 0, height = 0;
    std::vector<uint8_t> pixels; // width * 4 bytes a row
    double seconds = 0;          // the time of the frame shown
    double duration_seconds = 0;
};
Result<StillFrame> render_still_frame(const std::filesystem::path& file, double seconds, int width,
                                      int height, double timeout_seconds = 10);

} // namespace kiosk::media
