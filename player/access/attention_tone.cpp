#include "player/access/attention_tone.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <vector>

namespace kiosk::access {

namespace {

constexpr int kRate = 22050;

void append_le(std::string& out, uint32_t value, int bytes) {
    for (int i = 0; i < bytes; ++i)
        out.push_back(static_cast<char>((value >> (8 * i)) & 0xFF));
}

void tone(std::vector<int16_t>& samples, double hz, double seconds) {
    const int n = static_cast<int>(seconds * kRate);
    const int fade = kRate / 100; // 10 ms in and out
    for (int i = 0; i < n; ++i) {
        const double envelope = std::min({1.0, double(i) / fade, double(n - 1 - i) / fade});
        const double value = 0.5 * envelope * std::sin(2 * M_PI * hz * i / kRate);
        samples.push_back(static_cast<int16_t>(value * 32767));
    }
}

void silence(std::vector<int16_t>& samples, double seconds) {
    samples.insert(samples.end(), static_cast<size_t>(seconds * kRate), 0);
}

} // namespace

std::string attention_tone_wav() {
    std::vector<int16_t> samples;
    for (int i = 0; i < 3; ++i) {
        tone(samples, 880, 0.25);
        tone(samples, 660, 0.25);
        silence(samples, 0.15);
    }
    const uint32_t data_bytes = static_cast<uint32_t>(samples.size() * 2);
    std::string wav = "RIFF";
    append_le(wav, 36 + data_bytes, 4);
    wav += "WAVEfmt ";
    append_le(wav, 16, 4);        // fmt chunk size
    append_le(wav, 1, 2);         // PCM
    append_le(wav, 1, 2);         // mono
    append_le(wav, kRate, 4);     // sample rate
    append_le(wav, kRate * 2, 4); // byte rate
    append_le(wav, 2, 2);         // block align
    append_le(wav, 16, 2);        // bits per sample
    wav += "data";
    append_le(wav, data_bytes, 4);
    for (int16_t s : samples)
        append_le(wav, static_cast<uint16_t>(s), 2);
    return wav;
}

} // namespace kiosk::access
