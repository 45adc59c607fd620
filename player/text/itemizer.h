#pragma once
// Itemizer: splits one paragraph into runs that each have a single bidi level, script and
// face, the unit HarfBuzz shapes (DESIGN.md section 3, step 1).

#include "player/text/font_set.h"

#include <cstdint>
#include <span>
#include <string_view>
#include <utility>
#include <vector>

namespace kiosk::text {

enum class Direction : uint8_t { Ltr, Rtl };

struct TextRun {
    uint32_t start = 0; // byte offsets into the paragraph's UTF-8 text
    uint32_t end = 0;
    uint32_t script = 0; // ICU UScriptCode
    uint8_t bidi_level = 0;
    FaceId face = kNoFace;

    Direction direction() const { return (bidi_level & 1) ? Direction::Rtl : Direction::Ltr; }
};

// The paragraph direction a locale reads in (Arabic, Hebrew, Persian, Urdu: right to left).
Direction locale_direction(std::string_view locale);

// ISO 15924 code of a script ("Latn", "Hani", "Deva").
const char* script_code(uint32_t script);

struct ItemizedText {
    std::vector<TextRun> runs;
    std::vector<uint32_t> missing; // code points no face in the chain covers
};

// `text` must be valid UTF-8 and hold no line breaks (the layout splits them first).
// `bold` lists byte ranges of `text` drawn with the bold faces whatever `weight` says.
ItemizedText itemize(std::string_view text, const FontSet& fonts, std::string_view locale,
                     Direction base, Weight weight,
                     std::span<const std::pair<uint32_t, uint32_t>> bold = {});

} // namespace kiosk::text
