#pragma once
// The attention tone that announces an emergency alert: generated, not a recording, so
// every terminal has it whatever its bundle holds. Two falling tones (880 Hz, 660 Hz)
// three times, each shaped with a short fade so it does not click: a signal people know
// from public address systems, in a range most older listeners still hear well.

#include <string>

namespace kiosk::access {

// A complete WAV file (RIFF, 16-bit mono PCM at 22050 Hz), about 2 s, peak at half scale.
std::string attention_tone_wav();

} // namespace kiosk::access
