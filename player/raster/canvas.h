#pragma once
// Canvas: an ARGB8888 frame in memory (SDL_PIXELFORMAT_ARGB8888's layout), and text drawn
// into it on the CPU. `kiosk text -o` draws through this instead of an SDL surface, so it
// runs without SDL and ImGui, and the dozens of display and audio libraries they bring,
// loaded (issue 14: start-up is most of its cost). The pixels are those SDL's software
// renderer draws for the same paragraph through render::TextRenderer, to the bit
// (tests/unit/text_canvas_test.cpp compares the two).

#include "player/core/result.h"
#include "player/text/glyph_atlas.h"
#include "player/text/text_layout.h"

#include <cstdint>
#include <filesystem>
#include <vector>

namespace kiosk::raster {

struct Rgba {
    uint8_t r = 0, g = 0, b = 0, a = 255;
};

class Canvas {
  public:
    // Filled with `background`; the sizes Surface::offscreen accepts (1x1 to 16384x16384).
    static Result<Canvas> make(int width, int height, Rgba background);

    int width() const { return m_width; }
    int height() const { return m_height; }
    uint32_t* row(int y) { return &m_pixels[size_t(y) * size_t(m_width)]; }
    const uint32_t* row(int y) const { return &m_pixels[size_t(y) * size_t(m_width)]; }

    // As render::Surface::write_png: grey when the frame is grey, encoded on two threads.
    Status write_png(const std::filesystem::path& path) const;

  private:
    Canvas(int width, int height, uint32_t fill);
    int m_width = 0, m_height = 0;
    std::vector<uint32_t> m_pixels;
};

// Draws `p` in `color` with its box's top-left at (x, y): the glyphs render::TextRenderer
// would draw with a clip rectangle covering the canvas, each blended as SDL 2's software
// renderer blends a colour-modulated glyph quad (integer "over", premultiplied by coverage).
void draw_text(Canvas& canvas, text::GlyphAtlas& atlas, const text::Paragraph& p, float x, float y,
               Rgba color);

} // namespace kiosk::raster
