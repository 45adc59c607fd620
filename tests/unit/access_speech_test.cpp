// Speech: eSpeak NG synthesis, SDL playback through the dummy audio driver, cancellation,
// volume, rate, voices per locale, and recorded narration.

#include "player/access/speech.h"
#include "player/access/speech_pcm.h"

#include <doctest/doctest.h>

#include <chrono>
#include <cmath>
#include <cstdlib>
#include <numbers>
#include <string>
#include <thread>

using namespace kiosk;
using namespace kiosk::access;

namespace {

// The dummy driver consumes audio in real time without hardware, so playback, queueing
// and cancellation are exercised for real on any machine.
std::unique_ptr<Speech> make_speech(bool open_device = true) {
    setenv("SDL_AUDIODRIVER", "dummy", 1);
    SpeechOptions options;
    options.open_device = open_device;
    auto speech = Speech::create(options);
    if (!speech) FAIL(speech.error().describe());
    return std::move(speech.value());
}

// Polls `condition` until it holds or `limit` passes. The short pause between polls only
// spares the CPU; correctness never depends on its length.
template <typename Condition>
bool eventually(Condition condition, std::chrono::milliseconds limit = std::chrono::seconds(5)) {
    auto deadline = std::chrono::steady_clock::now() + limit;
    while (!condition()) {
        if (std::chrono::steady_clock::now() > deadline) return false;
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    return true;
}

double seconds(const std::vector<int16_t>& samples, int rate) {
    return double(samples.size()) / rate;
}

std::vector<int16_t> synth(Speech& speech, std::string_view text, std::string_view locale) {
    int rate = 0;
    auto samples = speech.synthesize(text, locale, rate);
    REQUIRE_MESSAGE(samples.ok(), (samples.ok() ? "" : samples.error().describe()));
    CHECK(rate == speech.sample_rate());
    return std::move(samples.value());
}

void put_le(std::string& out, uint32_t value, int bytes) {
    for (int i = 0; i < bytes; ++i)
        out += char((value >> (8 * i)) & 0xff);
}

// A valid 16-bit PCM WAV file holding a sine wave.
std::string sine_wav(int rate, int channels, double duration_s, double frequency, int amplitude) {
    const uint32_t frames = uint32_t(rate * duration_s);
    const uint32_t data_bytes = frames * uint32_t(channels) * 2;
    std::string wav = "RIFF";
    put_le(wav, 36 + data_bytes, 4);
    wav += "WAVEfmt ";
    put_le(wav, 16, 4); // fmt chunk size
    put_le(wav, 1, 2);  // PCM
    put_le(wav, uint32_t(channels), 2);
    put_le(wav, uint32_t(rate), 4);
    put_le(wav, uint32_t(rate * channels * 2), 4); // byte rate
    put_le(wav, uint32_t(channels * 2), 2);        // block align
    put_le(wav, 16, 2);                            // bits per sample
    wav += "data";
    put_le(wav, data_bytes, 4);
    for (uint32_t i = 0; i < frames; ++i) {
        auto s = int16_t(amplitude * std::sin(2.0 * std::numbers::pi * frequency * i / rate));
        for (int c = 0; c < channels; ++c)
            put_le(wav, uint16_t(s), 2);
    }
    return wav;
}

const char* long_english =
    "Welcome to the Minato-Kita ward office. The resident registration counter is on the "
    "first floor, counter number three. Please bring your residence card and your passport. "
    "Opening hours are from eight thirty in the morning to five fifteen in the evening.";

} // namespace

TEST_CASE("speech: English and Japanese kana synthesize to audible speech") {
    auto speech = make_speech(false);
    int rate = speech->sample_rate();
    CHECK(rate >= 16000);

    auto en = synth(*speech, "Hello, and welcome.", "en");
    CHECK(seconds(en, rate) > 0.2);
    CHECK(seconds(en, rate) < 5.0);
    CHECK(rms(en) > 500.0);

    auto ja = synth(*speech, "こんにちは", "ja");
    CHECK(seconds(ja, rate) > 0.2);
    CHECK(seconds(ja, rate) < 5.0);
    CHECK(rms(ja) > 500.0);
}

TEST_CASE("speech: a longer text produces more audio") {
    auto speech = make_speech(false);
    auto short_text = synth(*speech, "Welcome.", "en");
    auto long_text = synth(*speech, long_english, "en");
    CHECK(long_text.size() > 4 * short_text.size());
}

TEST_CASE("speech: a faster rate gives shorter audio") {
    auto speech = make_speech(false);
    speech->set_rate(120);
    auto slow = synth(*speech, long_english, "en");
    speech->set_rate(300);
    auto fast = synth(*speech, long_english, "en");
    CHECK(fast.size() < slow.size() * 3 / 4);

    speech->set_rate(10);
    CHECK(speech->rate() == 80);
    speech->set_rate(1000);
    CHECK(speech->rate() == 450);
}

TEST_CASE("speech: volume scales samples linearly and 0 silences them") {
    std::vector<int16_t> samples = {1000, -1000, 32767, -32768, 0};

    auto full = samples;
    scale_samples(full, 100);
    CHECK(full == samples);

    auto half = samples;
    scale_samples(half, 50);
    CHECK(half == std::vector<int16_t>{500, -500, 16383, -16384, 0});

    auto silent = samples;
    scale_samples(silent, 0);
    CHECK(rms(silent) == 0.0);

    auto clamped = samples;
    scale_samples(clamped, 250); // clamped to 100: never amplifies, never clips
    CHECK(clamped == samples);

    auto speech = make_speech(false);
    speech->set_volume(-5);
    CHECK(speech->volume() == 0);
    speech->set_volume(140);
    CHECK(speech->volume() == 100);
}

TEST_CASE("speech: volume 0 still plays through the queue") {
    auto speech = make_speech();
    speech->set_volume(0);
    speech->say("Hello.", "en");
    // Silent audio is still queued (the device keeps time), just scaled to nothing.
    CHECK(eventually([&] { return speech->counters().samples_queued > 0; }));
    speech->stop();
}

TEST_CASE("speech: say() then stop() ends speaking promptly") {
    auto speech = make_speech();
    CHECK_FALSE(speech->speaking());
    speech->say(long_english, "en");
    CHECK(speech->speaking());
    REQUIRE(eventually([&] { return speech->last_latency_ms() > 0.0; }));
    CHECK(speech->speaking());

    speech->stop();
    CHECK(eventually([&] { return !speech->speaking(); }, std::chrono::milliseconds(500)));
    // Cancelled mid-utterance, not finished: the text is minutes of audio at most.
    CHECK(eventually([&] { return speech->counters().cancelled == 1; }));
    CHECK(speech->counters().finished == 0);
}

TEST_CASE("speech: a second say() replaces the first") {
    auto speech = make_speech();
    speech->say(long_english, "en");
    speech->say("Thank you.", "en");
    REQUIRE(eventually([&] { return speech->last_latency_ms() > 0.0; }));
    // The short phrase plays to the end; the long text never does.
    CHECK(eventually([&] { return !speech->speaking(); }));
    SpeechCounters counters = speech->counters();
    CHECK(counters.requested == 2);
    CHECK(counters.cancelled == 1);
    CHECK(counters.finished == 1);
}

TEST_CASE("speech: rapid requests from the UI thread settle consistently") {
    auto speech = make_speech();
    const std::string wav = sine_wav(22050, 1, 0.2, 440.0, 8000);
    for (int i = 0; i < 200; ++i) {
        switch (i % 4) {
        case 0:
            speech->say(long_english, "en");
            break;
        case 1:
            speech->say("こんにちは", "ja");
            break;
        case 2:
            REQUIRE(speech->play_recording(wav).ok());
            break;
        case 3:
            speech->stop();
            break;
        }
        speech->set_volume(i % 101);
        speech->set_rate(80 + i);
    }
    speech->say("Thank you.", "en");
    CHECK(eventually([&] { return !speech->speaking(); }));
    // Every request ended exactly once, and the last one was heard to the end.
    CHECK(eventually([&] {
        SpeechCounters c = speech->counters();
        return c.requested == c.finished + c.cancelled;
    }));
    SpeechCounters counters = speech->counters();
    CHECK(counters.requested == 151);
    CHECK(counters.finished >= 1);
}

TEST_CASE("speech: last_latency_ms() measures say() to first queued sample") {
    auto speech = make_speech();
    CHECK(speech->last_latency_ms() == 0.0);
    speech->say("こんにちは", "ja");
    REQUIRE(eventually([&] { return speech->last_latency_ms() > 0.0; }));
    CHECK(speech->last_latency_ms() < 2000.0);
    speech->stop();
}

TEST_CASE("speech: voices for the kiosk's locales") {
    auto speech = make_speech(false);
    CHECK(speech->voice_for("ja") == "ja");
    CHECK(speech->voice_for("ja-x-easy") == "ja");
    CHECK(speech->voice_for("en") == "en-us");
    CHECK(speech->voice_for("en-GB") == "en-gb");
    CHECK(speech->voice_for("zh-Hans") == "cmn");
    CHECK(speech->voice_for("zh-Hant") == "cmn");
    CHECK(speech->voice_for("zh_TW") == "cmn");
    CHECK(speech->voice_for("pt") == "pt-br");
    CHECK(speech->voice_for("pt-PT") == "pt");
    // eSpeak NG 1.51 has no Tagalog voice: Indonesian reads Tagalog spelling best.
    CHECK(speech->voice_for("tl") == (speech->available_voices().count("tl") ? "tl" : "id"));
    for (const char* same : {"ko", "vi", "ne", "es", "id", "th", "my", "ar"}) {
        CAPTURE(same);
        CHECK(speech->voice_for(same) == same);
    }
    // Every bundle locale speaks something audible.
    for (const char* locale : {"ja", "ja-x-easy", "en", "zh-Hans", "zh-Hant", "ko", "vi", "pt",
                               "ne", "es", "tl", "id", "th", "my", "ar"}) {
        CAPTURE(locale);
        CHECK(rms(synth(*speech, "12", locale)) > 300.0);
    }
}

TEST_CASE("speech: an unknown locale falls back to English") {
    auto speech = make_speech(false);
    CHECK(speech->voice_for("xx-Unknown") == "en-us");
    CHECK(speech->voice_for("") == "en-us");
    CHECK(speech->voice_for("<x>") == "en-us");
    auto unknown = synth(*speech, "Good morning.", "xx-Unknown");
    auto english = synth(*speech, "Good morning.", "en");
    CHECK(rms(unknown) > 500.0);
    // Same voice, same length (eSpeak varies a few samples from run to run).
    CHECK(double(unknown.size()) == doctest::Approx(double(english.size())).epsilon(0.05));
    auto japanese = synth(*speech, "Good morning.", "ja");
    CHECK(double(unknown.size()) != doctest::Approx(double(japanese.size())).epsilon(0.05));
}

TEST_CASE("speech: a recorded WAV converts to the device format") {
    auto decoded = decode_wav(sine_wav(44100, 2, 0.5, 440.0, 10000));
    REQUIRE(decoded.ok());
    CHECK(decoded->channels == 2);
    CHECK(decoded->rate == 44100);

    VectorSink sink;
    auto complete = stream_converted(*decoded, 22050, sink);
    REQUIRE(complete.ok());
    CHECK(complete.value());
    // 0.5 s at 22050 Hz, give or take the resampler's edges.
    CHECK(std::abs(int(sink.samples().size()) - 11025) < 300);
    // A sine of amplitude A has an RMS of A/sqrt(2).
    CHECK(rms(sink.samples()) == doctest::Approx(10000 / std::sqrt(2.0)).epsilon(0.1));
}

TEST_CASE("speech: play_recording() queues audio and a broken WAV is refused") {
    auto speech = make_speech();
    Status played = speech->play_recording(sine_wav(16000, 1, 0.3, 660.0, 8000));
    REQUIRE_MESSAGE(played.ok(), (played.ok() ? "" : played.error().describe()));
    CHECK(speech->speaking());
    CHECK(eventually([&] { return speech->counters().samples_queued > 0; }));
    CHECK(speech->last_latency_ms() > 0.0);
    CHECK(eventually([&] { return !speech->speaking(); }));
    CHECK(speech->counters().finished == 1);
    // 0.3 s resampled to the device rate, all of it queued.
    CHECK(std::abs(int(speech->counters().samples_queued) - int(0.3 * speech->sample_rate())) <
          300);

    CHECK_FALSE(speech->play_recording("").ok());
    CHECK_FALSE(speech->play_recording("RIFF....WAVEjunk").ok());
    std::string truncated = sine_wav(16000, 1, 0.3, 660.0, 8000).substr(0, 30);
    CHECK_FALSE(speech->play_recording(truncated).ok());
}

TEST_CASE("speech: play_then_say() plays the whole recording, then the speech") {
    auto speech = make_speech();
    const size_t spoken = synth(*speech, "Hello.", "en").size();
    REQUIRE(spoken > 0);
    Status played = speech->play_then_say(sine_wav(16000, 1, 0.3, 660.0, 8000), "Hello.", "en");
    REQUIRE_MESSAGE(played.ok(), (played.ok() ? "" : played.error().describe()));
    CHECK(eventually([&] { return !speech->speaking(); }));
    CHECK(speech->counters().finished == 1);
    CHECK(speech->counters().cancelled == 0);
    // Every sample of both: the recording is not cut short by the speech after it.
    const long tone = long(0.3 * speech->sample_rate());
    CHECK(std::labs(long(speech->counters().samples_queued) - (tone + long(spoken))) < 300);

    CHECK_FALSE(speech->play_then_say("RIFF....WAVEjunk", "Hello.", "en").ok());
}

TEST_CASE("speech: one Speech per process") {
    auto first = make_speech(false);
    auto second = Speech::create(SpeechOptions{false, {}});
    CHECK_FALSE(second.ok());
    first.reset();
    auto third = Speech::create(SpeechOptions{false, {}});
    CHECK(third.ok());
}

TEST_CASE("speech: no audio output is a clear error, and synthesis still works without one") {
    setenv("SDL_AUDIODRIVER", "no-such-driver", 1);
    auto speech = Speech::create();
    setenv("SDL_AUDIODRIVER", "dummy", 1);
    REQUIRE_FALSE(speech.ok());
    CHECK(speech.error().message.find("audio") != std::string::npos);

    auto silent = make_speech(false);
    silent->say("Hello.", "en"); // no device: nothing happens, nothing fails
    CHECK_FALSE(silent->speaking());
    CHECK_FALSE(silent->play_recording(sine_wav(16000, 1, 0.1, 440.0, 8000)).ok());
    CHECK(rms(synth(*silent, "Hello.", "en")) > 500.0);
}

TEST_CASE("speech: missing eSpeak data is a clear error") {
    auto speech = Speech::create(SpeechOptions{false, "/nonexistent/espeak-ng-data"});
    REQUIRE_FALSE(speech.ok());
    CHECK(speech.error().message.find("eSpeak") != std::string::npos);
}
