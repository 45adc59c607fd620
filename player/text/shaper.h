#pragma once
// Shaper: HarfBuzz per run, with the run's language, script and direction (DESIGN.md
// section 3, step 2). Fonts are used at their design scale (units per em), exactly what
// `hb-shape` prints, and scaled to pixels in floating point.

#include "player/text/itemizer.h"
#include "player/text/layout_context.h"

#include <string_view>
#include <vector>

namespace kiosk::text {

struct ShapedGlyph {
    uint32_t id = 0;             // glyph index in the run's face
    uint32_t cluster = 0;        // byte offset into the paragraph
    int32_t x_advance_units = 0; // font units, as hb-shape prints them
    float x_advance = 0;         // pixels
    float x_offset = 0;
    float y_offset = 0; // pixels, positive up (HarfBuzz convention)
    bool unsafe_to_break = false;
};

// At most this many combining marks in a row are shaped (Unicode's stream-safe text
// format allows 30 non-starters): HarfBuzz attaches each mark by searching back over
// the marks before it, so thousands on one base would cost quadratic time. Marks past
// the limit are not shaped, so not drawn.
constexpr int kMaxMarksInARow = 30;

// Shapes text[start, end) with the whole paragraph as context and appends the glyphs, in
// HarfBuzz's (visual) order, to `out`. Uses `context`'s buffer (see its threading rule).
void shape(LayoutContext& context, const FontSet& fonts, std::string_view paragraph, uint32_t start,
           uint32_t end, FaceId face, uint32_t script, Direction direction,
           std::string_view language, float px, std::vector<ShapedGlyph>& out);

} // namespace kiosk::text
