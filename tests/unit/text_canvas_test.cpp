// raster::draw_text (what `kiosk text -o` draws with, no SDL) gives the bytes SDL's software
// renderer gives through render::TextRenderer: the goldens of `kiosk text` and of the
// screens come from the same arithmetic.

#include "player/raster/canvas.h"
#include "player/render/surface.h"
#include "player/render/text_renderer.h"
#include "player/text/glyph_atlas.h"
#include "player/text/text_layout.h"
#include "text_test_support.h"

#include <string>

using namespace kiosk;
using namespace kiosk::text;

namespace {

struct Case {
    const char* name;
    const char* locale;
    const char* text;
    float px, width;
    int canvas_w, canvas_h;
    float x, y;
    raster::Rgba color, background;
};

ImU32 im_color(raster::Rgba c) {
    return IM_COL32(c.r, c.g, c.b, c.a);
}

// Both drawings of `c`, as RGB bytes: through an SDL software surface, and on a Canvas.
std::pair<std::vector<uint8_t>, std::vector<uint8_t>> draw_both(const Case& c) {
    LayoutStyle style;
    style.locale = c.locale;
    style.px = c.px;
    style.max_width = c.width;
    const Paragraph p = lay_out(test::fonts(), c.text, style);
    const AtlasConfig config{512, 4};

    auto surface = render::Surface::offscreen(c.canvas_w, c.canvas_h);
    REQUIRE(surface.ok());
    GlyphAtlas sdl_atlas(test::fonts(), config);
    render::TextRenderer renderer((*surface)->renderer(), sdl_atlas);
    sdl_atlas.begin_frame();
    ImDrawList* list = (*surface)->begin_frame();
    renderer.draw(list, p, ImVec2(c.x, c.y), im_color(c.color));
    renderer.upload();
    (*surface)->end_frame(im_color(c.background));
    const raster::Image image = (*surface)->read_pixels();
    std::vector<uint8_t> sdl;
    for (size_t i = 0; i < image.rgba.size(); i += 4)
        sdl.insert(sdl.end(), image.rgba.begin() + long(i), image.rgba.begin() + long(i) + 3);

    auto canvas = raster::Canvas::make(c.canvas_w, c.canvas_h, c.background);
    REQUIRE(canvas.ok());
    GlyphAtlas atlas(test::fonts(), config);
    atlas.begin_frame();
    raster::draw_text(*canvas, atlas, p, c.x, c.y, c.color);
    std::vector<uint8_t> ours;
    for (int y = 0; y < canvas->height(); ++y)
        for (int x = 0; x < canvas->width(); ++x) {
            const uint32_t v = canvas->row(y)[x];
            ours.insert(ours.end(), {uint8_t(v >> 16), uint8_t(v >> 8), uint8_t(v)});
        }
    return {sdl, ours};
}

} // namespace

TEST_CASE("a Canvas draws text to the same bytes as an SDL software surface") {
    const raster::Rgba black{0, 0, 0, 255}, white{255, 255, 255, 255};
    const Case cases[] = {
        // As `kiosk text -o` draws: black on white, half an em of margin.
        {"ja ruby", "ja",
         "{転入届|てんにゅうとどけ}は{区役所|くやくしょ}の{窓口|まどぐち}に出してください。", 48,
         800, 848, 260, 24, 24, black, white},
        {"ne", "ne", "आँधी नजिक आउँदा मौसम विभाग र वडाबाट आएको पछिल्लो जानकारी हेर्नुहोस्।", 40, 600, 640,
         200, 20, 20, black, white},
        {"ar", "ar", "يرجى تسجيل عنوانك الجديد لدى مكتب الحي خلال 14 يومًا من الانتقال.", 30, 500,
         540, 160, 20, 20, black, white},
        // Stacked marks, glyphs cut by every edge of a canvas smaller than the paragraph.
        {"my clipped", "my", "နေရပ်ပြောင်းပြီး ၁၄ ရက်အတွင်း ရပ်ကွက်ရုံး ကောင်တာတွင်", 44, 500, 300, 70, -37.4f,
         -21.6f, black, white},
        {"th clipped", "th", "กรุณาแจ้งย้ายที่อยู่ใหม่ที่เคาน์เตอร์สำนักงานเขต", 40, 0, 257, 41, -120.2f, -9.0f,
         black, white},
        // Colour on colour, and a translucent colour: every term of the blend matters.
        {"en colour",
         "en",
         "Please register your new address at the ward office.",
         26,
         400,
         420,
         120,
         10.5f,
         10.5f,
         {200, 30, 90, 255},
         {20, 40, 60, 255}},
        {"vi translucent",
         "vi",
         "Vui lòng đăng ký địa chỉ mới tại quầy của văn phòng quận.",
         32,
         450,
         470,
         140,
         8,
         8,
         {250, 240, 10, 128},
         {90, 90, 200, 255}},
    };
    for (const Case& c : cases) {
        CAPTURE(c.name);
        auto [sdl, ours] = draw_both(c);
        REQUIRE(sdl.size() == ours.size());
        size_t differing = 0, ink = 0;
        for (size_t i = 0; i < sdl.size(); ++i) {
            differing += sdl[i] != ours[i];
            ink += sdl[i] != sdl[i % 3];
        }
        CHECK(differing == 0);
        CHECK(ink > 0); // something was drawn
    }
}
