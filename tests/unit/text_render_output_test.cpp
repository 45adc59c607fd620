// Drawing text costs what is visible, not what is laid out; and PNG output is lossless.

#include "player/raster/png_writer.h"
#include "player/render/surface.h"
#include "player/render/text_renderer.h"
#include "player/text/glyph_atlas.h"
#include "player/text/text_layout.h"
#include "text_test_support.h"

#include <filesystem>
#include <string>

#include <unistd.h>

using namespace kiosk;
using namespace kiosk::text;

namespace {

std::filesystem::path temp_png(const char* name) {
    return std::filesystem::temp_directory_path() /
           (std::string("kiosk_text_output_") + std::to_string(::getpid()) + "_" + name + ".png");
}

Paragraph long_paragraph(size_t lines) {
    std::string text;
    for (size_t i = 0; i < lines; ++i)
        text += "Line " + std::to_string(i) + ": the ward office opens at nine.\n";
    LayoutStyle style;
    style.locale = "en";
    style.px = 20;
    style.max_width = 600;
    return lay_out(test::fonts(), text, style);
}

} // namespace

TEST_CASE("a paragraph far taller than the screen adds quads only for the lines on it") {
    auto surface = render::Surface::offscreen(640, 200);
    REQUIRE(surface.ok());
    GlyphAtlas atlas(test::fonts());
    render::TextRenderer renderer((*surface)->renderer(), atlas);
    const Paragraph p = long_paragraph(20000); // 700,000 glyphs: 2.8 M vertices if all drawn
    REQUIRE(p.placed.size() > 500000);

    atlas.begin_frame();
    ImDrawList* list = (*surface)->begin_frame();
    const int before = list->VtxBuffer.Size;
    renderer.draw(list, p, ImVec2(10, -50000), IM_COL32(0, 0, 0, 255)); // scrolled far down
    const int added = list->VtxBuffer.Size - before;
    // 200 px at 27 px a line is 8 lines, of about 40 glyphs, 4 vertices each; the margin
    // of two ems above and below adds a few lines.
    CHECK(added > 0);
    CHECK(added < 20 * 45 * 4);
    CHECK(atlas.glyph_count() < 200); // nothing off screen was rasterized either
    renderer.upload();
    (*surface)->end_frame(IM_COL32(255, 255, 255, 255));

    // Something was really drawn: some pixels are not the background.
    raster::Image pixels = (*surface)->read_pixels();
    size_t ink = 0;
    for (size_t i = 0; i < pixels.rgba.size(); i += 4)
        ink += pixels.rgba[i] < 128;
    CHECK(ink > 100);
}

TEST_CASE("drawing culls nothing that is on screen: the same pixels as a short paragraph") {
    // The first 5 lines of a 5,000-line paragraph look exactly like a 5-line paragraph.
    auto draw = [](const Paragraph& p) {
        auto surface = render::Surface::offscreen(640, 120); // line 6 starts below it
        REQUIRE(surface.ok());
        GlyphAtlas atlas(test::fonts());
        render::TextRenderer renderer((*surface)->renderer(), atlas);
        atlas.begin_frame();
        ImDrawList* list = (*surface)->begin_frame();
        renderer.draw(list, p, ImVec2(10, 10), IM_COL32(0, 0, 0, 255));
        renderer.upload();
        (*surface)->end_frame(IM_COL32(255, 255, 255, 255));
        return (*surface)->read_pixels();
    };
    const raster::Image a = draw(long_paragraph(5));
    const raster::Image b = draw(long_paragraph(5000));
    CHECK(a.rgba == b.rgba);
}

TEST_CASE("PNG output reads back as the same pixels") {
    SUBCASE("an opaque image (written as RGB)") {
        raster::Image image;
        image.width = 37, image.height = 11;
        image.rgba.resize(size_t(image.width) * image.height * 4);
        for (size_t i = 0; i < image.rgba.size(); ++i)
            image.rgba[i] = (i % 4 == 3) ? 255 : uint8_t(i * 7 + i / 13);
        const auto path = temp_png("opaque");
        REQUIRE(raster::write_png(path, image).ok());
        auto back = raster::read_png(path);
        REQUIRE(back.ok());
        CHECK(back->width == image.width);
        CHECK(back->height == image.height);
        CHECK(back->rgba == image.rgba);
        std::filesystem::remove(path);
    }
    SUBCASE("a tall image deflated in two halves reads back whole") {
        raster::Image image;
        image.width = 53, image.height = 700;
        image.rgba.resize(size_t(image.width) * image.height * 4);
        for (size_t i = 0; i < image.rgba.size(); ++i)
            image.rgba[i] = (i % 4 == 3) ? 255 : uint8_t((i * 2654435761u) >> 13);
        const auto path = temp_png("halves");
        REQUIRE(raster::PngFrame::from_image(image).write(path, /*threads=*/2).ok());
        auto back = raster::read_png(path);
        REQUIRE(back.ok());
        CHECK(back->rgba == image.rgba);
        std::filesystem::remove(path);
    }
    SUBCASE("an image with transparency (written as RGBA)") {
        raster::Image image;
        image.width = 5, image.height = 3;
        image.rgba.resize(5 * 3 * 4);
        for (size_t i = 0; i < image.rgba.size(); ++i)
            image.rgba[i] = uint8_t(255 - i * 3);
        const auto path = temp_png("alpha");
        REQUIRE(raster::write_png(path, image).ok());
        auto back = raster::read_png(path);
        REQUIRE(back.ok());
        CHECK(back->rgba == image.rgba);
        std::filesystem::remove(path);
    }
    SUBCASE("a surface written straight from its rows equals its read_pixels") {
        auto surface = render::Surface::offscreen(300, 120);
        REQUIRE(surface.ok());
        GlyphAtlas atlas(test::fonts());
        render::TextRenderer renderer((*surface)->renderer(), atlas);
        atlas.begin_frame();
        ImDrawList* list = (*surface)->begin_frame();
        list->AddRectFilled(ImVec2(20, 20), ImVec2(120, 70), IM_COL32(200, 40, 90, 255));
        renderer.draw(list, long_paragraph(3), ImVec2(5, 5), IM_COL32(10, 60, 200, 255));
        renderer.upload();
        (*surface)->end_frame(IM_COL32(250, 250, 240, 255));
        const auto path = temp_png("surface");
        REQUIRE((*surface)->write_png(path).ok());
        auto back = raster::read_png(path);
        REQUIRE(back.ok());
        CHECK(back->rgba == (*surface)->read_pixels().rgba);
        std::filesystem::remove(path);
    }
    SUBCASE("an unwritable path is one clear error naming it") {
        raster::Image image;
        image.width = image.height = 1;
        image.rgba = {0, 0, 0, 255};
        auto written = raster::write_png("/nonexistent-dir/x.png", image);
        REQUIRE(!written.ok());
        CHECK(written.error().describe().find("/nonexistent-dir/x.png") != std::string::npos);
    }
}
