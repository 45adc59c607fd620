#include "player/access/speech_pcm.h"

#include <SDL.h>

#include <algorithm>
#include <cmath>
#include <memory>

namespace kiosk::access {

namespace {

struct WavBufferDeleter {
    void operator()(Uint8* buffer) const { SDL_FreeWAV(buffer); }
};
using WavBuffer = std::unique_ptr<Uint8, WavBufferDeleter>;

struct AudioStreamDeleter {
    void operator()(SDL_AudioStream* stream) const { SDL_FreeAudioStream(stream); }
};
using AudioStream = std::unique_ptr<SDL_AudioStream, AudioStreamDeleter>;

} // namespace

void scale_samples(std::span<int16_t> samples, int percent) {
    percent = std::clamp(percent, 0, 100);
    if (percent == 100) return;
    for (int16_t& s : samples)
        s = static_cast<int16_t>(int32_t(s) * percent / 100);
}

double rms(std::span<const int16_t> samples) {
    if (samples.empty()) return 0.0;
    double sum = 0.0;
    for (int16_t s : samples)
        sum += double(s) * double(s);
    return std::sqrt(sum / double(samples.size()));
}

Result<DecodedWav> decode_wav(std::string_view wav_bytes) {
    if (wav_bytes.empty()) return make_error("recording is empty");
    SDL_RWops* rw = SDL_RWFromConstMem(wav_bytes.data(), int(wav_bytes.size()));
    if (!rw) return make_error(std::string("cannot read recording: ") + SDL_GetError());
    SDL_AudioSpec spec{};
    Uint8* raw = nullptr;
    Uint32 length = 0;
    // freesrc=1: SDL closes `rw` whether or not loading succeeds.
    if (!SDL_LoadWAV_RW(rw, 1, &spec, &raw, &length))
        return make_error(std::string("recording is not a usable WAV file: ") + SDL_GetError());
    WavBuffer buffer(raw);
    if (spec.channels == 0 || spec.freq <= 0)
        return make_error("recording has no channels or no sample rate");

    DecodedWav wav;
    wav.format = spec.format;
    wav.channels = spec.channels;
    wav.rate = spec.freq;
    wav.bytes.assign(raw, raw + length);
    return wav;
}

Result<bool> stream_converted(const DecodedWav& wav, int rate, SampleSink& sink) {
    AudioStream stream(
        SDL_NewAudioStream(wav.format, Uint8(wav.channels), wav.rate, AUDIO_S16SYS, 1, rate));
    if (!stream) return make_error(std::string("cannot convert recording: ") + SDL_GetError());

    // Small steps keep the first chunk early and cancellation prompt; SDL's converter is
    // far faster than real time, so the step count does not matter for throughput.
    // SDL_AudioStreamPut takes whole sample frames only: a truncated file loses its tail.
    const size_t frame = size_t(SDL_AUDIO_BITSIZE(wav.format) / 8) * size_t(wav.channels);
    if (frame == 0) return make_error("recording has an unknown sample format");
    const size_t input_step = (16 * 1024 / frame) * frame;
    const size_t in_frames = wav.bytes.size() / frame;
    const size_t total = in_frames * frame;
    // What the recording lasts at the new rate. SDL 2.26's resampler keeps its last
    // few hundred frames back even after SDL_AudioStreamFlush, so the input is followed
    // by silence and the output cut to exactly this length.
    const size_t expected = size_t((uint64_t(in_frames) * uint64_t(rate) + uint64_t(wav.rate) - 1) /
                                   uint64_t(wav.rate));
    size_t emitted = 0;

    std::vector<int16_t> out(8 * 1024);
    auto drain = [&]() -> bool {
        while (emitted < expected) {
            int got =
                SDL_AudioStreamGet(stream.get(), out.data(), int(out.size() * sizeof(int16_t)));
            if (got <= 0) return true;
            size_t n = std::min(size_t(got) / sizeof(int16_t), expected - emitted);
            emitted += n;
            if (!sink.accept(std::span<const int16_t>(out.data(), n))) return false;
        }
        return true;
    };
    auto put = [&](const void* data, size_t n) -> Status {
        if (SDL_AudioStreamPut(stream.get(), data, int(n)) != 0)
            return make_error(std::string("cannot convert recording: ") + SDL_GetError());
        return Ok{};
    };

    for (size_t offset = 0; offset < total; offset += input_step) {
        size_t n = std::min(input_step, total - offset);
        if (auto status = put(wav.bytes.data() + offset, n); !status) return status.error();
        if (!drain()) return false;
    }
    // A quarter second of silence, or more for extreme rate ratios: well past what the
    // resampler holds back (512 frames scaled by the ratio).
    size_t pad_frames =
        std::max(size_t(wav.rate) / 4, size_t(1024) * (size_t(wav.rate) / size_t(rate) + 1));
    // Silence is zero bytes in signed formats, 0x80 in U8 (SDL_LoadWAV's only unsigned one).
    std::vector<uint8_t> silence(std::min(pad_frames * frame, input_step),
                                 SDL_AUDIO_ISSIGNED(wav.format) ? 0 : 0x80);
    for (size_t padded = 0; padded < pad_frames * frame && emitted < expected;
         padded += silence.size()) {
        if (auto status = put(silence.data(), silence.size()); !status) return status.error();
        if (!drain()) return false;
    }
    if (SDL_AudioStreamFlush(stream.get()) != 0)
        return make_error(std::string("cannot convert recording: ") + SDL_GetError());
    return drain();
}

} // namespace kiosk::access
