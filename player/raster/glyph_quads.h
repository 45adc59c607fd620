#pragma once
// The glyph quads of a laid-out paragraph: which atlas glyph lands where, in drawing order,
// culled to a clip rectangle. The one walk behind both ways text reaches pixels:
// render::TextRenderer (quads into an ImGui draw list, drawn by SDL) and raster::draw_text
// (straight into a Canvas, for `kiosk text -o` without a display library). Sharing it keeps
// the two placing, culling and ordering glyphs identically, which their pixels depend on
// (which glyphs the atlas rasterizes, and so which it may drop when full, follows the walk).

#include "player/text/glyph_atlas.h"
#include "player/text/text_layout.h"

#include <algorithm>
#include <cmath>

namespace kiosk::raster {

struct ClipRect {
    float x0 = 0, y0 = 0, x1 = 0, y1 = 0;
};

// Calls `quad(const text::AtlasGlyph& g, float x, float y)` for every glyph of `p` that may
// show inside `clip`, with the top-left of its bitmap at (x, y) (whole pixels), the top-left
// of the paragraph's box at `origin_x`, `origin_y`: base text line by line, then the ruby
// readings over it, as laid out.
template <typename Quad>
void for_each_glyph_quad(const text::Paragraph& p, text::GlyphAtlas& atlas, float origin_x,
                         float origin_y, ClipRect clip, Quad&& quad) {
    // How far a glyph's ink may reach outside its line box, in ems: stacked marks and tall
    // scripts go above the ascender, descenders below. Lines further than this from the clip
    // rectangle are skipped whole; the glyphs of the others are still culled one by one.
    constexpr float kInkReachEm = 2.0f;
    // SDL clips to whole pixels of a rectangle truncated from ImGui's float one; a quad must
    // be this far outside the float rectangle to be surely invisible.
    constexpr float kClipSlack = 2.0f;

    // Snap the origin so glyph bitmaps land on whole pixels: crisp text, stable goldens.
    origin_x = std::round(origin_x);
    origin_y = std::round(origin_y);
    const float reach = kInkReachEm * p.px + kClipSlack;

    // Only the lines inside the clip rectangle: a page of any length costs what one screen
    // of it costs, in glyph lookups and in quads.
    auto first = std::partition_point(p.lines.begin(), p.lines.end(), [&](const text::LaidLine& l) {
        return origin_y + l.top + l.height + reach < clip.y0;
    });
    auto last = std::partition_point(first, p.lines.end(), [&](const text::LaidLine& l) {
        return origin_y + l.top - reach <= clip.y1;
    });

    auto glyphs = [&](uint32_t begin, uint32_t count) {
        for (uint32_t k = begin; k < begin + count; ++k) {
            const text::PlacedGlyph& pg = p.placed[k];
            const float pen_x = origin_x + std::round(pg.x), pen_y = origin_y + std::round(pg.y);
            // Far outside horizontally (a line wider than the screen): not even looked up.
            if (pen_x > clip.x1 + reach || pen_x < clip.x0 - reach - 16 * pg.px) continue;
            const text::AtlasGlyph* g = atlas.glyph(pg.face, pg.id, pg.px);
            if (!g || g->w == 0) continue;
            const float x = pen_x + float(g->left);
            const float y = pen_y - float(g->top);
            if (x + g->w < clip.x0 - kClipSlack || x > clip.x1 + kClipSlack ||
                y + g->h < clip.y0 - kClipSlack || y > clip.y1 + kClipSlack)
                continue;
            quad(*g, x, y);
        }
    };
    for (auto line = first; line != last; ++line)
        glyphs(line->first_placed, line->placed_count);
    for (auto line = first; line != last; ++line) // readings over base text, as laid out
        glyphs(line->first_ruby_placed, line->ruby_placed_count);
}

} // namespace kiosk::raster
