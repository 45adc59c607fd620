// Large text that still works: what the screen audit does not cover by itself. One-line
// top bar, one-row bottom bar, whole words in labels, On/Off in words, one digit set, a
// mirrored Back arrow, and a checklist QR code that carries what the screen shows.

#include "kiosk/app/qr_code.h"
#include "kiosk/app/screen_audit.h"
#include "kiosk/screens/screen.h"
#include "player/content/markdown_page.h"
#include "player/text/paragraph_cache.h"
#include "player/text/ruby_markup.h"
#include "screen_test_support.h"

#include <doctest/doctest.h>

#include <memory>

using namespace kiosk;

namespace {

using Screens = test::ScreenFixture;

bool has_arabic_indic_digit(const std::string& s) {
    // U+0660..U+0669 and U+06F0..U+06F9 in UTF-8.
    for (size_t i = 0; i + 1 < s.size(); ++i) {
        const auto a = uint8_t(s[i]), b = uint8_t(s[i + 1]);
        if ((a == 0xD9 && b >= 0xA0 && b <= 0xA9) || (a == 0xDB && b >= 0xB0 && b <= 0xB9))
            return true;
    }
    return false;
}

} // namespace

TEST_CASE("the top bar is one line and the bottom bar one row, on every screen, in every "
          "locale, at every text size and orientation") {
    Screens s;
    const auto screens = screens::list_screen_ids(s.app->bundle());
    for (auto [w, h] : {std::pair{1920, 1080}, std::pair{1080, 1920}, std::pair{1280, 720}}) {
        s.open_surface(w, h);
        for (const auto& locale : s.app->bundle().locales)
            for (int size = 1; size <= 4; ++size)
                for (const auto& screen :
                     {std::string("home"), std::string("page/moving-in"),
                      std::string("procedure/moving-in/origin"), std::string("menu")}) {
                    CAPTURE(w);
                    CAPTURE(locale);
                    CAPTURE(size);
                    CAPTURE(screen);
                    s.show(screen, locale, size);
                    const app::Rect content = s.app->last_content_area();
                    int bar_buttons = 0;
                    float row_y = -1;
                    for (const auto& t : s.app->last_targets()) {
                        if (t.id != "back" && t.id != "home" && t.id != "lang" && t.id != "menu" &&
                            t.id != "text-size")
                            continue; // not the bottom bar
                        CHECK(t.rect.y >= content.y + content.h);
                        ++bar_buttons;
                        if (row_y < 0) row_y = t.rect.y;
                        CHECK(t.rect.y == doctest::Approx(row_y)); // one row
                    }
                    CHECK(bar_buttons >= 3);
                    // The top bar: every text drawn above the content is one line.
                    for (const auto& b : s.app->last_text_boxes())
                        if (b.rect.y + b.rect.h <= content.y + 1 && b.paragraph)
                            CHECK(b.paragraph->lines.size() == 1);
                }
    }
    CHECK(screens.size() > 10);
}

TEST_CASE("Japanese labels break between phrases, Korean ones between words") {
    auto app = app::open_app(test::kDemoBundle);
    REQUIRE(app.ok());
    text::ParagraphCache cache((*app)->fonts());
    text::LayoutStyle style;
    style.locale = "ja";
    style.px = 40;
    style.weight = text::Weight::Bold;
    style.phrase_breaks = true;
    const std::string wait = "職員を呼びました。ここでお待ちください。";
    for (float width = 200; width <= 900; width += 20) {
        CAPTURE(width);
        style.max_width = width;
        auto p = cache.get(wait, style);
        if (p->split_words) continue; // narrower than a phrase: a label gets a shorter form
        for (size_t i = 0; i + 1 < p->lines.size(); ++i) {
            const std::string_view head(p->text.data(), p->lines[i + 1].start);
            // Never "お待ちく" / "ださい。": a line may end after "お待ち" or "ください。" only.
            CAPTURE(head);
            const bool whole = head.find("お待ちく") == std::string_view::npos ||
                               head.find("お待ちください") != std::string_view::npos;
            CHECK(whole);
        }
    }
    style.locale = "ko";
    const std::string page = "이전 페이지로 돌아가기";
    for (float width = 120; width <= 500; width += 20) {
        CAPTURE(width);
        style.max_width = width;
        auto p = cache.get(page, style);
        for (size_t i = 0; i + 1 < p->lines.size(); ++i) {
            const uint32_t at = p->lines[i + 1].start;
            const bool at_space = p->split_words || p->text[at - 1] == ' ';
            CHECK(at_space);
        }
    }
}

TEST_CASE("toggles say On or Off in words; numbers use one digit set; Back points the reading "
          "way") {
    Screens s;
    s.open_surface(1920, 1080);
    const auto& strings = s.app->strings();
    for (const auto& locale : s.app->bundle().locales) {
        CAPTURE(locale);
        s.show("access", locale, 1);
        const app::HitTarget* contrast = s.target("option/contrast");
        REQUIRE(contrast);
        CHECK(contrast->label.find(strings.format(locale, "state.off")) != std::string::npos);
        s.app->session().theme = "high-contrast";
        s.app->frame(*s.surface, *s.text, s.no_input, s.now(), false);
        contrast = s.target("option/contrast");
        REQUIRE(contrast);
        CHECK(contrast->label.find(strings.format(locale, "state.on")) != std::string::npos);
    }
    // Arabic: the date, the question count and the counters all in Western digits, like the
    // numbers on the building's signs.
    s.show("procedure/moving-in/origin", "ar", 1);
    for (const auto& b : s.app->last_text_boxes())
        if (b.paragraph)
            CHECK_MESSAGE(!has_arabic_indic_digit(b.paragraph->text), b.paragraph->text);
    // Back: the arrow head is on the left in English, on the right in Arabic.
    s.open_surface(1920, 1080);
    auto arrow_side = [&](const std::string& locale) {
        s.show("page/moving-in", locale, 1);
        s.app->frame(*s.surface, *s.text, s.no_input, s.now(), true);
        const app::HitTarget* back = s.target("back");
        REQUIRE(back);
        raster::Image image = s.surface->read_pixels();
        // The icon sits at the start side; its left and right thirds differ in ink.
        const float icon = std::min(back->rect.h * 0.55f, 64.f);
        const bool rtl = locale == "ar";
        const float cx =
            rtl ? back->rect.x + back->rect.w - 16 - icon / 2 : back->rect.x + 16 + icon / 2;
        const int cy = int(back->rect.y + back->rect.h / 2);
        // The arrow head is tall, the shaft thin: compare one column of ink on each side.
        int left = 0, right = 0;
        const int dx = int(icon * 0.22f);
        for (int y = cy - int(icon / 2); y < cy + int(icon / 2); ++y) {
            left += image.pixel(int(cx) - dx, y)[0] < 128;
            right += image.pixel(int(cx) + dx, y)[0] < 128;
        }
        return left > right ? -1 : 1; // the arrow head is the heavier side
    };
    CHECK(arrow_side("en") != arrow_side("ar"));
    // Opening hours read "08:30-17:15" from left to right inside Arabic as well.
    s.show("home", "ar", 1);
    bool found = false;
    for (const auto& b : s.app->last_text_boxes()) {
        if (!b.paragraph) continue;
        const text::Paragraph& p = *b.paragraph;
        const size_t open = p.text.find("08:30"), close = p.text.find("17:15");
        if (open == std::string::npos || close == std::string::npos) continue;
        found = true;
        float open_x = -1, close_x = -1;
        for (const auto& g : p.glyphs) {
            if (g.cluster == open) open_x = g.x;
            if (g.cluster == close) close_x = g.x;
        }
        CHECK(open_x >= 0);
        CHECK(open_x < close_x);
    }
    CHECK(found);
    // "Go on" marks after list labels point the reading way too: the glyph drawn in Arabic
    // is the left-pointing one (HarfBuzz mirrors U+203A in a right-to-left run).
    auto mark_glyph = [&](const std::string& locale, const std::string& screen,
                          const std::string& owner) {
        s.show(screen, locale, 1);
        for (const auto& b : s.app->last_text_boxes()) {
            if (b.owner != owner || !b.paragraph) continue;
            const size_t mark = b.paragraph->text.rfind("›");
            for (const auto& g : b.paragraph->glyphs)
                if (g.cluster == mark) return g.id;
        }
        return uint32_t(0);
    };
    text::LayoutStyle bold;
    bold.locale = "en";
    bold.px = 34;
    bold.weight = text::Weight::Bold;
    auto glyph_of = [&](const char* mark) {
        const auto p = text::lay_out(s.app->fonts(), std::string("a ") + mark, bold);
        return p.glyphs.back().id;
    };
    const uint32_t right = glyph_of("›"), left = glyph_of("‹");
    REQUIRE(right != left);
    CHECK(mark_glyph("en", "category/procedures", "procedure/moving-in") == right);
    CHECK(mark_glyph("ar", "category/procedures", "procedure/moving-in") == left);
}

TEST_CASE("the checklist QR code carries what the screen shows, in every locale and outcome") {
    auto opened = app::open_app(test::kDemoBundle);
    REQUIRE(opened.ok());
    const auto& app = **opened;
    const content::Bundle& bundle = app.bundle();
    int checked = 0;
    for (const auto& procedure : bundle.procedures)
        for (const auto& outcome : screens::all_outcomes(procedure))
            for (const auto& locale : bundle.locales) {
                CAPTURE(procedure.id);
                CAPTURE(locale);
                const screens::ChecklistWords words{bundle, app.strings(), locale};
                const auto codes = screens::checklist_codes(words, procedure, outcome);
                std::string qr;
                size_t k = 0;
                for (const auto& code : codes) {
                    ++k;
                    // Each part quick to scan: at most version 30 (137 + 8 modules).
                    const int version = app::qr_version(code);
                    CHECK(version > 0);
                    CHECK(version <= 30);
                    qr += code;
                    // Parts say which they are.
                    if (codes.size() > 1)
                        CHECK(code.find("(" + std::to_string(k) + "/" +
                                        std::to_string(codes.size()) + ")") != std::string::npos);
                }
                // No ruby markup: a phone shows the base text.
                CHECK(qr.find('{') == std::string::npos);
                CHECK(qr.find('|') == std::string::npos);
                if (!procedure.url.empty()) CHECK(qr.find(procedure.url) != std::string::npos);
                for (const content::ChecklistItem* item :
                     screens::checklist_items(procedure, outcome)) {
                    const content::ItemText* it = bundle.item_text(procedure, item->id, locale);
                    if (!it) continue;
                    if (!it->bring.empty())
                        CHECK(qr.find(words.t("checklist.bring")) != std::string::npos);
                    if (!it->deadline.empty())
                        CHECK(qr.find(words.t("checklist.deadline")) != std::string::npos);
                    if (!it->fee.empty())
                        CHECK(qr.find(words.t("checklist.fee")) != std::string::npos);
                }
                ++checked;
            }
    CHECK(checked > 100);
}

TEST_CASE("**strong** text is drawn with the bold faces, without the gaps authors put around "
          "it in Japanese") {
    content::LoadReport report;
    auto page = content::parse_markdown("住み始めてから **14日以内** に出してください。\n\n"
                                        "Come **within 14 days** please.\n",
                                        1, "page.md", report);
    REQUIRE(page.blocks.size() == 2);
    const std::string ja = page.blocks[0].text;
    const std::string en = page.blocks[1].text;
    CHECK(ja == std::string("住み始めてから") + text::kStrongOpen + "14日以内" +
                    text::kStrongClose + "に出してください。");
    CHECK(en == std::string("Come ") + text::kStrongOpen + "within 14 days" + text::kStrongClose +
                    " please.");

    auto app = app::open_app(test::kDemoBundle);
    REQUIRE(app.ok());
    text::FontSet& fonts = (*app)->fonts();
    for (const auto& [markup, locale] : {std::pair{ja, "ja"}, std::pair{en, "en"}}) {
        CAPTURE(locale);
        text::LayoutStyle style;
        style.locale = locale;
        style.px = 32;
        auto p = text::lay_out(fonts, markup, style);
        REQUIRE(p.strong.size() == 1);
        CHECK(p.text.find(text::kStrongOpen) == std::string::npos);
        CHECK(p.text.find(text::kStrongClose) == std::string::npos);
        const auto [from, to] = p.strong[0];
        int bold_runs = 0;
        for (const auto& r : p.runs) {
            const bool inside = r.run.start >= from && r.run.end <= to;
            const bool outside = r.run.end <= from || r.run.start >= to;
            REQUIRE((inside || outside)); // runs split at the edges of the bold span
            CHECK((fonts.face_weight(r.run.face) == text::Weight::Bold) == inside);
            bold_runs += inside;
        }
        CHECK(bold_runs >= 1);
    }
}

TEST_CASE("a checklist handed over in several codes shows each in turn") {
    Screens s;
    s.open_surface(1920, 1080);
    const std::string screen = "checklist/moving-in/origin=abroad,children=yes,my-number=no";
    s.show(screen, "my", 4);
    const app::HitTarget* next = s.target("qr-next");
    REQUIRE(next);
    // The button names which code shows, and pressing it shows the next, then wraps.
    CHECK(next->label.find("1/") != std::string::npos);
    std::vector<std::string> seen;
    for (int press = 0; press < 8; ++press) {
        seen.push_back(s.target("qr-next")->label);
        app::PointerInput tap;
        const app::Rect r = s.target("qr-next")->visible;
        tap.pos = tap.press_pos = ImVec2(r.x + r.w / 2, r.y + r.h / 2);
        tap.released = true;
        s.app->frame(*s.surface, *s.text, tap, s.now(), false);
        s.app->frame(*s.surface, *s.text, s.no_input, s.now(), false);
        if (s.app->session().qr_part == 0) break;
    }
    CHECK(seen.size() >= 2);
    CHECK(seen[0] != seen[1]);
    CHECK(s.app->session().qr_part == 0); // back to the first code after the last
}

TEST_CASE("the audit finds text over text, text over another target and target over target, "
          "only where they show") {
    auto box = [](float x, float y, float w, float h, std::string owner = {}) {
        app::TextBox b;
        b.rect = b.ink = {x, y, w, h};
        b.clip = {0, 0, 1000, 500};
        b.owner = std::move(owner);
        return b;
    };
    auto target = [](std::string id, float x, float y, float w, float h) {
        app::HitTarget t;
        t.id = std::move(id);
        t.rect = t.visible = {x, y, w, h};
        return t;
    };
    // Apart: nothing.
    CHECK(app::find_overlaps({box(0, 0, 100, 40), box(0, 50, 100, 40)}, {}).empty());
    // Text over text, found whatever their order.
    CHECK(app::find_overlaps({box(0, 60, 100, 40), box(0, 0, 100, 80)}, {}).size() == 1);
    // A label over its own button is fine; over another button it is not.
    CHECK(app::find_overlaps({box(10, 10, 50, 20, "ok")}, {target("ok", 0, 0, 100, 40)}).empty());
    CHECK(app::find_overlaps({box(10, 10, 50, 20, "ok")}, {target("no", 0, 0, 100, 40)}).size() ==
          1);
    // Two targets over each other.
    CHECK(
        app::find_overlaps({}, {target("a", 0, 0, 100, 40), target("b", 50, 20, 100, 40)}).size() ==
        1);
    // Scrolled out of its view, text overlaps nothing.
    app::TextBox hidden = box(0, 600, 100, 40);
    CHECK(app::find_overlaps({hidden, box(0, 610, 100, 40)}, {}).empty());
    // A long page: thousands of boxes, each line below the last, none overlapping.
    std::vector<app::TextBox> page;
    for (int i = 0; i < 5000; ++i)
        page.push_back(box(0, float(i) * 50, 100, 40));
    CHECK(app::find_overlaps(page, {}).empty());
}
