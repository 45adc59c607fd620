#pragma once
// Speech: reads text aloud with eSpeak NG and plays it, or a bundle's recorded narration,
// through SDL audio (DESIGN.md section 2, access/).
//
// The UI thread calls say()/play_recording()/stop() and never waits: one worker thread
// synthesizes and feeds SDL's audio queue a little ahead of the speaker (about a quarter
// of a second), so the first words start as soon as eSpeak has them, a long page never
// stalls a frame, a newer request cuts off the old one at once, and a volume change is
// heard within that quarter second.
//
// eSpeak NG keeps its state in globals, so only one Speech may exist at a time in a
// process; every call into eSpeak is serialised behind one lock. eSpeak itself is started
// by the first Speech and kept until the process exits (version 1.51 cannot be restarted
// after espeak_ng_Terminate), so creating a Speech again later is cheap.
//
// Privacy: the text spoken is held only while it is being spoken; nothing is logged or
// written to disk.

#include "player/core/result.h"

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <span>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace kiosk::access {

struct SpeechOptions {
    // false: no SDL audio at all; only synthesize() does anything (tests, benchmarks,
    // content checks). say() and play_recording() then do nothing.
    bool open_device = true;
    // eSpeak NG's data directory (the one holding phontab); empty for the system's. The
    // first Speech in a process fixes it; a later one asking for another fails.
    std::string espeak_data_path;
};

// What happened to requests so far: every say()/play_recording() ends as finished or
// cancelled (replaced or stopped, whether or not it had started).
struct SpeechCounters {
    uint64_t requested = 0;
    uint64_t finished = 0;
    uint64_t cancelled = 0;
    uint64_t samples_queued = 0; // handed to SDL, after volume scaling
};

class Speech {
  public:
    // Starts eSpeak NG and, unless options.open_device is false, the SDL audio subsystem
    // and the default output device. Fails with a clear Error when eSpeak's data is
    // missing, another Speech exists, or no audio output can be opened; the caller then
    // runs without speech.
    static Result<std::unique_ptr<Speech>> create(const SpeechOptions& options = {});
    ~Speech();
    Speech(const Speech&) = delete;
    Speech& operator=(const Speech&) = delete;

    // Stops whatever is playing and speaks `text` (plain text, UTF-8; no markup is
    // interpreted) in the voice for the BCP 47 `locale`. Returns at once.
    void say(std::string_view text, std::string_view locale);
    // Stops whatever is playing and plays a recorded WAV file held in memory, converted
    // to the device's format. Fails at once, playing nothing, if the WAV is unusable
    // (the caller may then say() the text instead).
    Status play_recording(std::string_view wav_bytes);
    // Stops whatever is playing, plays the recorded WAV, then speaks `text` (the alert's
    // attention tone, then the alert: say() would cut the tone short). Fails at once, like
    // play_recording(), on an unusable WAV.
    Status play_then_say(std::string_view wav_bytes, std::string_view text,
                         std::string_view locale);
    // Silences the output now and cancels any synthesis in progress.
    void stop();
    // True while a request is pending, being synthesized or still queued for the device.
    bool speaking() const;

    // Words per minute, clamped to 80..450 (eSpeak's range; 175 is its default). Applies
    // from the next say().
    void set_rate(int words_per_minute);
    int rate() const { return m_rate.load(); }
    // 0..100 percent, a linear gain on synthesized and recorded audio alike. Applies to
    // audio not yet queued, i.e. within about a quarter second.
    void set_volume(int percent);
    int volume() const { return m_volume.load(); }

    // Milliseconds from the latest say() (or play_recording()) to its first sample reaching
    // SDL's queue; 0 until that sample is queued, so a stale figure is never reported.
    double last_latency_ms() const { return m_latency_ms.load(); }
    // eSpeak's output rate, which is also the device rate (22050 Hz with standard data).
    int sample_rate() const { return m_sample_rate; }
    SpeechCounters counters() const;

    // Synthesizes into memory without playing (tests, benchmarks). Uses the current rate;
    // the volume is not applied. Waits if the worker is synthesizing at the same moment.
    Result<std::vector<int16_t>> synthesize(std::string_view text, std::string_view locale,
                                            int& sample_rate);

    // The eSpeak voice used for a BCP 47 tag: ja and ja-x-easy -> ja; zh-Hans, zh-Hant
    // and other Chinese -> cmn (Mandarin), zh-HK/zh-MO and yue -> yue; pt -> pt-br
    // (the Portuguese read by residents of Japan is Brazilian), pt-PT -> pt; en -> en-us,
    // en-GB -> en-gb; tl/fil -> id (eSpeak NG 1.51 has no Tagalog; Indonesian spelling
    // rules read Tagalog far better than English ones do); any other language -> its own
    // voice when eSpeak has it, else en-us.
    std::string voice_for(std::string_view locale) const;
    // The voices (languages) this eSpeak installation offers, e.g. "en-us", "ja", "cmn".
    const std::set<std::string>& available_voices() const { return m_voices; }

  private:
    struct Job;
    class Feeder;

    Speech();
    void worker_main();
    bool run_job(Job& job); // true when it ran to the end
    // Voice and rate for the next synthesis; callers hold the engine lock.
    void prepare_engine(std::string_view locale);
    // Queues samples for `job` unless it was cancelled meanwhile; false if it was.
    bool queue_to_device(Job& job, std::span<const int16_t> samples);
    size_t queued_samples() const;
    // Cancels the current and pending requests; callers hold m_mutex.
    void cancel_locked();
    void submit(std::unique_ptr<Job> job);

    // RAII owners, released in reverse order after the worker is joined: the device, the
    // SDL audio subsystem, then the one-Speech-per-process slot.
    struct EngineLease {
        bool leased = false;
        ~EngineLease();
    } m_engine;
    struct AudioSubsystem {
        bool held = false;
        ~AudioSubsystem();
    } m_audio;
    struct AudioDevice {
        uint32_t id = 0;
        ~AudioDevice();
    } m_device;

    int m_sample_rate = 0;
    std::set<std::string> m_voices;

    mutable std::mutex m_mutex; // guards everything below that is not atomic
    std::condition_variable m_wake;
    std::unique_ptr<Job> m_next; // the request the worker has not picked up yet
    uint64_t m_active = 0;       // generation the worker is running, 0 when idle
    bool m_quit = false;
    SpeechCounters m_counters;
    // Bumped by every say/play/stop; the worker's job is stale as soon as it differs. Read
    // without the lock from inside eSpeak's callback, hence atomic.
    std::atomic<uint64_t> m_generation{0};

    std::atomic<int> m_rate{175};
    std::atomic<int> m_volume{100};
    std::atomic<double> m_latency_ms{0.0};

    std::thread m_worker;
};

} // namespace kiosk::access
