// libFuzzer target for the WebVTT caption parser: caption files come in bundles from staff
// and translators, so no input may crash, hang or exhaust memory, and whatever parses must
// keep within the documented limits. Built by `cmake -DKIOSK_FUZZ=ON` with clang
// (bench/fuzz/run.sh); seeds: tests/data/webvtt.

#include "player/core/utf8.h"
#include "player/media/webvtt.h"

#include <cstddef>
#include <cstdint>
#include <string_view>

using namespace kiosk;
using namespace kiosk::media;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    std::string_view text(reinterpret_cast<const char*>(data), size);
    auto captions = parse_webvtt(text, "captions.vtt");
    if (!captions.ok()) {
        // Every refusal names the file.
        if (captions.error().file != "captions.vtt" || captions.error().message.empty())
            __builtin_trap();
        return 0;
    }
    if (captions->cues.size() > kMaxCues) __builtin_trap();
    int64_t previous = 0;
    for (const Cue& cue : captions->cues) {
        if (cue.start_ms < previous || cue.end_ms <= cue.start_ms || cue.end_ms > kMaxTimestampMs)
            __builtin_trap();
        if (cue.text.size() > kMaxCueTextBytes || !is_valid_utf8(cue.text)) __builtin_trap();
        previous = cue.start_ms;
        // Whatever cue_at finds must be showing at that moment.
        for (int64_t ms : {cue.start_ms, cue.end_ms - 1, cue.end_ms}) {
            const Cue* shown = cue_at(*captions, ms);
            if (shown && (shown->start_ms > ms || shown->end_ms <= ms)) __builtin_trap();
        }
        if (!cue_at(*captions, cue.start_ms)) __builtin_trap();
    }
    return 0;
}
