#include "player/text/itemizer.h"
#include "text_test_support.h"

#include <string>

using namespace kiosk;
using namespace kiosk::text;

namespace {

std::string face_of(const FontSet& fonts, const TextRun& r) {
    return fonts.face_name(r.face);
}

} // namespace

TEST_CASE("a mixed string gets every character from a face that has it") {
    const FontSet& fonts = test::fonts();
    std::string text = "受付番号 A-12 / नेपाली / العربية (3F)";
    ItemizedText items = itemize(text, fonts, "ja", Direction::Ltr, Weight::Regular);
    CHECK(items.missing.empty());
    bool saw_deva = false, saw_arab = false, saw_cjk = false;
    for (const TextRun& r : items.runs) {
        std::string piece = text.substr(r.start, r.end - r.start);
        CAPTURE(piece);
        std::string code = script_code(r.script);
        if (code == "Deva") {
            saw_deva = true;
            CHECK(face_of(fonts, r) == "devanagari");
        }
        if (code == "Arab" && piece.find("العربية") != std::string::npos) {
            saw_arab = true;
            CHECK(face_of(fonts, r) == "arabic");
            CHECK(r.direction() == Direction::Rtl);
        }
        if (code == "Hani") {
            saw_cjk = true;
            CHECK(face_of(fonts, r) == "cjk-jp");
        }
    }
    CHECK(saw_deva);
    CHECK(saw_arab);
    CHECK(saw_cjk);
}

TEST_CASE("Han takes the locale's CJK face") {
    const FontSet& fonts = test::fonts();
    struct Case {
        const char* locale;
        const char* face;
    } cases[] = {{"ja", "cjk-jp"}, {"zh-Hans", "cjk-sc"},   {"zh-Hant", "cjk-tc"},
                 {"ko", "cjk-kr"}, {"ja-x-easy", "cjk-jp"}, {"en", "cjk-jp"}};
    for (const Case& c : cases) {
        CAPTURE(c.locale);
        ItemizedText items = itemize("直骨", fonts, c.locale, Direction::Ltr, Weight::Regular);
        REQUIRE(items.runs.size() == 1);
        CHECK(face_of(fonts, items.runs[0]) == c.face);
    }
}

TEST_CASE("common characters join the script around them") {
    const FontSet& fonts = test::fonts();
    // Spaces and punctuation between Devanagari words stay in the Devanagari run.
    std::string text = "नेपाली भाषा, नेपाल।";
    ItemizedText items = itemize(text, fonts, "ne", Direction::Ltr, Weight::Regular);
    REQUIRE(items.runs.size() == 1);
    CHECK(std::string(script_code(items.runs[0].script)) == "Deva");
    // Leading punctuation takes the script that follows it.
    ItemizedText quoted = itemize("«مرحبا»", fonts, "ar", Direction::Rtl, Weight::Regular);
    REQUIRE(!quoted.runs.empty());
    CHECK(std::string(script_code(quoted.runs[0].script)) == "Arab");
}

TEST_CASE("bidi levels: Arabic is right to left, numbers inside it left to right") {
    const FontSet& fonts = test::fonts();
    std::string text = "الطابق 3 هنا";
    ItemizedText items = itemize(text, fonts, "ar", Direction::Rtl, Weight::Regular);
    REQUIRE(items.runs.size() >= 3);
    CHECK(items.runs[0].bidi_level == 1);
    bool saw_number = false;
    for (const auto& r : items.runs) {
        if (text.substr(r.start, r.end - r.start) != "3") continue;
        saw_number = true;
        CHECK(r.bidi_level == 2);
    }
    CHECK(saw_number);
}

TEST_CASE("characters no face covers are reported") {
    const FontSet& fonts = test::fonts();
    // U+10900 PHOENICIAN LETTER ALF: not in any Noto face of the set.
    ItemizedText items =
        itemize("A \xF0\x90\xA4\x80 B", fonts, "en", Direction::Ltr, Weight::Regular);
    REQUIRE(items.missing.size() == 1);
    CHECK(items.missing[0] == 0x10900);
}

TEST_CASE("a missing font file names the package to install") {
    auto path = std::filesystem::temp_directory_path() / "kiosk-missing-font.toml";
    {
        FILE* f = std::fopen(path.c_str(), "w");
        std::fputs("dirs = [\"/nonexistent\"]\n[face.latin]\nfile = \"NoSuchFont.ttf\"\npackage = "
                   "\"fonts-noto-core\"\n"
                   "[chain]\ndefault = [\"latin\"]\n",
                   f);
        std::fclose(f);
    }
    auto loaded = FontSet::load(path);
    REQUIRE_FALSE(loaded.ok());
    CHECK(loaded.error().describe().find("apt-get install fonts-noto-core") != std::string::npos);
    CHECK(loaded.error().line == 2);
    std::filesystem::remove(path);
}
