#include "player/media/video_player.h"

#include <mpv/client.h>
#include <mpv/render.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <condition_variable>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <thread>

namespace kiosk::media {
namespace {

struct MpvDestroy {
    void operator()(mpv_handle* mpv) const { mpv_terminate_destroy(mpv); }
};
struct RenderFree {
    void operator()(mpv_render_context* render) const { mpv_render_context_free(render); }
};
struct AlignedFree {
    void operator()(uint8_t* p) const { std::free(p); }
};
using MpvHandle = std::unique_ptr<mpv_handle, MpvDestroy>;
using RenderContext = std::unique_ptr<mpv_render_context, RenderFree>;

// mpv's software renderer wants rows and the buffer aligned to 64 bytes for its SIMD paths.
constexpr size_t kAlign = 64;

struct FrameBuffer {
    std::unique_ptr<uint8_t, AlignedFree> data;
    size_t capacity = 0;
    int width = 0, height = 0, stride = 0;

    bool fit(int w, int h) {
        stride = int((size_t(w) * 4 + kAlign - 1) / kAlign * kAlign);
        size_t need = size_t(stride) * size_t(h);
        if (need > capacity) {
            void* p = std::aligned_alloc(kAlign, need);
            if (!p) return false;
            data.reset(static_cast<uint8_t*>(p));
            capacity = need;
        }
        width = w;
        height = h;
        return true;
    }
};

// Ids of the properties we observe (mpv_observe_property's reply_userdata).
enum Observed : uint64_t { kTimePos = 1, kDuration, kPause, kEofReached, kDropped, kDecDropped };

// Frame sizes we render at: a bound against a hostile layout as much as a sanity check.
constexpr int kMaxOutputSide = 8192;

} // namespace

struct VideoPlayer::Impl {
    MpvHandle mpv; // declared before render: the render context must go first
    RenderContext render;
    std::function<void()> wake;
    bool loop = true;

    std::thread thread;
    std::mutex wait_mutex;
    std::condition_variable wait_cv;
    bool render_due = false, events_due = false, stopping = false;

    std::atomic<int> out_width{0}, out_height{0};
    std::atomic<bool> resized{false};

    // Frames: the render thread fills `back`, then swaps it with `front` under frame_mutex.
    std::mutex frame_mutex;
    FrameBuffer front, back;
    FrameView front_view;

    mutable std::mutex state_mutex;
    VideoState state = VideoState::Loading;
    std::string failure, last_error;
    bool paused = false, muted = true, started = false;
    double position = 0, duration = 0;
    VideoStats stats;

    void notify_render() {
        {
            std::lock_guard lock(wait_mutex);
            render_due = true;
        }
        wait_cv.notify_one();
    }
    void notify_events() {
        {
            std::lock_guard lock(wait_mutex);
            events_due = true;
        }
        wait_cv.notify_one();
    }
    void run();
    void drain_events(bool& redraw);
    void render_frame();
    void fail(std::string why) {
        std::lock_guard lock(state_mutex);
        if (state == VideoState::Failed) return;
        state = VideoState::Failed;
        failure = std::move(why);
    }
};

void VideoPlayer::Impl::run() {
    for (;;) {
        bool do_render = false, do_events = false;
        {
            std::unique_lock lock(wait_mutex);
            wait_cv.wait(lock, [&] { return stopping || render_due || events_due; });
            if (stopping) return;
            do_render = std::exchange(render_due, false);
            do_events = std::exchange(events_due, false);
        }
        bool redraw = resized.exchange(false);
        if (do_events) drain_events(redraw);
        if (do_render) {
            // Required after each update callback; it says whether a new frame is due.
            if (mpv_render_context_update(render.get()) & MPV_RENDER_UPDATE_FRAME) redraw = true;
        }
        bool started_now;
        {
            std::lock_guard lock(state_mutex);
            started_now = started && state != VideoState::Failed;
        }
        // Before the file's first frame is decoded mpv renders plain black: never shown.
        if (redraw && started_now) render_frame();
    }
}

void VideoPlayer::Impl::drain_events(bool& redraw) {
    bool notify = false;
    for (;;) {
        mpv_event* event = mpv_wait_event(mpv.get(), 0);
        if (event->event_id == MPV_EVENT_NONE) break;
        switch (event->event_id) {
        case MPV_EVENT_LOG_MESSAGE: {
            auto* msg = static_cast<mpv_event_log_message*>(event->data);
            std::string text = msg->text ? msg->text : "";
            while (!text.empty() && (text.back() == '\n' || text.back() == ' '))
                text.pop_back();
            std::lock_guard lock(state_mutex);
            if (!text.empty()) last_error = text;
            break;
        }
        case MPV_EVENT_PLAYBACK_RESTART: {
            // The first frame after loading or a seek is decoded: show it, even when paused.
            std::lock_guard lock(state_mutex);
            started = true;
            if (state == VideoState::Loading) state = VideoState::Playing;
            redraw = true;
            notify = true;
            break;
        }
        case MPV_EVENT_END_FILE: {
            auto* end = static_cast<mpv_event_end_file*>(event->data);
            std::unique_lock lock(state_mutex);
            if (end->reason == MPV_END_FILE_REASON_ERROR) {
                std::string why = mpv_error_string(end->error);
                if (!last_error.empty()) why = last_error + " (" + why + ")";
                lock.unlock();
                fail(std::move(why));
            } else if (end->reason == MPV_END_FILE_REASON_EOF) {
                if (!started) {
                    lock.unlock();
                    fail(last_error.empty() ? "no video frames" : last_error);
                } else {
                    state = VideoState::Ended;
                }
            }
            notify = true;
            break;
        }
        case MPV_EVENT_PROPERTY_CHANGE: {
            auto* prop = static_cast<mpv_event_property*>(event->data);
            std::lock_guard lock(state_mutex);
            if (prop->format == MPV_FORMAT_DOUBLE) {
                double value = *static_cast<double*>(prop->data);
                if (event->reply_userdata == kTimePos) {
                    // Time going back: the file started over (a loop, or restart()).
                    if (value + 0.02 < position) ++stats.loops;
                    position = value;
                } else if (event->reply_userdata == kDuration) {
                    duration = value;
                }
            } else if (prop->format == MPV_FORMAT_FLAG) {
                bool value = *static_cast<int*>(prop->data) != 0;
                if (event->reply_userdata == kPause) {
                    paused = value;
                    notify = true; // the play/pause button shows the other word
                }
                if (event->reply_userdata == kEofReached && value && started && !loop &&
                    state == VideoState::Playing) {
                    state = VideoState::Ended;
                    notify = true;
                }
                if (event->reply_userdata == kEofReached && !value && state == VideoState::Ended)
                    state = VideoState::Playing;
            } else if (prop->format == MPV_FORMAT_INT64) {
                int64_t value = *static_cast<int64_t*>(prop->data);
                if (event->reply_userdata == kDropped) stats.mpv_dropped = value;
                if (event->reply_userdata == kDecDropped) stats.decoder_dropped = value;
            }
            break;
        }
        default:
            break;
        }
    }
    if (notify && wake) wake();
}

void VideoPlayer::Impl::render_frame() {
    int w = std::clamp(out_width.load(), 1, kMaxOutputSide);
    int h = std::clamp(out_height.load(), 1, kMaxOutputSide);
    if (!back.fit(w, h)) return;
    int size[2] = {w, h};
    size_t stride = size_t(back.stride);
    char format[] = "bgr0";
    mpv_render_param params[] = {{MPV_RENDER_PARAM_SW_SIZE, size},
                                 {MPV_RENDER_PARAM_SW_FORMAT, format},
                                 {MPV_RENDER_PARAM_SW_STRIDE, &stride},
                                 {MPV_RENDER_PARAM_SW_POINTER, back.data.get()},
                                 {MPV_RENDER_PARAM_INVALID, nullptr}};
    if (mpv_render_context_render(render.get(), params) < 0) return;
    double seconds;
    {
        std::lock_guard lock(state_mutex);
        seconds = position;
        ++stats.rendered;
    }
    {
        std::lock_guard lock(frame_mutex);
        std::swap(front, back);
        front_view.pixels = front.data.get();
        front_view.width = front.width;
        front_view.height = front.height;
        front_view.stride = front.stride;
        front_view.seconds = seconds;
        ++front_view.serial;
    }
    if (wake) wake();
}

VideoPlayer::VideoPlayer(std::unique_ptr<Impl> impl) : m_impl(std::move(impl)) {}

VideoPlayer::~VideoPlayer() {
    if (!m_impl) return;
    {
        std::lock_guard lock(m_impl->wait_mutex);
        m_impl->stopping = true;
    }
    m_impl->wait_cv.notify_one();
    if (m_impl->thread.joinable()) m_impl->thread.join();
    // No callback may reach a half-destroyed Impl: detach them before freeing.
    mpv_render_context_set_update_callback(m_impl->render.get(), nullptr, nullptr);
    mpv_set_wakeup_callback(m_impl->mpv.get(), nullptr, nullptr);
    m_impl->render.reset();
    m_impl->mpv.reset();
}

Result<std::unique_ptr<VideoPlayer>> VideoPlayer::open(const std::filesystem::path& file,
                                                       const VideoOptions& options,
                                                       std::function<void()> wake) {
    auto impl = std::make_unique<Impl>();
    impl->wake = std::move(wake);
    impl->loop = options.loop;
    impl->muted = options.muted;
    impl->paused = options.paused;
    impl->out_width = std::clamp(options.width, 1, kMaxOutputSide);
    impl->out_height = std::clamp(options.height, 1, kMaxOutputSide);
    impl->mpv.reset(mpv_create());
    if (!impl->mpv) return make_error("video: libmpv could not start (out of memory?)");
    mpv_handle* mpv = impl->mpv.get();

    char speed[32];
    std::snprintf(speed, sizeof speed, "%.3f", std::clamp(options.speed, 0.01, 100.0));
    char start[32];
    std::snprintf(start, sizeof start, "%.3f", std::max(0.0, options.start_seconds));
    // Nothing of the user's mpv setup, no window, no scripts, no network helpers: the kiosk
    // plays bundle files exactly as `bundle check` saw them.
    const std::pair<const char*, const char*> settings[] = {
        {"config", "no"},
        {"terminal", "no"},
        {"load-scripts", "no"},
        {"osc", "no"},
        {"ytdl", "no"},
        {"input-default-bindings", "no"},
        {"input-vo-keyboard", "no"},
        {"vo", "libmpv"},
        {"hwdec", "no"},
        {"idle", "yes"},
        {"keep-open", options.loop ? "no" : "yes"},
        {"loop-file", options.loop ? "inf" : "no"},
        {"sub-auto", "no"},
        {"audio-file-auto", "no"},
        {"cache", "no"},
        {"demuxer-max-bytes", "8MiB"},
        {"demuxer-max-back-bytes", "1MiB"},
        {"osd-level", "0"},
        {"sws-fast", "yes"},
        {"hr-seek", "yes"},
        {"audio-fallback-to-null", "yes"},
        {"aid", options.muted ? "no" : "auto"},
        {"sid", "no"},
        {"pause", options.paused ? "yes" : "no"},
        {"start", start},
        {"speed", speed},
    };
    for (const auto& [name, value] : settings)
        if (int err = mpv_set_option_string(mpv, name, value); err < 0)
            return make_error(std::string("video: libmpv refused option ") + name + "=" + value +
                              ": " + mpv_error_string(err));
    if (int err = mpv_initialize(mpv); err < 0)
        return make_error(std::string("video: libmpv did not initialise: ") +
                          mpv_error_string(err));
    mpv_request_log_messages(mpv, "error");

    mpv_render_param params[] = {
        {MPV_RENDER_PARAM_API_TYPE, const_cast<char*>(MPV_RENDER_API_TYPE_SW)},
        {MPV_RENDER_PARAM_INVALID, nullptr}};
    mpv_render_context* render = nullptr;
    if (int err = mpv_render_context_create(&render, mpv, params); err < 0)
        return make_error(std::string("video: libmpv's software renderer did not start: ") +
                          mpv_error_string(err));
    impl->render.reset(render);

    mpv_observe_property(mpv, kTimePos, "time-pos", MPV_FORMAT_DOUBLE);
    mpv_observe_property(mpv, kDuration, "duration", MPV_FORMAT_DOUBLE);
    mpv_observe_property(mpv, kPause, "pause", MPV_FORMAT_FLAG);
    mpv_observe_property(mpv, kEofReached, "eof-reached", MPV_FORMAT_FLAG);
    mpv_observe_property(mpv, kDropped, "frame-drop-count", MPV_FORMAT_INT64);
    mpv_observe_property(mpv, kDecDropped, "decoder-frame-drop-count", MPV_FORMAT_INT64);

    Impl* raw = impl.get();
    mpv_render_context_set_update_callback(
        render, [](void* self) { static_cast<Impl*>(self)->notify_render(); }, raw);
    mpv_set_wakeup_callback(
        mpv, [](void* self) { static_cast<Impl*>(self)->notify_events(); }, raw);
    raw->thread = std::thread([raw] { raw->run(); });

    std::string path = file.string();
    const char* command[] = {"loadfile", path.c_str(), nullptr};
    if (int err = mpv_command_async(mpv, 0, command); err < 0)
        raw->fail(std::string("libmpv did not take the file: ") + mpv_error_string(err));
    return std::unique_ptr<VideoPlayer>(new VideoPlayer(std::move(impl)));
}

void VideoPlayer::set_paused(bool paused) {
    int flag = paused ? 1 : 0;
    mpv_set_property_async(m_impl->mpv.get(), 0, "pause", MPV_FORMAT_FLAG, &flag);
    std::lock_guard lock(m_impl->state_mutex);
    m_impl->paused = paused;
}

void VideoPlayer::restart() {
    const char* seek[] = {"seek", "0", "absolute+exact", nullptr};
    mpv_command_async(m_impl->mpv.get(), 0, seek);
    set_paused(false);
}

void VideoPlayer::set_muted(bool muted) {
    // While muted no audio track is selected at all, so none is decoded.
    // MPV_FORMAT_STRING takes a char**; the async call copies the value before returning.
    const char* track = muted ? "no" : "auto";
    mpv_set_property_async(m_impl->mpv.get(), 0, "aid", MPV_FORMAT_STRING, &track);
    std::lock_guard lock(m_impl->state_mutex);
    m_impl->muted = muted;
}

void VideoPlayer::set_output_size(int width, int height) {
    width = std::clamp(width, 1, kMaxOutputSide);
    height = std::clamp(height, 1, kMaxOutputSide);
    if (m_impl->out_width.exchange(width) == width && m_impl->out_height.exchange(height) == height)
        return;
    m_impl->resized = true;
    m_impl->notify_render();
}

VideoState VideoPlayer::state() const {
    std::lock_guard lock(m_impl->state_mutex);
    return m_impl->state;
}
std::string VideoPlayer::failure() const {
    std::lock_guard lock(m_impl->state_mutex);
    return m_impl->failure;
}
bool VideoPlayer::paused() const {
    std::lock_guard lock(m_impl->state_mutex);
    return m_impl->paused;
}
bool VideoPlayer::muted() const {
    std::lock_guard lock(m_impl->state_mutex);
    return m_impl->muted;
}
double VideoPlayer::position_seconds() const {
    std::lock_guard lock(m_impl->state_mutex);
    return m_impl->position;
}
double VideoPlayer::duration_seconds() const {
    std::lock_guard lock(m_impl->state_mutex);
    return m_impl->duration;
}
VideoStats VideoPlayer::stats() const {
    std::lock_guard lock(m_impl->state_mutex);
    return m_impl->stats;
}

bool VideoPlayer::take_frame(uint64_t& serial, const std::function<void(const FrameView&)>& use) {
    std::lock_guard lock(m_impl->frame_mutex);
    const FrameView& view = m_impl->front_view;
    if (view.serial == 0 || view.serial == serial) return false;
    use(view);
    serial = view.serial;
    std::lock_guard state_lock(m_impl->state_mutex);
    ++m_impl->stats.taken;
    return true;
}

Result<StillFrame> render_still_frame(const std::filesystem::path& file, double seconds, int width,
                                      int height, double timeout_seconds) {
    if (!std::filesystem::is_regular_file(file))
        return make_error(file.string(), 0, "no such video file");
    struct Waiter {
        std::mutex mutex;
        std::condition_variable cv;
        int wakes = 0;
    };
    auto waiter = std::make_shared<Waiter>();
    VideoOptions options;
    options.loop = false;
    options.paused = true;
    options.start_seconds = seconds;
    options.width = width;
    options.height = height;
    auto player = VideoPlayer::open(file, options, [waiter] {
        {
            std::lock_guard lock(waiter->mutex);
            ++waiter->wakes;
        }
        waiter->cv.notify_all();
    });
    if (!player) return player.error();
    auto deadline = std::chrono::steady_clock::now() +
                    std::chrono::milliseconds(int64_t(timeout_seconds * 1000));
    StillFrame still;
    uint64_t serial = 0;
    for (;;) {
        int seen;
        {
            std::lock_guard lock(waiter->mutex);
            seen = waiter->wakes; // a wake after this is not missed by the wait below
        }
        if ((*player)->state() == VideoState::Failed)
            return make_error(file.string(), 0, "does not play: " + (*player)->failure());
        bool got = (*player)->take_frame(serial, [&](const FrameView& frame) {
            still.width = frame.width;
            still.height = frame.height;
            still.seconds = frame.seconds;
            still.pixels.resize(size_t(frame.width) * 4 * size_t(frame.height));
            for (int y = 0; y < frame.height; ++y)
                std::memcpy(still.pixels.data() + size_t(y) * size_t(frame.width) * 4,
                            frame.pixels + size_t(y) * size_t(frame.stride),
                            size_t(frame.width) * 4);
        });
        if (got) {
            still.duration_seconds = (*player)->duration_seconds();
            return still;
        }
        std::unique_lock lock(waiter->mutex);
        if (!waiter->cv.wait_until(lock, deadline, [&] { return waiter->wakes != seen; }))
            return make_error(file.string(), 0,
                              "no frame within " + std::to_string(int(timeout_seconds)) +
                                  " s (is it a video?)");
    }
}

} // namespace kiosk::media
