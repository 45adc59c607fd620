#pragma once
// VideoStage: the one video on screen (a signage video slide or a sign-language clip).
// Screens ask for a video each frame they show it (show()); the stage opens a
// media::VideoPlayer for it, copies each new frame into the surface's one streaming texture
// and closes the player on the first frame no screen asked for it. A file that fails is
// remembered for the session with mpv's reason, logged once, and never opened again, so
// signage can skip it.
//
// Staff tools (`kiosk shot --at`, previews) set a still time instead: the frame at that
// time is decoded synchronously and shown, so a PNG holds a real decoded frame.

#include "kiosk/app/ui.h"
#include "player/bundle/bundle_files.h"
#include "player/media/video_player.h"
#include "player/media/webvtt.h"

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

struct SDL_Renderer;
struct SDL_Texture;

namespace kiosk::render {
class Surface;
}

namespace kiosk::app {

struct VideoRequest {
    std::string path;  // in the bundle, "videos/..."
    Rect zone;         // where it is drawn; the video is fitted inside, bars black
    bool loop = true;  // else once, holding the last frame
    bool muted = true; // the visitor's choice for sign-language clips
    // Nothing else on screen changes while it plays (a signage film): its new frames may
    // be copied onto the picture already shown, without a whole frame (present_new_frame).
    bool alone = false;
};

// What a screen draws for its video this frame.
struct VideoShown {
    SDL_Texture* texture = nullptr; // the streaming texture, once a frame is in it
    int width = 0, height = 0;      // of the frame in it
    bool failed = false;            // it does not play: draw a note, or skip the slide
    bool ended = false;             // played once and holds its last frame
    bool paused = false;
    bool muted = true;
    double seconds = 0, duration = 0; // where it is, for captions
};

class VideoStage {
  public:
    VideoStage() = default;
    ~VideoStage();
    VideoStage(const VideoStage&) = delete;
    VideoStage& operator=(const VideoStage&) = delete;

    // Called from the render thread when a frame is ready (thread-safe: wakes the UI loop).
    void set_wake(std::function<void()> wake) { m_wake = std::move(wake); }
    // Staff tools: show the frame at `seconds` instead of playing (nullopt: play).
    void set_still_time(std::optional<double> seconds) { m_still = seconds; }
    std::optional<double> still_time() const { return m_still; }
    // How long a video may take to show its first frame before it counts as broken.
    static constexpr double kFirstFrameTimeoutMs = 5000;

    // Per frame: where files are and what to draw into; then the screens' show() calls;
    // then end_frame(), which closes a player no screen asked for.
    // A frame that is only laid out (present false: audits, measuring passes) decodes no
    // still frame.
    void begin_frame(render::Surface& surface, const bundle::BundleFiles* files, double now_ms,
                     bool present = true);
    VideoShown show(const VideoRequest& request);
    void end_frame();
    // Closes the player (it stops on a thread of its own).
    void close();
    // Closes the player and waits until every player has stopped: before SDL and the audio
    // device go, so no render thread wakes a loop that is gone.
    void shutdown();
    // Another bundle is shown: paths may now hold other files; forget what was learnt.
    void reset_bundle() {
        close();
        m_failed.clear();
        m_captions.clear();
        m_stills.clear();
    }

    // The visitor's controls, on the video shown last.
    void set_paused(bool paused);
    void restart();
    void set_muted(bool muted);

    // Captions of `video` (videos/x.<locale>.vtt beside it) in the first of `locales` that
    // has them, read and parsed once (a file that does not parse is logged and counts as
    // none). Returns that locale, or "" when none has captions.
    std::string caption_locale(const std::string& video, const std::vector<std::string>& locales);
    // The cue showing at `seconds` in those captions, or null.
    const media::Cue* caption_at(const std::string& video, const std::string& locale,
                                 double seconds);

    // Whether `path` failed to play this session (signage skips such slides).
    bool failed(const std::string& path) const { return m_failed.count(path) > 0; }
    // Where the last frame drew the video (the texture at 1:1), for present_new_frame.
    void note_drawn(Rect where, bool alone) {
        m_drawn = where;
        m_alone = alone;
    }
    // Copies the playing film's newest frame onto the picture on screen and presents it,
    // when the last whole frame drew it `alone` and the renderer is SDL's software one (its
    // picture stays between presents; a GPU renderer's does not, and draws whole frames
    // cheaply anyway). False when a whole frame is due instead (failed, ended, resized).
    bool present_new_frame(SDL_Renderer* renderer);

    // Whether a video failed since the last call (the frame that found it must be redrawn).
    bool has_new_failure() { return std::exchange(m_new_failure, false); }
    // Lines for the log ("video: <file>: <why>"), drained by the caller.
    std::vector<std::string> take_log() { return std::exchange(m_log, {}); }
    // The player on screen (benchmarks read its statistics); null when none.
    const media::VideoPlayer* player() const { return m_player.get(); }
    // When a video still waiting for its first picture counts as broken (a frame is due
    // then, to skip it), or 0.
    double next_check_ms() const {
        return m_player && m_serial == 0 ? m_opened_ms + kFirstFrameTimeoutMs + 1 : 0;
    }
    // Whether the last frame drew a video that is still moving (so frames keep coming).
    bool playing() const { return m_player && !m_shown.paused && !m_shown.ended; }

  private:
    void fail(const std::string& path, const std::string& why);
    VideoShown show_still(const VideoRequest& request, int width, int height);

    std::function<void()> m_wake;
    std::optional<double> m_still;
    render::Surface* m_surface = nullptr;
    const bundle::BundleFiles* m_files = nullptr;
    double m_now_ms = 0;
    bool m_asked = false; // a screen asked for a video this frame
    Rect m_drawn;         // where the last frame drew it, at 1:1
    bool m_alone = false;
    SDL_Renderer* m_checked_renderer = nullptr; // whether it is the software renderer
    bool m_software = false;
    bool m_present = true;

    std::unique_ptr<media::VideoPlayer> m_player;
    std::vector<std::thread> m_closers; // players being stopped off the UI thread
    std::string m_path;                 // of m_player
    double m_opened_ms = 0;
    uint64_t m_serial = 0;                       // of the frame in the texture
    VideoShown m_shown;                          // what the last frame showed
    std::map<std::string, std::string> m_failed; // path -> why
    bool m_new_failure = false;
    std::vector<std::string> m_log;
    const media::Captions* captions(const std::string& file);
    std::map<std::string, std::optional<media::Captions>> m_captions; // caption file -> parsed
    // Still frames already decoded: "path@seconds@WxH" -> pixels.
    std::map<std::string, media::StillFrame> m_stills;
};

} // namespace kiosk::app
