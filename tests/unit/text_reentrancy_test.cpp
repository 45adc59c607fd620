// The text engine keeps no hidden state: layout goes through a LayoutContext owned by its
// caller, so threads that each own one lay out concurrently over one shared FontSet and
// get exactly what one thread gets.

#include "player/text/layout_context.h"
#include "player/text/line_breaker.h"
#include "player/text/paragraph_cache.h"
#include "player/text/text_layout.h"
#include "text_test_support.h"

#include <string>
#include <thread>
#include <vector>

using namespace kiosk;
using namespace kiosk::text;

namespace {

struct Sample {
    const char* locale;
    const char* text;
};

const Sample kSamples[] = {
    {"ja", "{転入届|てんにゅうとどけ}は、引っ越してから十四日以内に窓口へ出してください。"},
    {"ne", "वडा कार्यालय सोमबारदेखि शुक्रबारसम्म बिहान ९ बजेदेखि खुला छ।"},
    {"ar", "مكتب البلدية مفتوح من الساعة 9 صباحا Ward Office"},
    {"th", "สำนักงานเขตเปิดทำการวันจันทร์ถึงวันศุกร์"},
    {"en", "Moving in: bring your residence card and passport to counter 3."},
};

// Everything a renderer or the JSON output reads, as one comparable string.
std::string fingerprint(const Paragraph& p) {
    std::string out;
    for (const LaidLine& l : p.lines)
        out += std::to_string(l.start) + "-" + std::to_string(l.end) + "@" +
               std::to_string(l.baseline) + ";";
    for (const PlacedGlyph& g : p.placed)
        out += std::to_string(g.face) + ":" + std::to_string(g.id) + "@" + std::to_string(g.x) +
               "," + std::to_string(g.y) + " ";
    return out;
}

LayoutStyle style_for(const char* locale) {
    LayoutStyle style;
    style.locale = locale;
    style.px = 40;
    style.max_width = 300;
    return style;
}

} // namespace

TEST_CASE("threads with a LayoutContext each lay out what one thread lays out") {
    const FontSet& fonts = test::fonts();
    std::vector<std::string> expected;
    {
        LayoutContext context;
        for (const Sample& s : kSamples)
            expected.push_back(fingerprint(lay_out(context, fonts, s.text, style_for(s.locale))));
    }
    for (const std::string& e : expected)
        REQUIRE(!e.empty());

    constexpr int kThreads = 4, kRounds = 25;
    std::vector<int> mismatches(kThreads, 0);
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t) {
        threads.emplace_back([&, t] {
            LayoutContext context; // one per thread, as layout_context.h says
            for (int round = 0; round < kRounds; ++round)
                for (size_t i = 0; i < std::size(kSamples); ++i) {
                    // Start each thread at a different sample so that they overlap.
                    const Sample& s = kSamples[(i + size_t(t)) % std::size(kSamples)];
                    const size_t index = size_t(&s - kSamples);
                    if (fingerprint(lay_out(context, fonts, s.text, style_for(s.locale))) !=
                        expected[index])
                        ++mismatches[size_t(t)];
                }
        });
    }
    for (auto& th : threads)
        th.join();
    for (int t = 0; t < kThreads; ++t)
        CHECK(mismatches[size_t(t)] == 0);
}

TEST_CASE("a context keeps one breaker per locale, made on first use") {
    LayoutContext context;
    LineBreaker& ja = context.breaker("ja");
    CHECK(&context.breaker("ja") == &ja);
    CHECK(&context.breaker("en") != &ja);
    std::vector<BreakOpportunity> breaks;
    ja.opportunities("転入届を出す。", breaks);
    CHECK(breaks.size() > 1);
}

TEST_CASE("the one-off lay_out equals a layout through a long-lived context or a cache") {
    const FontSet& fonts = test::fonts();
    LayoutContext context;
    ParagraphCache cache(fonts, 8);
    for (const Sample& s : kSamples) {
        CAPTURE(s.locale);
        const std::string once = fingerprint(lay_out(fonts, s.text, style_for(s.locale)));
        CHECK(once == fingerprint(lay_out(context, fonts, s.text, style_for(s.locale))));
        CHECK(once == fingerprint(*cache.get(s.text, style_for(s.locale))));
    }
}

TEST_CASE("every placed glyph belongs to exactly one line's base or ruby range") {
    const FontSet& fonts = test::fonts();
    std::string text;
    for (int i = 0; i < 20; ++i)
        text += "{住民票|じゅうみんひょう}の{写|うつ}しを取る。\n";
    Paragraph p = lay_out(fonts, text, style_for("ja"));
    REQUIRE(p.lines.size() >= 20);
    std::vector<int> owners(p.placed.size(), 0);
    size_t ruby = 0;
    for (const LaidLine& l : p.lines) {
        for (uint32_t k = l.first_placed; k < l.first_placed + l.placed_count; ++k)
            ++owners[k];
        for (uint32_t k = l.first_ruby_placed; k < l.first_ruby_placed + l.ruby_placed_count; ++k)
            ++owners[k];
        ruby += l.ruby_placed_count;
    }
    CHECK(ruby > 0);
    for (size_t k = 0; k < owners.size(); ++k) {
        CAPTURE(k);
        CHECK(owners[k] == 1);
    }
}
