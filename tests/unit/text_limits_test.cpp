// Pathological paragraphs stay bounded: a pile of combining marks shapes at most
// kMaxMarksInARow of them, and a very long paragraph lays out completely.

#include "player/text/layout_context.h"
#include "player/text/shaper.h"
#include "player/text/text_layout.h"
#include "text_test_support.h"

#include <string>

using namespace kiosk;
using namespace kiosk::text;

namespace {

std::string base_with_marks(int marks) {
    std::string s = "x"; // no precomposed x-acute: every mark stays a glyph
    for (int i = 0; i < marks; ++i)
        s += "\xCC\x81"; // U+0301 COMBINING ACUTE ACCENT
    return s;
}

LayoutStyle english(float width) {
    LayoutStyle style;
    style.locale = "en";
    style.px = 32;
    style.max_width = width;
    return style;
}

} // namespace

TEST_CASE("a few combining marks are all shaped") {
    Paragraph p = lay_out(test::fonts(), base_with_marks(3) + " b", english(600));
    CHECK(p.glyphs.size() == 6); // x, three accents, space, b
}

TEST_CASE("thousands of combining marks on one base: the first 30 are shaped, the rest not") {
    const std::string text = base_with_marks(5000) + " after";
    Paragraph p = lay_out(test::fonts(), text, english(600));
    // x, 30 accents, space, "after"
    CHECK(p.glyphs.size() == size_t(1 + kMaxMarksInARow + 1 + 5));
    REQUIRE(!p.lines.empty());
    CHECK(p.lines.back().end == text.size()); // the text after the pile is laid out
    // Clusters still point into the original text, as hb_buffer_add_utf8 would set them.
    CHECK(p.glyphs.back().cluster == text.size() - 1);
}

TEST_CASE("marks past the limit are capped per pile, not per paragraph") {
    const std::string text = base_with_marks(40) + " " + base_with_marks(40);
    Paragraph p = lay_out(test::fonts(), text, english(0));
    CHECK(p.glyphs.size() == size_t(2 * (1 + kMaxMarksInARow) + 1));
}

TEST_CASE("a 760,000-byte paragraph lays out every line, in order") {
    std::string text;
    for (int i = 0; i < 20000; ++i)
        text += "Counter 3, second floor, ward office. ";
    LayoutContext context;
    Paragraph p = lay_out(context, test::fonts(), text, english(300));
    REQUIRE(p.lines.size() > 2000);
    for (size_t i = 1; i < p.lines.size(); ++i) {
        CHECK(p.lines[i].start >= p.lines[i - 1].end);
        CHECK(p.lines[i].top > p.lines[i - 1].top);
    }
    CHECK(p.lines.back().end == text.size() - 1); // the trailing space is dropped
}
