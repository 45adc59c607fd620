#include "player/render/text_renderer.h"

#include <SDL.h>

#include <algorithm>
#include <cmath>

namespace kiosk::render {

TextRenderer::TextRenderer(SDL_Renderer* renderer, text::GlyphAtlas& atlas)
    : m_renderer(renderer), m_atlas(atlas) {}

TextRenderer::~TextRenderer() {
    for (SDL_Texture* t : m_textures)
        if (t) SDL_DestroyTexture(t);
}

SDL_Texture* TextRenderer::texture_for(size_t page) {
    if (page >= m_textures.size()) {
        m_textures.resize(page + 1, nullptr);
        m_generations.resize(page + 1, ~0u);
    }
    if (!m_textures[page]) {
        const int size = m_atlas.page_size();
        SDL_Texture* t = SDL_CreateTexture(m_renderer, SDL_PIXELFORMAT_ARGB8888,
                                           SDL_TEXTUREACCESS_STATIC, size, size);
        if (t) {
            SDL_SetTextureBlendMode(t, SDL_BLENDMODE_BLEND);
            SDL_SetTextureScaleMode(t, SDL_ScaleModeNearest);
        }
        m_textures[page] = t;
    }
    return m_textures[page];
}

namespace {

// How far a glyph's ink may reach outside its line box, in ems: stacked marks and tall
// scripts go above the ascender, descenders below. Lines further than this from the clip
// rectangle are skipped whole; the glyphs of the others are still culled one by one.
constexpr float kInkReachEm = 2.0f;
// SDL clips to whole pixels of a rectangle truncated from ImGui's float one; a quad must
// be this far outside the float rectangle to be surely invisible.
constexpr float kClipSlack = 2.0f;
// Rows of an atlas page converted to ARGB per texture update.
constexpr int kUploadRows = 64;

} // namespace

void TextRenderer::draw(ImDrawList* list, const text::Paragraph& p, ImVec2 origin, ImU32 color) {
    // Snap the origin so glyph bitmaps land on whole pixels: crisp text, stable goldens.
    origin.x = std::round(origin.x);
    origin.y = std::round(origin.y);
    const ImVec2 clip_min = list->GetClipRectMin(), clip_max = list->GetClipRectMax();
    const float reach = kInkReachEm * p.px + kClipSlack;

    // Only the lines inside the clip rectangle: a page of any length costs what one screen
    // of it costs, in glyph lookups and in draw-list vertices.
    auto first = std::partition_point(p.lines.begin(), p.lines.end(), [&](const text::LaidLine& l) {
        return origin.y + l.top + l.height + reach < clip_min.y;
    });
    auto last = std::partition_point(first, p.lines.end(), [&](const text::LaidLine& l) {
        return origin.y + l.top - reach <= clip_max.y;
    });

    const float inv = 1.0f / float(m_atlas.page_size());
    SDL_Texture* bound = nullptr;
    auto draw_glyphs = [&](uint32_t begin, uint32_t count) {
        for (uint32_t k = begin; k < begin + count; ++k) {
            const text::PlacedGlyph& pg = p.placed[k];
            const float pen_x = origin.x + std::round(pg.x), pen_y = origin.y + std::round(pg.y);
            // Far outside horizontally (a line wider than the screen): not even looked up.
            if (pen_x > clip_max.x + reach || pen_x < clip_min.x - reach - 16 * pg.px) continue;
            const text::AtlasGlyph* g = m_atlas.glyph(pg.face, pg.id, pg.px);
            if (!g || g->w == 0) continue;
            const float x = pen_x + float(g->left);
            const float y = pen_y - float(g->top);
            if (x + g->w < clip_min.x - kClipSlack || x > clip_max.x + kClipSlack ||
                y + g->h < clip_min.y - kClipSlack || y > clip_max.y + kClipSlack)
                continue;
            SDL_Texture* texture = texture_for(g->page);
            if (!texture) continue;
            if (texture != bound) {
                if (bound) list->PopTextureID();
                list->PushTextureID(texture);
                bound = texture;
            }
            // PrimReserve starts a new draw command (VtxOffset) before the 16-bit indices
            // overflow; the SDL_Renderer backend declares RendererHasVtxOffset for this.
            list->PrimReserve(6, 4);
            list->PrimRectUV(ImVec2(x, y), ImVec2(x + g->w, y + g->h),
                             ImVec2(g->x * inv, g->y * inv),
                             ImVec2((g->x + g->w) * inv, (g->y + g->h) * inv), color);
        }
    };
    for (auto line = first; line != last; ++line)
        draw_glyphs(line->first_placed, line->placed_count);
    for (auto line = first; line != last; ++line) // readings over base text, as laid out
        draw_glyphs(line->first_ruby_placed, line->ruby_placed_count);
    if (bound) list->PopTextureID();
}

void TextRenderer::upload() {
    const int size = m_atlas.page_size();
    for (size_t i = 0; i < m_atlas.page_count(); ++i) {
        const text::AtlasPage& page = m_atlas.page(i);
        SDL_Texture* texture = texture_for(i);
        if (!texture) continue;
        int x0 = page.dirty_x0, y0 = page.dirty_y0, x1 = page.dirty_x1, y1 = page.dirty_y1;
        if (m_generations[i] != page.generation) { // new or wiped: upload whole
            x0 = y0 = 0;
            x1 = y1 = size;
            m_generations[i] = page.generation;
        } else if (!page.dirty()) {
            continue;
        }
        // In bands of rows: a whole page goes up through a small staging buffer.
        const int w = x1 - x0;
        for (int band = y0; band < y1; band += kUploadRows) {
            const int h = std::min(kUploadRows, y1 - band);
            m_scratch.resize(size_t(w) * size_t(h));
            for (int y = 0; y < h; ++y) {
                const uint8_t* src = &page.pixels[size_t(band + y) * size_t(size) + size_t(x0)];
                uint32_t* dst = &m_scratch[size_t(y) * size_t(w)];
                for (int x = 0; x < w; ++x)
                    dst[x] = (uint32_t(src[x]) << 24) | 0x00FFFFFFu;
            }
            SDL_Rect rect{x0, band, w, h};
            SDL_UpdateTexture(texture, &rect, m_scratch.data(), w * 4);
        }
        m_atlas.mark_clean(i);
    }
}

} // namespace kiosk::render
