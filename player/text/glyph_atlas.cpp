#include "player/text/glyph_atlas.h"

#include <ft2build.h>
#include FT_FREETYPE_H

#include <algorithm>
#include <cmath>
#include <cstring>

namespace kiosk::text {

namespace {

constexpr int kPadding = 1; // keeps bilinear sampling from bleeding between glyphs

uint64_t key_of(FaceId face, uint32_t id, int px) {
    return (uint64_t(face) << 48) | (uint64_t(uint16_t(px)) << 32) | id;
}

} // namespace

GlyphAtlas::GlyphAtlas(const FontSet& fonts, AtlasConfig config)
    : m_fonts(fonts), m_config(config) {
    m_pages.reserve(size_t(config.max_pages));
}

size_t GlyphAtlas::memory_bytes() const {
    size_t total = 0;
    for (const auto& p : m_pages)
        total += p.pixels.size();
    return total;
}

void GlyphAtlas::mark_clean(size_t i) {
    AtlasPage& p = m_pages[i];
    p.dirty_x0 = p.dirty_y0 = p.dirty_x1 = p.dirty_y1 = 0;
}

const AtlasGlyph* GlyphAtlas::glyph(FaceId face, uint32_t id, float px_float) {
    const int px = std::clamp(int(std::lround(px_float)), 1, 4096);
    const uint64_t key = key_of(face, id, px);
    if (auto it = m_glyphs.find(key); it != m_glyphs.end()) {
        if (it->second.w) m_pages[it->second.page].last_used_frame = m_frame;
        return &it->second;
    }

    FT_Face ft = m_fonts.ft_face(face);
    if (!ft) return nullptr;
    if (FT_Set_Pixel_Sizes(ft, 0, FT_UInt(px)) != 0) return nullptr;
    if (FT_Load_Glyph(ft, id, FT_LOAD_TARGET_LIGHT | FT_LOAD_NO_BITMAP) != 0) return nullptr;
    if (FT_Render_Glyph(ft->glyph, FT_RENDER_MODE_NORMAL) != 0) return nullptr;
    const FT_Bitmap& bitmap = ft->glyph->bitmap;

    AtlasGlyph g;
    g.left = int16_t(ft->glyph->bitmap_left);
    g.top = int16_t(ft->glyph->bitmap_top);
    if (bitmap.width == 0 || bitmap.rows == 0) {
        ++m_stats.rasterized;
        return &m_glyphs.emplace(key, g).first->second;
    }
    if (!allocate(int(bitmap.width), int(bitmap.rows), g)) {
        ++m_stats.dropped;
        return nullptr;
    }
    AtlasPage& page = m_pages[g.page];
    const int size = m_config.page_size;
    for (unsigned row = 0; row < bitmap.rows; ++row) {
        const uint8_t* src = bitmap.buffer + ptrdiff_t(row) * bitmap.pitch;
        std::memcpy(&page.pixels[size_t(g.y + row) * size_t(size) + g.x], src, bitmap.width);
    }
    if (!page.dirty()) {
        page.dirty_x0 = g.x, page.dirty_y0 = g.y, page.dirty_x1 = g.x + g.w,
        page.dirty_y1 = g.y + g.h;
    } else {
        page.dirty_x0 = std::min<int>(page.dirty_x0, g.x);
        page.dirty_y0 = std::min<int>(page.dirty_y0, g.y);
        page.dirty_x1 = std::max<int>(page.dirty_x1, g.x + g.w);
        page.dirty_y1 = std::max<int>(page.dirty_y1, g.y + g.h);
    }
    page.last_used_frame = m_frame;
    ++m_stats.rasterized;
    return &m_glyphs.emplace(key, g).first->second;
}

bool GlyphAtlas::allocate_in(size_t index, int w, int h, AtlasGlyph& out) {
    AtlasPage& page = m_pages[index];
    const int size = m_config.page_size;
    const int pw = w + kPadding, ph = h + kPadding;
    // A shelf a little taller than the glyph is fine; a much taller one wastes the page.
    for (auto& shelf : page.shelves) {
        if (shelf.height >= ph && shelf.height <= ph + ph / 3 + 2 && shelf.x + pw <= size) {
            out = {uint16_t(index), shelf.x, shelf.y, uint16_t(w), uint16_t(h), out.left, out.top};
            shelf.x = uint16_t(shelf.x + pw);
            return true;
        }
    }
    int next_y = page.shelves.empty() ? 0 : page.shelves.back().y + page.shelves.back().height;
    if (next_y + ph > size || pw > size) return false;
    page.shelves.push_back({uint16_t(next_y), uint16_t(ph), uint16_t(pw)});
    out = {uint16_t(index), 0, uint16_t(next_y), uint16_t(w), uint16_t(h), out.left, out.top};
    return true;
}

bool GlyphAtlas::allocate(int w, int h, AtlasGlyph& out) {
    const int size = m_config.page_size;
    if (w + kPadding > size || h + kPadding > size) return false;
    for (size_t i = 0; i < m_pages.size(); ++i)
        if (allocate_in(i, w, h, out)) return true;
    if (int(m_pages.size()) < m_config.max_pages) {
        AtlasPage page;
        page.pixels.assign(size_t(size) * size_t(size), 0);
        m_pages.push_back(std::move(page));
        return allocate_in(m_pages.size() - 1, w, h, out);
    }
    // Full: reuse the least recently used page that this frame has not drawn from.
    size_t victim = m_pages.size();
    for (size_t i = 0; i < m_pages.size(); ++i) {
        if (m_pages[i].last_used_frame == m_frame) continue;
        if (victim == m_pages.size() ||
            m_pages[i].last_used_frame < m_pages[victim].last_used_frame)
            victim = i;
    }
    if (victim == m_pages.size()) return false;
    evict(victim);
    return allocate_in(victim, w, h, out);
}

void GlyphAtlas::evict(size_t index) {
    std::erase_if(m_glyphs, [&](const auto& entry) {
        return entry.second.w != 0 && entry.second.page == index;
    });
    AtlasPage& page = m_pages[index];
    std::fill(page.pixels.begin(), page.pixels.end(), uint8_t(0));
    page.shelves.clear();
    ++page.generation;
    page.dirty_x0 = page.dirty_y0 = 0;
    page.dirty_x1 = page.dirty_y1 = m_config.page_size;
    ++m_stats.evicted_pages;
}

} // namespace kiosk::text
