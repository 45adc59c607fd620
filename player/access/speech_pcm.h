#pragma once
// Small pieces of PCM plumbing for speech: the sink that synthesis and recordings stream
// into, volume scaling, loudness, and WAV decoding/conversion. Kept apart from Speech so
// each can be tested without an audio device or a speech engine.

#include "player/core/result.h"

#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

namespace kiosk::access {

// Receives mono signed 16-bit audio as it is produced, a chunk at a time. Returning false
// asks the producer to stop early (a newer utterance replaced this one).
class SampleSink {
  public:
    virtual ~SampleSink() = default;
    virtual bool accept(std::span<const int16_t> samples) = 0;
};

// Collects everything into memory (Speech::synthesize, tests).
class VectorSink final : public SampleSink {
  public:
    bool accept(std::span<const int16_t> samples) override {
        samples_.insert(samples_.end(), samples.begin(), samples.end());
        return true;
    }
    std::vector<int16_t>& samples() { return samples_; }

  private:
    std::vector<int16_t> samples_;
};

// Multiplies every sample by percent/100 (percent clamped to 0..100). A linear gain never
// exceeds 1, so nothing clips; 100 leaves the samples untouched and 0 silences them.
void scale_samples(std::span<int16_t> samples, int percent);

// Root mean square of the samples, in sample units (0..32768). 0 for no samples.
double rms(std::span<const int16_t> samples);

// A WAV file's audio as found in the file: SDL's format code (AUDIO_S16LSB, AUDIO_F32LSB,
// ...), its channel count and rate, and the raw bytes. PCM, float and the ADPCM/law
// encodings SDL knows are accepted; SDL has already decoded the compressed ones.
struct DecodedWav {
    uint16_t format = 0;
    int channels = 0;
    int rate = 0;
    std::vector<uint8_t> bytes;
};

// Parses a whole WAV file held in memory. Errors say what is wrong with it.
Result<DecodedWav> decode_wav(std::string_view wav_bytes);

// Converts `wav` to mono S16 at `rate` and streams it into `sink` in chunks, so a long
// recording starts playing before all of it is converted and stops converting as soon
// as the sink refuses more. Returns false when the sink stopped it, true when complete.
Result<bool> stream_converted(const DecodedWav& wav, int rate, SampleSink& sink);

} // namespace kiosk::access
