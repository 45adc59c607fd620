#include "player/access/speech.h"

#include "player/access/speech_pcm.h"

#include <SDL.h>
#include <espeak-ng/espeak_ng.h>
#include <espeak-ng/speak_lib.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <filesystem>

namespace kiosk::access {

namespace {

using Clock = std::chrono::steady_clock;

// eSpeak hands over audio every this many milliseconds of speech. Short chunks get the
// first sample to SDL sooner; eSpeak still translates a whole clause before the first one.
constexpr int chunk_ms = 40;
// How far ahead of the speaker the worker keeps SDL's queue filled. Enough to ride out
// scheduling hiccups, short enough that set_volume() is heard promptly.
constexpr int lead_ms = 250;
// How often the worker looks at the queue while it waits to top it up.
constexpr auto feed_poll = std::chrono::milliseconds(40);
// Device buffer in sample frames (about 46 ms at 22050 Hz): the granularity of stop().
constexpr Uint16 device_frames = 1024;

constexpr const char* fallback_voice = "en-us";

static_assert(sizeof(short) == sizeof(int16_t), "eSpeak's samples are 16-bit");

// eSpeak's state is process-global: one Speech at a time, and every call into it is made
// with g_engine_mutex held. g_sink is where the callback delivers the current synthesis.
//
// eSpeak is started once and kept for the life of the process. eSpeak NG 1.51 cannot be
// started again after espeak_ng_Terminate (its queue thread deadlocks the second
// Terminate), so a Speech returns its lease instead, and the next Speech reuses the engine.
std::mutex g_engine_mutex;
std::atomic<bool> g_engine_leased{false};
SampleSink* g_sink = nullptr; // guarded by g_engine_mutex
struct Engine {
    bool started = false;
    std::string data_path; // as given to the first successful start
    int sample_rate = 0;
    std::set<std::string> voices;
    std::string current_voice; // avoids reloading a dictionary per utterance
};
Engine g_engine; // guarded by g_engine_mutex

// Runs on the thread that called espeak_ng_Synthesize, which holds g_engine_mutex.
// Returning 1 tells eSpeak to abandon the text: that is how a new say() cuts in.
int synth_callback(short* wav, int count, espeak_EVENT*) {
    if (!g_sink) return 0;
    if (!wav || count <= 0) return 0; // NULL marks the end of the synthesis
    return g_sink->accept(
               std::span<const int16_t>(reinterpret_cast<const int16_t*>(wav), size_t(count)))
               ? 0
               : 1;
}

std::string espeak_message(espeak_ng_STATUS status) {
    std::array<char, 512> buffer{};
    espeak_ng_GetStatusCodeMessage(status, buffer.data(), buffer.size());
    return buffer.data();
}

std::string lowercase(std::string_view s) {
    std::string out(s);
    for (char& c : out)
        c = char(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

// Runs one synthesis into `sink` with the engine lock held by the caller.
espeak_ng_STATUS synthesize_into(const std::string& text, SampleSink& sink) {
    g_sink = &sink;
    // Plain UTF-8 only: no SSML and no [[phoneme]] input, so content cannot inject
    // markup. size includes the terminating NUL, as eSpeak expects.
    espeak_ng_STATUS status = espeak_ng_Synthesize(text.c_str(), text.size() + 1, 0, POS_CHARACTER,
                                                   0, espeakCHARS_UTF8, nullptr, nullptr);
    g_sink = nullptr;
    return status;
}

// Starts eSpeak the first time; later calls check they ask for the same data. Callers
// hold g_engine_mutex.
Status start_engine(const std::string& data_path) {
    // eSpeak quietly falls back to the system data when the given directory is unusable;
    // a deliberate path that is wrong should be an error instead.
    if (!data_path.empty()) {
        std::error_code ec;
        if (!std::filesystem::is_regular_file(std::filesystem::path(data_path) / "phontab", ec))
            return make_error(data_path, 0, "speech: not an eSpeak NG data directory (no phontab)");
    }
    if (g_engine.started) {
        if (data_path != g_engine.data_path)
            return make_error(
                "speech: eSpeak NG is already running with data from " +
                (g_engine.data_path.empty() ? std::string("the system") : g_engine.data_path));
        return Ok{};
    }
    espeak_ng_InitializePath(data_path.empty() ? nullptr : data_path.c_str());
    espeak_ng_ERROR_CONTEXT context = nullptr;
    // Note: this sets the process's LC_CTYPE to C.UTF-8, which eSpeak needs for its
    // wide-character classification; the kiosk is UTF-8 throughout anyway.
    espeak_ng_STATUS status = espeak_ng_Initialize(&context);
    espeak_ng_ClearErrorContext(&context);
    if (status != ENS_OK)
        return make_error("speech: cannot start eSpeak NG: " + espeak_message(status));
    g_engine.started = true;
    g_engine.data_path = data_path;

    status = espeak_ng_InitializeOutput(ENOUTPUT_MODE_SYNCHRONOUS, chunk_ms, nullptr);
    if (status != ENS_OK)
        return make_error("speech: cannot set up eSpeak NG output: " + espeak_message(status));
    espeak_SetSynthCallback(synth_callback);
    g_engine.sample_rate = espeak_ng_GetSampleRate();
    if (g_engine.sample_rate <= 0) return make_error("speech: eSpeak NG reports no sample rate");

    // Languages offered, from each voice's list of (priority byte, name) pairs.
    if (const espeak_VOICE** voices = espeak_ListVoices(nullptr)) {
        for (; *voices; ++voices) {
            const char* p = (*voices)->languages;
            while (p && *p) {
                ++p; // priority
                std::string language(p);
                p += language.size() + 1;
                if (!language.empty()) g_engine.voices.insert(lowercase(language));
            }
        }
    }
    if (espeak_ng_SetVoiceByName(fallback_voice) != ENS_OK)
        return make_error(std::string("speech: eSpeak NG has no ") + fallback_voice + " voice");
    g_engine.current_voice = fallback_voice;
    return Ok{};
}

} // namespace

// ---------------------------------------------------------------------------------------
// Requests and the feeder that moves their audio to SDL

// A recording, a text, or a recording then a text (the alert tone, then the alert).
struct Speech::Job {
    uint64_t generation = 0;
    Clock::time_point requested;
    bool first_queued = false;
    DecodedWav wav;           // played first when it holds samples
    std::string text, locale; // then spoken when not empty
};

// Buffers what the producer (eSpeak or the WAV converter) makes faster than real time
// and keeps SDL's queue about lead_ms ahead of the speaker, applying the volume as each
// chunk leaves, so a volume change reaches the listener within lead_ms.
class Speech::Feeder final : public SampleSink {
  public:
    Feeder(Speech& speech, Job& job)
        : m_speech(speech), m_job(job), m_lead(size_t(speech.m_sample_rate) * lead_ms / 1000),
          m_chunk(size_t(speech.m_sample_rate) * chunk_ms / 1000) {}

    bool accept(std::span<const int16_t> samples) override {
        if (cancelled()) return false;
        m_pending.insert(m_pending.end(), samples.begin(), samples.end());
        return pump();
    }

    // After the producer is done: feeds the rest as the queue empties. False if cancelled.
    bool drain() {
        for (;;) {
            if (!pump()) return false;
            if (m_read == m_pending.size()) return true;
            std::unique_lock lock(m_speech.m_mutex);
            m_speech.m_wake.wait_for(lock, feed_poll,
                                     [&] { return cancelled() || m_speech.m_quit; });
            if (cancelled() || m_speech.m_quit) return false;
        }
    }

  private:
    bool cancelled() const { return m_speech.m_generation.load() != m_job.generation; }

    // Queues pending audio while the device is less than m_lead ahead.
    bool pump() {
        while (m_read < m_pending.size()) {
            if (m_speech.queued_samples() >= m_lead) break;
            size_t n = std::min(m_chunk, m_pending.size() - m_read);
            m_scratch.assign(m_pending.begin() + std::ptrdiff_t(m_read),
                             m_pending.begin() + std::ptrdiff_t(m_read + n));
            scale_samples(m_scratch, m_speech.m_volume.load());
            if (!m_speech.queue_to_device(m_job, m_scratch)) return false;
            m_read += n;
        }
        // Reclaim the consumed front once it dominates, so a long page does not keep its
        // whole audio in memory.
        if (m_read > 0 && m_read * 2 >= m_pending.size()) {
            m_pending.erase(m_pending.begin(), m_pending.begin() + std::ptrdiff_t(m_read));
            m_read = 0;
        }
        return !cancelled();
    }

    Speech& m_speech;
    Job& m_job;
    const size_t m_lead, m_chunk;
    std::vector<int16_t> m_pending, m_scratch;
    size_t m_read = 0;
};

// ---------------------------------------------------------------------------------------
// Resource owners

Speech::EngineLease::~EngineLease() {
    if (leased) g_engine_leased.store(false);
}

Speech::AudioSubsystem::~AudioSubsystem() {
    if (held) SDL_QuitSubSystem(SDL_INIT_AUDIO);
}

Speech::AudioDevice::~AudioDevice() {
    if (id) SDL_CloseAudioDevice(id);
}

// ---------------------------------------------------------------------------------------
// Lifetime

Speech::Speech() = default;

Result<std::unique_ptr<Speech>> Speech::create(const SpeechOptions& options) {
    if (g_engine_leased.exchange(true))
        return make_error(
            "speech: another Speech is already active (eSpeak NG allows one per process)");
    std::unique_ptr<Speech> speech(new Speech());
    speech->m_engine.leased = true;

    {
        std::lock_guard lock(g_engine_mutex);
        if (auto started = start_engine(options.espeak_data_path); !started) return started.error();
        speech->m_sample_rate = g_engine.sample_rate;
        speech->m_voices = g_engine.voices;
    }

    if (options.open_device) {
        // SDL counts subsystem references, so this coexists with the window's SDL_Init.
        if (SDL_InitSubSystem(SDL_INIT_AUDIO) != 0)
            return make_error(std::string("speech: no audio output (SDL audio: ") + SDL_GetError() +
                              ")");
        speech->m_audio.held = true;

        SDL_AudioSpec want{};
        want.freq = speech->m_sample_rate;
        want.format = AUDIO_S16SYS;
        want.channels = 1;
        want.samples = device_frames;
        // No allowed changes: SDL converts to whatever the hardware wants, so everything
        // we queue is mono S16 at eSpeak's rate.
        speech->m_device.id = SDL_OpenAudioDevice(nullptr, 0, &want, nullptr, 0);
        if (speech->m_device.id == 0)
            return make_error(
                std::string("speech: cannot open an audio output device (SDL driver ") +
                (SDL_GetCurrentAudioDriver() ? SDL_GetCurrentAudioDriver() : "none") +
                "): " + SDL_GetError());
        // Unpaused for good: an empty queue plays silence.
        SDL_PauseAudioDevice(speech->m_device.id, 0);
        speech->m_worker = std::thread(&Speech::worker_main, speech.get());
    }
    return speech;
}

Speech::~Speech() {
    {
        std::lock_guard lock(m_mutex);
        m_quit = true;
        cancel_locked();
    }
    m_wake.notify_all();
    if (m_worker.joinable()) m_worker.join();
    // The members now close the device, release the SDL audio subsystem and the lease.
}

// ---------------------------------------------------------------------------------------
// UI-thread requests

// Replaces whatever is being spoken or waiting with `job`, and wakes the worker.
void Speech::submit(std::unique_ptr<Job> job) {
    {
        std::lock_guard lock(m_mutex);
        cancel_locked();
        job->generation = m_generation.load();
        m_next = std::move(job);
        ++m_counters.requested;
        m_latency_ms.store(0.0);
    }
    m_wake.notify_all();
}

void Speech::say(std::string_view text, std::string_view locale) {
    if (text.empty()) {
        stop();
        return;
    }
    if (!m_device.id) return;
    auto job = std::make_unique<Job>();
    job->requested = Clock::now();
    job->text.assign(text);
    job->locale.assign(locale);
    submit(std::move(job));
}

Status Speech::play_recording(std::string_view wav_bytes) {
    return play_then_say(wav_bytes, {}, {});
}

Status Speech::play_then_say(std::string_view wav_bytes, std::string_view text,
                             std::string_view locale) {
    if (!m_device.id) return make_error("speech: no audio device is open");
    auto job = std::make_unique<Job>();
    job->requested = Clock::now();
    // Parsing is a header walk plus one copy: cheap enough for the UI thread, and it lets
    // a broken file be reported to the caller instead of silently not playing.
    auto wav = decode_wav(wav_bytes);
    if (!wav) return wav.error();
    job->wav = std::move(wav.value());
    job->text.assign(text);
    job->locale.assign(locale);
    submit(std::move(job));
    return Ok{};
}

void Speech::stop() {
    {
        std::lock_guard lock(m_mutex);
        cancel_locked();
    }
    m_wake.notify_all();
}

void Speech::cancel_locked() {
    if (m_next) {
        ++m_counters.cancelled;
        m_next.reset();
    }
    // The worker notices the new generation at its next chunk (inside eSpeak's callback or
    // while feeding) and counts its job as cancelled.
    m_generation.fetch_add(1);
    // Under m_mutex, like every SDL_QueueAudio, so no stale chunk can slip in after this.
    if (m_device.id) SDL_ClearQueuedAudio(m_device.id);
}

bool Speech::speaking() const {
    {
        std::lock_guard lock(m_mutex);
        if (m_next || (m_active != 0 && m_active == m_generation.load())) return true;
    }
    return queued_samples() > 0;
}

void Speech::set_rate(int words_per_minute) {
    m_rate.store(std::clamp(words_per_minute, espeakRATE_MINIMUM, espeakRATE_MAXIMUM));
}

void Speech::set_volume(int percent) {
    m_volume.store(std::clamp(percent, 0, 100));
}

SpeechCounters Speech::counters() const {
    std::lock_guard lock(m_mutex);
    return m_counters;
}

Result<std::vector<int16_t>> Speech::synthesize(std::string_view text, std::string_view locale,
                                                int& sample_rate) {
    sample_rate = m_sample_rate;
    VectorSink sink;
    std::string owned(text);
    espeak_ng_STATUS status;
    {
        std::lock_guard lock(g_engine_mutex);
        prepare_engine(locale);
        status = synthesize_into(owned, sink);
    }
    if (status != ENS_OK) return make_error("speech: synthesis failed: " + espeak_message(status));
    return std::move(sink.samples());
}

// ---------------------------------------------------------------------------------------
// Voices

std::string Speech::voice_for(std::string_view locale) const {
    // Subtags of the BCP 47 tag: language, then script/region/variants, '_' tolerated.
    std::vector<std::string> tags;
    std::string current;
    for (char c : locale) {
        if (c == '-' || c == '_') {
            tags.push_back(lowercase(current));
            current.clear();
        } else {
            current += c;
        }
    }
    tags.push_back(lowercase(current));
    const std::string& language = tags[0];
    auto has_tag = [&](std::string_view tag) {
        return std::find(tags.begin() + 1, tags.end(), tag) != tags.end();
    };
    auto available = [&](const std::string& voice) { return m_voices.count(voice) > 0; };
    auto pick = [&](std::string voice) {
        return available(voice) ? voice : std::string(fallback_voice);
    };

    if (language == "ja") return pick("ja"); // ja-x-easy is Japanese read plainly
    if (language == "zh" || language == "cmn") {
        if (has_tag("hk") || has_tag("mo")) return pick("yue");
        return pick("cmn");
    }
    if (language == "yue") return pick("yue");
    if (language == "en") return has_tag("gb") || has_tag("uk") ? pick("en-gb") : pick("en-us");
    if (language == "pt") return has_tag("pt") ? pick("pt") : pick("pt-br");
    if (language == "tl" || language == "fil") {
        if (available("tl")) return "tl"; // a later eSpeak NG may ship one
        return pick("id");
    }
    // Anything else: the language's own voice if eSpeak has one. Only plain 2-3 letter
    // language subtags reach eSpeak; anything odd ends in English.
    bool plain =
        language.size() >= 2 && language.size() <= 3 &&
        std::all_of(language.begin(), language.end(), [](char c) { return c >= 'a' && c <= 'z'; });
    return plain ? pick(language) : std::string(fallback_voice);
}

void Speech::prepare_engine(std::string_view locale) {
    std::string voice = voice_for(locale);
    if (voice != g_engine.current_voice) {
        if (espeak_ng_SetVoiceByName(voice.c_str()) != ENS_OK) {
            voice = fallback_voice;
            espeak_ng_SetVoiceByName(voice.c_str());
        }
        g_engine.current_voice = voice;
    }
    // After the voice: loading a voice resets eSpeak's speed.
    espeak_ng_SetParameter(espeakRATE, m_rate.load(), 0);
}

// ---------------------------------------------------------------------------------------
// Worker

void Speech::worker_main() {
    for (;;) {
        std::unique_ptr<Job> job;
        {
            std::unique_lock lock(m_mutex);
            m_wake.wait(lock, [&] { return m_quit || m_next; });
            if (m_quit) return;
            job = std::move(m_next);
            m_active = job->generation;
        }
        bool finished = run_job(*job);
        job.reset(); // drop the text at once
        std::lock_guard lock(m_mutex);
        m_active = 0;
        ++(finished ? m_counters.finished : m_counters.cancelled);
    }
}

bool Speech::run_job(Job& job) {
    Feeder feeder(*this, job);
    if (!job.wav.bytes.empty()) {
        auto streamed = stream_converted(job.wav, m_sample_rate, feeder);
        if (!streamed || !streamed.value()) return false;
    }
    if (!job.text.empty()) {
        std::lock_guard lock(g_engine_mutex);
        prepare_engine(job.locale);
        // A failure here has nobody to report to; it simply ends the utterance early.
        synthesize_into(job.text, feeder);
    }
    return feeder.drain();
}

bool Speech::queue_to_device(Job& job, std::span<const int16_t> samples) {
    std::lock_guard lock(m_mutex);
    if (m_generation.load() != job.generation) return false;
    if (SDL_QueueAudio(m_device.id, samples.data(), Uint32(samples.size_bytes())) != 0)
        return false;
    m_counters.samples_queued += samples.size();
    if (!job.first_queued) {
        job.first_queued = true;
        m_latency_ms.store(
            std::chrono::duration<double, std::milli>(Clock::now() - job.requested).count());
    }
    return true;
}

size_t Speech::queued_samples() const {
    return m_device.id ? SDL_GetQueuedAudioSize(m_device.id) / sizeof(int16_t) : 0;
}

} // namespace kiosk::access
