// Shaping must equal HarfBuzz's own reference tool: same font, text and features give the
// same glyph ids, clusters and advances as `hb-shape` (Debian's libharfbuzz-bin).

#include "player/text/itemizer.h"
#include "player/text/shaper.h"
#include "text_test_support.h"

#include <cstdio>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

using namespace kiosk;
using namespace kiosk::text;

namespace {

struct HbGlyph {
    uint32_t id, cluster;
    int32_t advance;
};

std::string shell_quote(const std::string& s) {
    std::string out = "'";
    for (char c : s)
        out += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return out + "'";
}

std::vector<HbGlyph> hb_shape_reference(const FontSet& fonts, FaceId face, const std::string& text,
                                        const std::string& language) {
    std::string cmd = "hb-shape --no-glyph-names --utf8-clusters --face-index=" +
                      std::to_string(fonts.face_index(face)) + " --language=" + language + " " +
                      shell_quote(fonts.face_path(face).string()) + " " + shell_quote(text);
    std::unique_ptr<FILE, int (*)(FILE*)> pipe(popen(cmd.c_str(), "r"), pclose);
    REQUIRE(pipe);
    std::string out;
    char buf[4096];
    while (size_t n = fread(buf, 1, sizeof buf, pipe.get()))
        out.append(buf, n);
    // [gid=cluster@dx,dy+advance|...]
    std::vector<HbGlyph> glyphs;
    REQUIRE_MESSAGE(out.size() > 2, "hb-shape printed nothing: is libharfbuzz-bin installed?");
    std::string body = out.substr(out.find('[') + 1, out.rfind(']') - out.find('[') - 1);
    std::stringstream ss(body);
    std::string item;
    while (std::getline(ss, item, '|')) {
        HbGlyph g{};
        unsigned id = 0, cluster = 0;
        int adv = 0;
        auto plus = item.rfind('+');
        std::sscanf(item.c_str(), "%u=%u", &id, &cluster);
        std::sscanf(item.c_str() + plus + 1, "%d", &adv);
        g.id = id, g.cluster = cluster, g.advance = adv;
        glyphs.push_back(g);
    }
    return glyphs;
}

struct Sample {
    const char* locale;
    const char* text;
};

// One sentence in each of the kiosk's 15 languages.
const Sample kSamples[] = {
    {"ja", "転入届は引っ越してから14日以内に出してください。"},
    {"ja-x-easy", "ひっこしたら、14にちのうちに、やくしょへ きてください。"},
    {"en", "Submit your moving-in notice within 14 days."},
    {"zh-Hans", "请在搬家后14天内办理迁入登记。"},
    {"zh-Hant", "請在搬家後14天內辦理遷入登記。"},
    {"ko", "이사 후 14일 이내에 전입 신고를 해 주십시오."},
    {"vi", "Vui lòng nộp thông báo chuyển đến trong vòng 14 ngày."},
    {"pt", "Entregue a notificação de mudança em até 14 dias."},
    {"es", "Presente el aviso de mudanza dentro de 14 días."},
    {"tl", "Mangyaring magsumite ng abiso sa paglipat sa loob ng 14 na araw."},
    {"id", "Silakan serahkan pemberitahuan pindah dalam 14 hari."},
    {"ne", "कृपया सरेको १४ दिनभित्र सूचना दिनुहोस्।"},
    {"th", "กรุณาแจ้งย้ายเข้าภายใน ๑๔ วัน"},
    {"my", "ပြောင်းရွှေ့လာပြီး ရက် ၁၄ ရက်အတွင်း အကြောင်းကြားပါ။"},
    {"ar", "يرجى تقديم إشعار الانتقال خلال أربعة عشر يوما"},
};

} // namespace

TEST_CASE("shaping equals hb-shape for a sentence in each of the 15 languages") {
    const FontSet& fonts = test::fonts();
    for (const Sample& s : kSamples) {
        CAPTURE(s.locale);
        std::string text = s.text;
        ItemizedText items =
            itemize(text, fonts, s.locale, locale_direction(s.locale), Weight::Regular);
        CHECK(items.missing.empty());
        REQUIRE(!items.runs.empty());
        // Compare the longest run (a sentence may hold digits in another face).
        const TextRun* longest = &items.runs[0];
        for (const auto& r : items.runs)
            if (r.end - r.start > longest->end - longest->start) longest = &r;
        std::string piece = text.substr(longest->start, longest->end - longest->start);
        std::vector<ShapedGlyph> ours;
        LayoutContext context;
        const float upem = float(fonts.units_per_em(longest->face));
        shape(context, fonts, piece, 0, uint32_t(piece.size()), longest->face, longest->script,
              longest->direction(), s.locale, upem, ours);
        std::string language(
            std::string_view(s.locale).substr(0, std::string_view(s.locale).find("-x-")));
        auto reference = hb_shape_reference(fonts, longest->face, piece, language);
        REQUIRE(ours.size() == reference.size());
        for (size_t i = 0; i < ours.size(); ++i) {
            CAPTURE(i);
            CHECK(ours[i].id == reference[i].id);
            CHECK(ours[i].cluster == reference[i].cluster);
            CHECK(ours[i].x_advance_units == reference[i].advance);
        }
    }
}

TEST_CASE("advances scale linearly with the pixel size") {
    const FontSet& fonts = test::fonts();
    std::string text = "Kiosk";
    auto chain = fonts.chain("en", Weight::Regular);
    std::vector<ShapedGlyph> at_upem, at_48;
    LayoutContext context;
    float upem = float(fonts.units_per_em(chain[0]));
    shape(context, fonts, text, 0, 5, chain[0], 25 /*USCRIPT_LATIN*/, Direction::Ltr, "en", upem,
          at_upem);
    shape(context, fonts, text, 0, 5, chain[0], 25, Direction::Ltr, "en", 48, at_48);
    REQUIRE(at_upem.size() == at_48.size());
    for (size_t i = 0; i < at_48.size(); ++i)
        CHECK(at_48[i].x_advance == doctest::Approx(at_upem[i].x_advance * 48 / upem));
}
