#include "player/text/shaper.h"

#include "player/text/itemizer.h"

#include <hb.h>
#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include <algorithm>

namespace kiosk::text {

namespace {

hb_language_t language_for(std::string_view locale) {
    // "ja-x-easy" is Japanese to the font; private-use subtags mean nothing to OpenType.
    std::string_view tag = locale.substr(0, locale.find("-x-"));
    return hb_language_from_string(tag.data(), int(tag.size()));
}

bool is_mark(UChar32 c) {
    return (U_GET_GC_MASK(c) & U_GC_M_MASK) != 0;
}

// Whether text[start, end) has a longer run of combining marks than kMaxMarksInARow.
bool has_mark_pileup(std::string_view text, uint32_t start, uint32_t end) {
    const auto* bytes = reinterpret_cast<const uint8_t*>(text.data());
    int32_t i = int32_t(start), marks = 0;
    while (i < int32_t(end)) {
        if (bytes[i] < 0x80) { // no mark is ASCII
            marks = 0;
            ++i;
            continue;
        }
        UChar32 c;
        U8_NEXT(bytes, i, int32_t(end), c);
        marks = c >= 0 && is_mark(c) ? marks + 1 : 0;
        if (marks > kMaxMarksInARow) return true;
    }
    return false;
}

// Adds text[start, end) like hb_buffer_add_utf8 (same clusters, same context), leaving out
// every combining mark past kMaxMarksInARow in a row.
void add_capping_marks(hb_buffer_t* buffer, std::string_view text, uint32_t start, uint32_t end) {
    hb_buffer_add_utf8(buffer, text.data(), int(text.size()), start, 0); // context before
    const auto* bytes = reinterpret_cast<const uint8_t*>(text.data());
    int32_t i = int32_t(start), marks = 0;
    while (i < int32_t(end)) {
        const uint32_t cluster = uint32_t(i);
        UChar32 c;
        U8_NEXT(bytes, i, int32_t(end), c);
        if (c < 0) c = 0xFFFD; // as HarfBuzz replaces invalid sequences
        marks = is_mark(c) ? marks + 1 : 0;
        if (marks <= kMaxMarksInARow) hb_buffer_add(buffer, hb_codepoint_t(c), cluster);
    }
    hb_buffer_add_utf8(buffer, text.data(), int(text.size()), end, 0); // context after
}

} // namespace

void shape(LayoutContext& context, const FontSet& fonts, std::string_view paragraph, uint32_t start,
           uint32_t end, FaceId face, uint32_t script, Direction direction,
           std::string_view language, float px, std::vector<ShapedGlyph>& out) {
    hb_buffer_t* buffer = context.shaping_buffer();
    hb_buffer_clear_contents(buffer);
    if (has_mark_pileup(paragraph, start, end))
        add_capping_marks(buffer, paragraph, start, end);
    else
        hb_buffer_add_utf8(buffer, paragraph.data(), int(paragraph.size()), start,
                           int(end - start));
    hb_buffer_set_direction(buffer,
                            direction == Direction::Rtl ? HB_DIRECTION_RTL : HB_DIRECTION_LTR);
    hb_buffer_set_script(buffer, hb_script_from_string(script_code(script), -1));
    hb_buffer_set_language(buffer, language_for(language));
    hb_buffer_set_cluster_level(buffer, HB_BUFFER_CLUSTER_LEVEL_MONOTONE_GRAPHEMES);

    hb_font_t* font = fonts.hb_font(face);
    hb_shape(font, buffer, nullptr, 0);

    unsigned count = 0;
    const hb_glyph_info_t* info = hb_buffer_get_glyph_infos(buffer, &count);
    const hb_glyph_position_t* pos = hb_buffer_get_glyph_positions(buffer, &count);
    const float scale = px / float(fonts.units_per_em(face));
    // Geometric growth: reserving exactly size + count for every run of a paragraph
    // would copy the whole vector per run (quadratic in the number of runs).
    if (out.capacity() < out.size() + count)
        out.reserve(std::max(out.size() + count, 2 * out.capacity()));
    for (unsigned i = 0; i < count; ++i) {
        ShapedGlyph g;
        g.id = info[i].codepoint;
        g.cluster = info[i].cluster;
        g.x_advance_units = pos[i].x_advance;
        g.x_advance = float(pos[i].x_advance) * scale;
        g.x_offset = float(pos[i].x_offset) * scale;
        g.y_offset = float(pos[i].y_offset) * scale;
        g.unsafe_to_break =
            (hb_glyph_info_get_glyph_flags(&info[i]) & HB_GLYPH_FLAG_UNSAFE_TO_BREAK) != 0;
        out.push_back(g);
    }
}

} // namespace kiosk::text
