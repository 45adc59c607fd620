#pragma once
// GlyphAtlas: glyphs rasterized by FreeType on first use into fixed-size 8-bit coverage
// pages, packed on shelves. The atlas never grows past its page budget: when it is full,
// the page least recently drawn from (and not drawn from this frame) is wiped and reused,
// so any number of CJK glyphs at any kiosk size fit a fixed memory budget
// (DESIGN.md section 3, step 5). Textures are the renderer's business; this only says
// which pages changed.

#include "player/text/font_set.h"

#include <cstdint>
#include <unordered_map>
#include <vector>

namespace kiosk::text {

struct AtlasGlyph {
    uint16_t page = 0;
    uint16_t x = 0, y = 0, w = 0, h = 0; // w == 0: nothing to draw (a space)
    int16_t left = 0, top = 0;           // bitmap offset from the pen, top is up
};

struct AtlasPage {
    std::vector<uint8_t> pixels; // size x size coverage
    struct Shelf {
        uint16_t y, height, x;
    };
    std::vector<Shelf> shelves;
    uint64_t last_used_frame = 0;
    uint32_t generation = 0; // bumps when the page is wiped; textures re-upload whole
    int dirty_x0 = 0, dirty_y0 = 0, dirty_x1 = 0, dirty_y1 = 0; // empty when x1 <= x0
    bool dirty() const { return dirty_x1 > dirty_x0; }
};

struct AtlasConfig {
    int page_size = 1024;
    int max_pages = 8; // 8 MiB of coverage; RGBA textures are 4x that
};

struct AtlasStats {
    uint64_t rasterized = 0;
    uint64_t evicted_pages = 0;
    uint64_t dropped = 0; // glyphs that found no room this frame (frame over budget)
};

class GlyphAtlas {
  public:
    GlyphAtlas(const FontSet& fonts, AtlasConfig config = {});

    // Marks the start of a frame: pages drawn from in this frame are never evicted in it.
    void begin_frame() { ++m_frame; }

    // The glyph's place in the atlas, rasterizing it if needed. nullptr when the glyph can
    // not be placed (larger than a page, or every page is in use by this frame).
    const AtlasGlyph* glyph(FaceId face, uint32_t id, float px);

    int page_size() const { return m_config.page_size; }
    size_t page_count() const { return m_pages.size(); }
    const AtlasPage& page(size_t i) const { return m_pages[i]; }
    void mark_clean(size_t i);

    size_t glyph_count() const { return m_glyphs.size(); }
    size_t memory_bytes() const; // coverage pixels held
    size_t budget_bytes() const {
        return size_t(m_config.page_size) * m_config.page_size * m_config.max_pages;
    }
    const AtlasStats& stats() const { return m_stats; }

  private:
    bool allocate(int w, int h, AtlasGlyph& out);
    bool allocate_in(size_t page, int w, int h, AtlasGlyph& out);
    void evict(size_t page);

    const FontSet& m_fonts;
    AtlasConfig m_config;
    std::vector<AtlasPage> m_pages;
    std::unordered_map<uint64_t, AtlasGlyph> m_glyphs;
    uint64_t m_frame = 1;
    AtlasStats m_stats;
};

} // namespace kiosk::text
