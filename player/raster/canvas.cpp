#include "player/raster/canvas.h"

#include "player/raster/glyph_quads.h"
#include "player/raster/png_writer.h"

#include <algorithm>

namespace kiosk::raster {

Result<Canvas> Canvas::make(int width, int height, Rgba background) {
    if (width < 1 || height < 1 || width > 16384 || height > 16384)
        return make_error("size must be between 1x1 and 16384x16384");
    return Canvas(width, height,
                  (uint32_t(background.a) << 24) | (uint32_t(background.r) << 16) |
                      (uint32_t(background.g) << 8) | background.b);
}

Canvas::Canvas(int width, int height, uint32_t fill)
    : m_width(width), m_height(height), m_pixels(size_t(width) * size_t(height), fill) {}

Status Canvas::write_png(const std::filesystem::path& path) const {
    return write_argb_png(path, m_pixels.data(), m_width, m_height, m_width * 4, /*threads=*/2);
}

void draw_text(Canvas& canvas, text::GlyphAtlas& atlas, const text::Paragraph& p, float x, float y,
               Rgba color) {
    const int size = atlas.page_size();
    const ClipRect clip{0, 0, float(canvas.width()), float(canvas.height())};
    for_each_glyph_quad(p, atlas, x, y, clip, [&](const text::AtlasGlyph& g, float gx, float gy) {
        // Whole pixels already (for_each_glyph_quad snaps them); clipped to the canvas as
        // SDL clips a blit to its surface.
        const int left = int(gx), top = int(gy);
        const int x0 = std::max(left, 0), x1 = std::min(left + int(g.w), canvas.width());
        const int y0 = std::max(top, 0), y1 = std::min(top + int(g.h), canvas.height());
        const uint8_t* pixels = atlas.page(g.page).pixels.data();
        for (int py = y0; py < y1; ++py) {
            const uint8_t* coverage =
                pixels + size_t(g.y + (py - top)) * size_t(size) + size_t(g.x + (x0 - left));
            uint32_t* out = canvas.row(py) + x0;
            for (int px = x0; px < x1; ++px, ++coverage, ++out) {
                if (*coverage == 0) continue; // SDL's arithmetic leaves the pixel as it is
                // SDL's blit of a white texel of alpha `coverage`, colour- and alpha-modulated
                // by `color`, blended over the destination, step by step and with its
                // truncating divisions (SDL_blit_auto.c), so the bytes match a Surface's.
                const uint32_t src_a = uint32_t(*coverage) * color.a / 255;
                const uint32_t src_r = uint32_t(color.r) * src_a / 255;
                const uint32_t src_g = uint32_t(color.g) * src_a / 255;
                const uint32_t src_b = uint32_t(color.b) * src_a / 255;
                const uint32_t d = *out, keep = 255 - src_a;
                const uint32_t a = src_a + keep * (d >> 24) / 255;
                const uint32_t r = src_r + keep * ((d >> 16) & 0xFF) / 255;
                const uint32_t gr = src_g + keep * ((d >> 8) & 0xFF) / 255;
                const uint32_t b = src_b + keep * (d & 0xFF) / 255;
                *out = (a << 24) | (r << 16) | (gr << 8) | b;
            }
        }
    });
}

} // namespace kiosk::raster
