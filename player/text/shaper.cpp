#include "player/text/shaper.h"

#include "player/text/itemizer.h"

#include <hb.h>

namespace kiosk::text {

namespace {

hb_language_t language_for(std::string_view locale) {
    // "ja-x-easy" is Japanese to the font; private-use subtags mean nothing to OpenType.
    std::string_view tag = locale.substr(0, locale.find("-x-"));
    return hb_language_from_string(tag.data(), int(tag.size()));
}

} // namespace

void shape(LayoutContext& context, const FontSet& fonts, std::string_view paragraph, uint32_t start,
           uint32_t end, FaceId face, uint32_t script, Direction direction,
           std::string_view language, float px, std::vector<ShapedGlyph>& out) {
    hb_buffer_t* buffer = context.shaping_buffer();
    hb_buffer_clear_contents(buffer);
    hb_buffer_add_utf8(buffer, paragraph.data(), int(paragraph.size()), start, int(end - start));
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
    out.reserve(out.size() + count);
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
