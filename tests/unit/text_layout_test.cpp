#include "player/text/line_breaker.h"
#include "player/text/paragraph_cache.h"
#include "player/text/ruby_markup.h"
#include "player/text/text_layout.h"
#include "text_test_support.h"

#include <unicode/brkiter.h>

#include <set>
#include <string>
#include <vector>

using namespace kiosk;
using namespace kiosk::text;

namespace {

std::vector<std::string> line_texts(const Paragraph& p) {
    std::vector<std::string> out;
    for (const auto& l : p.lines)
        out.push_back(p.text.substr(l.start, l.end - l.start));
    return out;
}

Paragraph lay(const std::string& text, const char* locale, float px, float width,
              Align align = Align::Start) {
    LayoutStyle style;
    style.locale = locale;
    style.px = px;
    style.max_width = width;
    style.align = align;
    return lay_out(test::fonts(), text, style);
}

bool starts_with_any(const std::string& s, const std::vector<std::string>& prefixes) {
    for (const auto& p : prefixes)
        if (s.rfind(p, 0) == 0) return true;
    return false;
}

} // namespace

TEST_CASE("Latin breaks at spaces and drops the trailing space") {
    Paragraph p = lay("Submit your moving-in notice within fourteen days.", "en", 40, 400);
    auto lines = line_texts(p);
    REQUIRE(lines.size() >= 3);
    for (const auto& l : lines) {
        CHECK(l.back() != ' ');
        CHECK(l.front() != ' ');
    }
    for (const auto& l : p.lines)
        CHECK(l.width <= 400.0f);
    CHECK(lines[0].rfind("Submit your", 0) == 0);
}

TEST_CASE("kinsoku: no closing punctuation or small kana at a line start (strict for ja)") {
    const std::vector<std::string> forbidden = {"。", "、", "」", "）", "ょ", "ゃ",
                                                "ゅ", "っ", "ッ", "ー", "ァ"};
    std::string text = "ちょっと待ってください。「受付」は、一階の右側です。シャトルバスは、ジェッ"
                       "トコースターの前から出ます。";
    int checked = 0;
    for (float width = 120; width <= 900; width += 37) {
        Paragraph p = lay(text, "ja", 40, width);
        auto lines = line_texts(p);
        for (size_t i = 1; i < lines.size(); ++i) {
            CAPTURE(width);
            CAPTURE(lines[i]);
            CHECK_FALSE(starts_with_any(lines[i], forbidden));
            ++checked;
        }
    }
    CHECK(checked > 20);
}

TEST_CASE("kinsoku: a full stop that would start a line pulls the character before it along") {
    // Nine full-width characters, then 。: at a width of exactly nine ems the 。 would
    // start line two; strict kinsoku moves お down with it.
    Paragraph p = lay("あいうえおかきくけ。さしす", "ja", 40, 9 * 40 + 1);
    auto lines = line_texts(p);
    REQUIRE(lines.size() == 2);
    CHECK(lines[0] == "あいうえおかきく");
    CHECK(lines[1] == "け。さしす");
}

TEST_CASE("Thai and Burmese break at word boundaries") {
    for (auto [locale, text] :
         {std::pair{"th", std::string("กรุณาแจ้งย้ายเข้าภายในสิบสี่วันหลังจากย้ายบ้าน")},
          std::pair{"my", std::string("ပြောင်းရွှေ့လာပြီးရက်တစ်ဆယ့်လေးရက်အတွင်းအကြောင်းကြားပါ")}}) {
        CAPTURE(locale);
        Paragraph p = lay(text, locale, 40, 300);
        auto lines = line_texts(p);
        REQUIRE(lines.size() >= 2);
        std::string joined;
        for (const auto& l : lines)
            joined += l;
        CHECK(joined == text);
        // Every break is a dictionary word boundary.
        UErrorCode status = U_ZERO_ERROR;
        std::unique_ptr<icu::BreakIterator> words(
            icu::BreakIterator::createWordInstance(icu::Locale(locale), status));
        icu::UnicodeString u = icu::UnicodeString::fromUTF8(text);
        words->setText(u);
        std::set<std::string> boundaries;
        for (int32_t b = words->first(); b != icu::BreakIterator::DONE; b = words->next()) {
            std::string prefix;
            u.tempSubString(0, b).toUTF8String(prefix);
            boundaries.insert(prefix);
        }
        std::string prefix;
        for (size_t i = 0; i + 1 < lines.size(); ++i) {
            prefix += lines[i];
            CHECK(boundaries.count(prefix) == 1);
        }
        for (const auto& l : p.lines)
            CHECK(l.width <= 300.0f);
    }
}

TEST_CASE("an over-long word is broken rather than overflowing") {
    Paragraph p = lay("Donaudampfschifffahrtsgesellschaftskapitän", "en", 40, 200);
    REQUIRE(p.lines.size() >= 3);
    for (const auto& l : p.lines)
        CHECK(l.width <= 200.0f);
    std::string joined;
    for (const auto& l : line_texts(p))
        joined += l;
    CHECK(joined == "Donaudampfschifffahrtsgesellschaftskapitän");
    CHECK_FALSE(p.overflow);
}

TEST_CASE("bidi runs are reordered visually after line breaking") {
    SUBCASE("Arabic inside an English line sits after the English, reading right to left") {
        Paragraph p = lay("Floor مرحبا بكم now", "en", 40, 0);
        REQUIRE(p.lines.size() == 1);
        float latin_x = -1, arabic_x = -1, now_x = -1;
        for (uint32_t r = 0; r < p.runs.size(); ++r) {
            std::string piece =
                p.text.substr(p.runs[r].run.start, p.runs[r].run.end - p.runs[r].run.start);
            if (piece.find("Floor") != std::string::npos) latin_x = p.runs[r].x;
            if (piece.find("مرحبا") != std::string::npos) arabic_x = p.runs[r].x;
            if (piece.find("now") != std::string::npos) now_x = p.runs[r].x;
        }
        CHECK(latin_x < arabic_x);
        CHECK(arabic_x < now_x);
    }
    SUBCASE("Latin inside an Arabic line sits to the left of the Arabic before it") {
        Paragraph p = lay("مرحبا ABC", "ar", 40, 0);
        REQUIRE(p.lines.size() == 1);
        const LaidRun* arabic = nullptr;
        const LaidRun* latin = nullptr;
        for (const auto& r : p.runs)
            (r.run.direction() == Direction::Rtl ? arabic : latin) = &r;
        REQUIRE(arabic);
        REQUIRE(latin);
        CHECK(latin->x < arabic->x);
    }
    SUBCASE("each wrapped line is reordered on its own") {
        Paragraph p = lay("مرحبا بكم في مكتب الحي الطابق الثالث", "ar", 40, 260);
        REQUIRE(p.lines.size() >= 2);
        for (const auto& l : p.lines)
            CHECK(l.width <= 260.0f);
    }
}

TEST_CASE("alignment follows direction") {
    Paragraph start_ltr = lay("Hello", "en", 40, 600, Align::Start);
    Paragraph end_ltr = lay("Hello", "en", 40, 600, Align::End);
    Paragraph center = lay("Hello", "en", 40, 600, Align::Center);
    Paragraph start_rtl = lay("مرحبا", "ar", 40, 600, Align::Start);
    CHECK(start_ltr.lines[0].left == 0);
    CHECK(end_ltr.lines[0].left == doctest::Approx(600 - end_ltr.lines[0].width));
    CHECK(center.lines[0].left == doctest::Approx((600 - center.lines[0].width) / 2));
    CHECK(start_rtl.lines[0].left == doctest::Approx(600 - start_rtl.lines[0].width));
}

TEST_CASE("ruby: reading above its base, centred, never overlapping the line above") {
    RubyText parsed = parse_ruby("{漢字|かんじ}を{読|よ}む");
    CHECK(parsed.text == "漢字を読む");
    REQUIRE(parsed.annotations.size() == 2);
    CHECK(parsed.annotations[0].reading == "かんじ");
    CHECK(ruby_reading("{漢字|かんじ}を{読|よ}む") == "かんじをよむ");
    CHECK(parse_ruby("a{b}c{|x}").text == "a{b}c{|x}"); // not ruby: literal

    std::string markup = "{市役所|しやくしょ}の{窓口|まどぐち}で{住民票|じゅうみんひょう}を{受|う}"
                         "け{取|と}ってください。";
    LayoutStyle style;
    style.locale = "ja-x-easy";
    style.px = 48;
    style.max_width = 480;
    Paragraph with = lay_out(test::fonts(), markup, style);
    style.ruby = false;
    Paragraph without = lay_out(test::fonts(), markup, style);
    CHECK(with.text == without.text);
    CHECK(with.placed.size() > without.placed.size()); // the readings
    CHECK(with.height > without.height);               // room reserved above each line
    REQUIRE(with.lines.size() >= 2);
    // Ruby glyphs are drawn after the base glyphs; each sits inside its own line's box,
    // above the base text, so it never reaches into the line above.
    const size_t base_count = with.glyphs.size();
    for (size_t i = base_count; i < with.placed.size(); ++i) {
        const PlacedGlyph& g = with.placed[i];
        CHECK(g.px == doctest::Approx(24));
        const LaidLine* owner = nullptr;
        for (const auto& l : with.lines)
            if (g.y > l.top && g.y < l.baseline) owner = &l;
        REQUIRE(owner);
        CHECK(g.y - g.px * 0.88f >= owner->top - 1);
        CHECK(g.y < owner->baseline - 48 * 0.8f);
    }
    // No line breaks inside a ruby base.
    for (const auto& l : with.lines) {
        std::string line = with.text.substr(l.start, l.end - l.start);
        CHECK(line.rfind("役所", 0) != 0);
        CHECK(line.rfind("口", 0) != 0);
        CHECK(line.rfind("民票", 0) != 0);
    }
}

TEST_CASE("hard line breaks start new lines") {
    Paragraph p = lay("one\ntwo\n\nfour", "en", 40, 0);
    auto lines = line_texts(p);
    REQUIRE(lines.size() == 4);
    CHECK(lines[0] == "one");
    CHECK(lines[1] == "two");
    CHECK(lines[2] == "");
    CHECK(lines[3] == "four");
}

TEST_CASE("the paragraph cache lays a paragraph out once") {
    ParagraphCache cache(test::fonts(), 2);
    LayoutStyle style;
    style.locale = "ja";
    auto a = cache.get("受付", style);
    auto b = cache.get("受付", style);
    CHECK(a.get() == b.get());
    CHECK(cache.hits() == 1);
    style.px = 40;
    auto c = cache.get("受付", style);
    CHECK(c.get() != a.get());
    cache.get("窓口", style);
    CHECK(cache.size() == 2); // capacity bound
}

TEST_CASE("a grapheme wider than the line gets a line of its own and layout ends") {
    Paragraph p = lay("漢字の幅", "ja", 96, 20);
    CHECK(p.lines.size() == 4);
    CHECK(p.overflow);
    Paragraph q = lay("ab 漢 cd", "ja", 96, 20);
    CHECK(q.overflow);
    CHECK(q.lines.size() >= 3);
}
