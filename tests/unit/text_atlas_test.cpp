#include "player/text/glyph_atlas.h"
#include "text_test_support.h"

#include <hb.h>

using namespace kiosk;
using namespace kiosk::text;

TEST_CASE("5,000 distinct CJK glyphs at 96 px render within the atlas budget") {
    const FontSet& fonts = test::fonts();
    AtlasConfig config{1024, 8};
    GlyphAtlas atlas(fonts, config);
    FaceId face = fonts.chain("ja", Weight::Regular)[0];
    hb_font_t* hb = fonts.hb_font(face);

    int rendered = 0;
    char32_t cp = 0x4E00;
    const int per_frame = 250; // a very full screen of large text
    while (rendered < 5000) {
        atlas.begin_frame();
        for (int i = 0; i < per_frame && rendered < 5000; ++cp) {
            hb_codepoint_t glyph = 0;
            if (!hb_font_get_nominal_glyph(hb, cp, &glyph) || glyph == 0) continue;
            const AtlasGlyph* g = atlas.glyph(face, glyph, 96);
            REQUIRE(g != nullptr);
            CHECK(g->w > 0);
            CHECK(g->w <= 100);
            // The coverage is really there.
            const AtlasPage& page = atlas.page(g->page);
            int ink = 0;
            for (int y = 0; y < g->h; ++y)
                for (int x = 0; x < g->w; ++x)
                    ink += page.pixels[size_t(g->y + y) * size_t(config.page_size) +
                                       size_t(g->x + x)] > 0;
            CHECK(ink > 0);
            ++rendered;
            ++i;
        }
        CHECK(atlas.memory_bytes() <= atlas.budget_bytes());
    }
    CHECK(rendered == 5000);
    CHECK(atlas.page_count() == size_t(config.max_pages));
    CHECK(atlas.stats().evicted_pages > 0); // it really had to recycle
    CHECK(atlas.stats().dropped == 0);
}

TEST_CASE("a glyph asked for twice is rasterized once") {
    const FontSet& fonts = test::fonts();
    GlyphAtlas atlas(fonts);
    FaceId face = fonts.chain("en", Weight::Regular)[0];
    atlas.begin_frame();
    const AtlasGlyph* a = atlas.glyph(face, 36, 48);
    const AtlasGlyph* b = atlas.glyph(face, 36, 48);
    CHECK(a == b);
    CHECK(atlas.stats().rasterized == 1);
    CHECK(atlas.glyph(face, 36, 49) != a); // another size is another glyph
}

TEST_CASE("pages in use this frame are never evicted") {
    const FontSet& fonts = test::fonts();
    GlyphAtlas atlas(fonts, AtlasConfig{256, 1});
    FaceId face = fonts.chain("ja", Weight::Regular)[0];
    atlas.begin_frame();
    int placed = 0, dropped = 0;
    for (uint32_t gid = 1000; gid < 1100; ++gid)
        (atlas.glyph(face, gid, 96) ? placed : dropped)++;
    CHECK(placed > 0);
    CHECK(dropped > 0); // one small page cannot hold a hundred 96 px glyphs in one frame
    CHECK(atlas.stats().evicted_pages == 0);
}
