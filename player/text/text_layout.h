#pragma once
// TextLayout: one paragraph of markup in, positioned glyphs out. Itemize, shape, break
// into lines, reorder bidi runs visually, align, and place ruby above its base
// (DESIGN.md section 3, steps 1-4). The result is an immutable value, cached by
// ParagraphCache, and drawn by player/render/text_renderer.

#include "player/text/font_set.h"
#include "player/text/itemizer.h"

#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace kiosk::text {

enum class Align : uint8_t { Start, Center, End };

struct LayoutStyle {
    std::string locale = "en";
    float px = 32;       // font size in pixels (the em)
    float max_width = 0; // wrap width in pixels; 0 = one line per paragraph, never wrapped
    Weight weight = Weight::Regular;
    Align align = Align::Start;
    bool ruby = true;           // draw `{base|reading}` readings; off draws the base alone
    float line_spacing = 1.35f; // minimum line height as a multiple of px
    // Labels and headings: Japanese breaks only between phrases (ICU's lw=phrase, what
    // browsers offer as word-break: auto-phrase), so a word is never cut across lines.
    bool phrase_breaks = false;
};

struct LaidGlyph {
    uint32_t id = 0;
    uint32_t cluster = 0; // byte offset into Paragraph::text
    float x = 0;          // pen position relative to the line's left edge
    float y = 0;          // offset from the baseline, positive up
    float advance = 0;
};

struct LaidRun {
    TextRun run; // byte range into Paragraph::text, script, level, face
    float x = 0; // left edge relative to the line's left edge (visual)
    float width = 0;
    uint32_t first_glyph = 0; // into Paragraph::glyphs
    uint32_t glyph_count = 0;
};

struct LaidLine {
    uint32_t start = 0, end = 0; // byte range into Paragraph::text (trailing spaces dropped)
    float left = 0;              // x of the line's left edge in the paragraph box (alignment)
    float top = 0;               // y of the line box top in the paragraph box
    float baseline = 0;          // y of the baseline in the paragraph box
    float height = 0;
    float width = 0;                       // advance width of the visible glyphs
    uint32_t first_run = 0, run_count = 0; // into Paragraph::runs, in logical order
    // Into Paragraph::placed: the line's base glyphs, and the ruby readings above it.
    uint32_t first_placed = 0, placed_count = 0;
    uint32_t first_ruby_placed = 0, ruby_placed_count = 0;
};

// One glyph ready to rasterize and draw: absolute position of its pen in the box.
struct PlacedGlyph {
    FaceId face = kNoFace;
    uint32_t id = 0;
    float px = 0;
    float x = 0, y = 0; // baseline pen position relative to the paragraph box's top-left
};

struct Paragraph {
    std::string text; // base text, ruby markup removed
    std::string locale;
    float px = 0;
    Direction direction = Direction::Ltr;
    float width = 0;     // widest line
    float height = 0;    // sum of line heights
    float box_width = 0; // max_width when wrapping, else width
    std::vector<LaidLine> lines;
    std::vector<LaidRun> runs;
    std::vector<LaidGlyph> glyphs;
    std::vector<PlacedGlyph> placed; // base text of every line, then ruby: drawing order
    std::vector<uint32_t> missing;   // code points no face in the chain covers
    std::vector<std::pair<uint32_t, uint32_t>> strong; // byte ranges drawn bold (**strong**)
    bool overflow = false;                             // a single grapheme was wider than max_width
    bool split_words = false; // a word longer than a line was broken inside
};

class LayoutContext;

// Lays out with `context`'s buffer and breakers (see its threading rule). Cost grows as
// n log n in the markup's length: no step looks at more than one line for each line.
Paragraph lay_out(LayoutContext& context, const FontSet& fonts, std::string_view markup,
                  const LayoutStyle& style);
// A one-off layout with a context of its own: reentrant, but it opens ICU break iterators
// every call; lay out many paragraphs through one context (or a ParagraphCache) instead.
Paragraph lay_out(const FontSet& fonts, std::string_view markup, const LayoutStyle& style);

} // namespace kiosk::text
