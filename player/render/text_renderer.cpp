#include "player/render/text_renderer.h"

#include "player/raster/glyph_quads.h"

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

// Rows of an atlas page converted to ARGB per texture update.
constexpr int kUploadRows = 64;

} // namespace

void TextRenderer::draw(ImDrawList* list, const text::Paragraph& p, ImVec2 origin, ImU32 color) {
    const ImVec2 clip_min = list->GetClipRectMin(), clip_max = list->GetClipRectMax();
    const float inv = 1.0f / float(m_atlas.page_size());
    SDL_Texture* bound = nullptr;
    raster::for_each_glyph_quad(
        p, m_atlas, origin.x, origin.y,
        raster::ClipRect{clip_min.x, clip_min.y, clip_max.x, clip_max.y},
        [&](const text::AtlasGlyph& g, float x, float y) {
            SDL_Texture* texture = texture_for(g.page);
            if (!texture) return;
            if (texture != bound) {
                if (bound) list->PopTextureID();
                list->PushTextureID(texture);
                bound = texture;
            }
            // PrimReserve starts a new draw command (VtxOffset) before the 16-bit indices
            // overflow; the SDL_Renderer backend declares RendererHasVtxOffset for this.
            list->PrimReserve(6, 4);
            list->PrimRectUV(ImVec2(x, y), ImVec2(x + g.w, y + g.h), ImVec2(g.x * inv, g.y * inv),
                             ImVec2((g.x + g.w) * inv, (g.y + g.h) * inv), color);
        });
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
