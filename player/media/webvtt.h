#pragma once
// WebVTT captions (W3C WebVTT) for video slides and sign-language clips. Caption files come
// in bundles written by staff and translators, so they are hostile until parsed: size,
// cue-count, text and timestamp limits, strict UTF-8, and one `file:line: message` per
// refusal so `bundle check` can point at the fault.
//
// What is kept is what the player draws through its own text engine: plain text per cue.
// Cue settings (position, align, ...) are ignored and tags are removed, because the
// captions are always laid out under the video at the visitor's text size.

#include "player/core/result.h"

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace kiosk::media {

inline constexpr size_t kMaxWebvttBytes = 1024 * 1024;         // one caption file
inline constexpr size_t kMaxCues = 10'000;                     // cues in one file
inline constexpr size_t kMaxCueTextBytes = 2'000;              // one cue's text, as written
inline constexpr int64_t kMaxTimestampMs = 24LL * 3600 * 1000; // 24:00:00.000

struct Cue {
    int64_t start_ms = 0;
    int64_t end_ms = 0; // > start_ms
    // Plain UTF-8: lines joined with '\n', tags (<b>, <i>, <c.x>, <v Name>, <00:01.000>)
    // removed (ruby keeps its base, drops its <rt> text), &amp; &lt; &gt; &nbsp; &lrm; &rlm; (and
    // &quot; &apos;) decoded.
    std::string text;
    int line = 0; // line of the cue's timing line in the file, for later messages
};

// Which cue shows from from_ms until the next span's from_ms; cue < 0 when none does.
struct CaptionSpan {
    int64_t from_ms = 0;
    int32_t cue = -1;
};

struct Captions {
    std::vector<Cue> cues; // sorted by start_ms (file order among equal starts)
    // Derived from cues by index_captions() (parse_webvtt does it): what cue_at searches,
    // so a lookup stays O(log n) however the cues overlap.
    std::vector<CaptionSpan> spans;
};

// Parses a WebVTT file; display_name is what messages call it ("captions/ja.vtt").
Result<Captions> parse_webvtt(std::string_view bytes, std::string_view display_name);

// Sorts cues by start and rebuilds spans: for Captions built by hand.
void index_captions(Captions& captions);

// The cue showing at ms (start_ms <= ms < end_ms), the latest-starting one when several
// overlap; nullptr when none shows. O(log n).
const Cue* cue_at(const Captions& captions, int64_t ms);

} // namespace kiosk::media
