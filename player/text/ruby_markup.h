#pragma once
// Ruby (furigana) markup: `{漢字|かんじ}` puts the reading かんじ above the base 漢字.
// Anything that is not a complete `{base|reading}` stays literal text.
// Strong emphasis: text between kStrongOpen and kStrongClose (control characters that the
// Markdown reader puts around **strong**, and that no author can type) is drawn bold.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace kiosk::text {

struct RubyAnnotation {
    uint32_t base_start = 0; // byte offsets into the stripped text
    uint32_t base_end = 0;
    std::string reading;
};

constexpr char kStrongOpen = '\x02';
constexpr char kStrongClose = '\x03';

struct StrongSpan {
    uint32_t start = 0, end = 0; // byte offsets into the stripped text
};

struct RubyText {
    std::string text; // the markup with every annotation replaced by its base
    std::vector<RubyAnnotation> annotations;
    std::vector<StrongSpan> strong;
};

RubyText parse_ruby(std::string_view markup);

// The text as it should be spoken: every annotated base replaced by its reading.
std::string ruby_reading(std::string_view markup);

} // namespace kiosk::text
