// Signage: one slide as the plaza screen plays it while nobody uses the kiosk. Three zones:
// the top bar (the bundle's name, the language this showing is in, the clock), the slide,
// and the message line inviting a touch. Nothing moves between slide changes (WCAG 2.2.2):
// no tickers, no transitions; the sizes are the signage's own, read from a few metres.

#include "kiosk/app/icons.h"
#include "kiosk/screens/screen.h"
#include "player/text/itemizer.h"

#include <algorithm>
#include <cstdio>

namespace kiosk::screens {

namespace {

constexpr ImU32 kGreen = IM_COL32(0x1B, 0x6E, 0x34, 0xFF);
constexpr ImU32 kAmber = IM_COL32(0xF2, 0xC2, 0x00, 0xFF);
constexpr ImU32 kRed = IM_COL32(0xB7, 0x1C, 0x1C, 0xFF);
constexpr ImU32 kBlue = IM_COL32(0x0D, 0x47, 0xA1, 0xFF);
constexpr ImU32 kGrey = IM_COL32(0x4A, 0x4A, 0x4A, 0xFF);
constexpr ImU32 kWhite = IM_COL32(0xFF, 0xFF, 0xFF, 0xFF);
constexpr ImU32 kBlack = IM_COL32(0x00, 0x00, 0x00, 0xFF);

// What a slide draws with: the context, the slide's language and the main zone.
struct SlideCanvas {
    ScreenContext& ctx;
    const SignageView& view;
    app::Rect area;
    float u = 1;
    bool rtl = false;

    app::Ui& ui() const { return ctx.ui; }
    std::string t(std::string_view key, std::initializer_list<app::MessageArg> args = {}) const {
        return ctx.strings.format(view.locale, key, args);
    }
    const std::string& pick(const content::LocalizedText& text) const {
        return ctx.bundle.pick(text, view.locale);
    }
};

// A text of the transit feed for the slide's language (transit::pick_text: its chain, then
// English, then a name made from an id); `written_in` gets the language it is in, for fonts
// and direction.
const std::string* pick_feed_text(const transit::Texts& texts, const SignageView& view,
                                  const content::Bundle& bundle, std::string* written_in) {
    const std::string* text = transit::pick_text(texts, bundle.fallback_chain(view.locale));
    if (text && written_in)
        for (const auto& [language, words] : texts)
            if (&words == text) *written_in = language == transit::kNameFromIdTag ? "en" : language;
    return text;
}

float draw_top_bar(ScreenContext& ctx, const SignageView& view, float u, bool rtl) {
    app::Ui& ui = ctx.ui;
    const ImVec2 size = ui.size();
    const float h = 112 * u, pad = 40 * u;
    ui.list()->AddRectFilled(ImVec2(0, 0), ImVec2(size.x, h), ui.theme().bar);
    // The clock on the end side, the name and the language on the start side.
    const std::string clock = ctx.clock.format(ctx.now_ms, view.locale, ctx.bundle.time_zone,
                                               /*time_only=*/size.x < 1.2f * size.y);
    auto clock_p = ui.label_layout(clock, 40 * u, size.x / 2);
    const float clock_w = clock_p->width;
    const float clock_x = rtl ? pad : size.x - pad - clock_w;
    ui.text(clock, {clock_x, (h - clock_p->height) / 2, clock_w + 1, 0}, 40 * u,
            ui.theme().bar_text, text::Weight::Bold, text::Align::Start, app::TextRole::Label);
    const std::string language = ctx.strings.format(view.locale, "language.name");
    auto lang_p = ui.label_layout(language, 32 * u, size.x / 4);
    const float chip_w = lang_p->width + 32 * u + 40 * u, chip_h = lang_p->height + 16 * u;
    const float chip_x = rtl ? size.x - pad - chip_w : pad;
    const float chip_y = (h - chip_h) / 2;
    ui.list()->AddRect(ImVec2(chip_x, chip_y), ImVec2(chip_x + chip_w, chip_y + chip_h),
                       ui.theme().bar_text, 8 * u, 0, 3 * u);
    app::draw_icon(ui.list(), "globe",
                   ImVec2(rtl ? chip_x + chip_w - 28 * u : chip_x + 28 * u, chip_y + chip_h / 2),
                   32 * u, ui.theme().bar_text);
    ui.text(language,
            {rtl ? chip_x + 16 * u : chip_x + 52 * u, chip_y + 8 * u, lang_p->width + 1, 0}, 32 * u,
            ui.theme().bar_text, text::Weight::Bold, text::Align::Start, app::TextRole::Label);
    const float title_w = size.x - 4 * pad - chip_w - clock_w;
    const std::string& title = ctx.bundle.pick(ctx.bundle.title, view.locale);
    if (title_w > 100 * u && !title.empty()) {
        auto title_p = ui.label_layout(title, 36 * u, title_w);
        if (title_p->lines.size() == 1) {
            const float title_x = rtl ? chip_x - pad - title_w : chip_x + chip_w + pad;
            ui.text(title, {title_x, (h - title_p->height) / 2, title_w, 0}, 36 * u,
                    ui.theme().bar_text, text::Weight::Bold, text::Align::Start,
                    app::TextRole::Label);
        }
    }
    return h;
}

float draw_message_line(ScreenContext& ctx, const SignageView& view, float u, bool rtl) {
    app::Ui& ui = ctx.ui;
    const ImVec2 size = ui.size();
    const float pad = 40 * u, icon = 64 * u;
    const std::string text = ctx.strings.format(view.locale, "signage.touch");
    auto p = ui.label_layout(text, 44 * u, size.x - 3 * pad - icon);
    const float h = std::max(icon, p->height) + 40 * u;
    const float top = size.y - h;
    ui.list()->AddRectFilled(ImVec2(0, top), ImVec2(size.x, size.y), ui.theme().accent);
    const float block_w = icon + pad / 2 + p->width;
    const float x0 = (size.x - block_w) / 2;
    const float icon_x = rtl ? x0 + block_w - icon / 2 : x0 + icon / 2;
    app::draw_icon(ui.list(), "touch", ImVec2(icon_x, top + h / 2), icon, ui.theme().accent_text);
    const float text_x = rtl ? x0 : x0 + icon + pad / 2;
    ui.text(text, {text_x, top + (h - p->height) / 2, p->width + 1, 0}, 44 * u,
            ui.theme().accent_text, text::Weight::Bold, text::Align::Start, app::TextRole::Label);
    return h;
}

void draw_message_slide(const SlideCanvas& c, const content::LocalizedText& title,
                        const content::LocalizedText& body) {
    app::Ui& ui = c.ui();
    const float pad = 64 * c.u;
    const float w = c.area.w - 2 * pad;
    float y = c.area.y + pad;
    if (const std::string& t = c.pick(title); !t.empty())
        y += ui.heading(t, {c.area.x + pad, y, w, 0}, 80 * c.u, ui.theme().text) + 32 * c.u;
    if (const std::string& b = c.pick(body); !b.empty())
        ui.text(b, {c.area.x + pad, y, w, c.area.y + c.area.h - pad - y}, 52 * c.u,
                ui.theme().text);
}

// A page as a poster: its title and the first blocks that fit whole. The rest is one touch
// away on the kiosk itself.
void draw_page_slide(const SlideCanvas& c, const content::Page& page) {
    app::Ui& ui = c.ui();
    const content::PageText* words = c.ctx.bundle.pick(page.by_locale, c.view.locale);
    if (!words) return;
    const float pad = 64 * c.u, w = c.area.w - 2 * pad, bottom = c.area.y + c.area.h - pad;
    float y = c.area.y + pad;
    const std::string& override_title = c.pick(c.view.slide->title);
    const std::string& title = override_title.empty() ? words->title : override_title;
    y += ui.heading(title, {c.area.x + pad, y, w, 0}, 72 * c.u, ui.theme().text) + 24 * c.u;
    for (const content::Block& block : words->blocks) {
        if (block.kind == content::BlockKind::Image || block.kind == content::BlockKind::TableRow)
            continue;
        const bool heading = block.kind == content::BlockKind::Heading;
        const float px = (heading ? 52 : 46) * c.u;
        const std::string text =
            block.kind == content::BlockKind::ListItem ? "\u2022 " + block.text : block.text;
        auto p = heading ? ui.label_layout(text, px, w) : ui.layout(text, px, w);
        if (y + p->height > bottom) break;
        y += ui.text(text, {c.area.x + pad, y, w, 0}, px, ui.theme().text,
                     heading ? text::Weight::Bold : text::Weight::Regular) +
             16 * c.u;
    }
}

void draw_image_slide(const SlideCanvas& c) {
    app::Ui& ui = c.ui();
    const float pad = 48 * c.u, w = c.area.w - 2 * pad;
    const std::string& caption = c.pick(c.view.slide->caption);
    float caption_h = 0;
    if (!caption.empty()) caption_h = ui.layout(caption, 48 * c.u, w)->height + 24 * c.u;
    const render::ImageTexture* image = c.ctx.image ? c.ctx.image(c.view.slide->image) : nullptr;
    const float max_h = c.area.h - 2 * pad - caption_h;
    float y = c.area.y + pad;
    if (image && image->texture && max_h > 0) {
        const float scale = std::min(w / float(image->width), max_h / float(image->height));
        const float iw = float(image->width) * scale, ih = float(image->height) * scale;
        const float ix = c.area.x + (c.area.w - iw) / 2, iy = y + (max_h - ih) / 2;
        ui.list()->AddImage(image->texture, ImVec2(ix, iy), ImVec2(ix + iw, iy + ih));
        ui.note_image(c.view.slide->image, {ix, iy, iw, ih});
    }
    y += std::max(max_h, 0.f) + 24 * c.u;
    if (!caption.empty())
        ui.text(caption, {c.area.x + pad, y, w, 0}, 48 * c.u, ui.theme().text,
                text::Weight::Regular, text::Align::Center);
}

void draw_clock_slide(const SlideCanvas& c) {
    app::Ui& ui = c.ui();
    const std::string time =
        c.ctx.clock.format(c.ctx.now_ms, c.view.locale, c.ctx.bundle.time_zone, true);
    const std::string full =
        c.ctx.clock.format(c.ctx.now_ms, c.view.locale, c.ctx.bundle.time_zone, false);
    const float w = c.area.w - 128 * c.u;
    auto time_p = ui.label_layout(time, 240 * c.u, w, text::Align::Center);
    auto full_p = ui.label_layout(full, 64 * c.u, w, text::Align::Center);
    float y = c.area.y + (c.area.h - time_p->height - 32 * c.u - full_p->height) / 2;
    y += ui.text(time, {c.area.x + 64 * c.u, y, w, 0}, 240 * c.u, ui.theme().text,
                 text::Weight::Bold, text::Align::Center, app::TextRole::Label) +
         32 * c.u;
    ui.text(full, {c.area.x + 64 * c.u, y, w, 0}, 64 * c.u, ui.theme().text, text::Weight::Bold,
            text::Align::Center, app::TextRole::Label);
    c.ctx.spoken_text = full;
}

// "Touch the screen to start", in this showing's language, and every language the kiosk
// speaks named in its own, so a passer-by sees theirs is among them.
void draw_touch_slide(const SlideCanvas& c) {
    app::Ui& ui = c.ui();
    const float pad = 64 * c.u, w = c.area.w - 2 * pad;
    const float icon = 200 * c.u;
    std::string names;
    for (const std::string& locale : c.ctx.bundle.locales)
        names += (names.empty() ? "" : "  \u00B7  ") +
                 ("\u2068" + c.ctx.strings.format(locale, "language.name") + "\u2069");
    const std::string invite = c.t("signage.touch");
    auto invite_p = ui.label_layout(invite, 96 * c.u, w, text::Align::Center);
    auto names_p = ui.layout(names, 40 * c.u, w, text::Weight::Regular, text::Align::Center);
    const float block = icon + 48 * c.u + invite_p->height + 48 * c.u + names_p->height;
    float y = c.area.y + std::max(pad, (c.area.h - block) / 2);
    app::draw_icon(ui.list(), "touch", ImVec2(c.area.x + c.area.w / 2, y + icon / 2), icon,
                   ui.theme().accent);
    y += icon + 48 * c.u;
    y += ui.text(invite, {c.area.x + pad, y, w, 0}, 96 * c.u, ui.theme().text, text::Weight::Bold,
                 text::Align::Center, app::TextRole::Heading) +
         48 * c.u;
    ui.text(names, {c.area.x + pad, y, w, 0}, 40 * c.u, ui.theme().muted_text,
            text::Weight::Regular, text::Align::Center);
}

struct Chip {
    ImU32 fill, ink;
    const char* key;
};

Chip chip_for(transit::LineState state, bool stale) {
    Chip chip{kGrey, kWhite, "signage.notice"};
    switch (state) {
    case transit::LineState::Normal:
        chip = {kGreen, kWhite, "signage.normal"};
        break;
    case transit::LineState::Delay:
        chip = {kAmber, kBlack, "signage.delay"};
        break;
    case transit::LineState::Suspended:
        chip = {kRed, kWhite, "signage.suspended"};
        break;
    case transit::LineState::Resumed:
        chip = {kBlue, kWhite, "signage.resumed"};
        break;
    case transit::LineState::Other:
        break;
    }
    // Old data is never dressed as current: no traffic-light colours.
    if (stale) chip.fill = kGrey, chip.ink = kWhite;
    return chip;
}

std::string clock_of(ScreenContext& ctx, const std::string& locale, int64_t unix) {
    return ctx.clock.format(double(unix) * 1000.0, locale, ctx.bundle.time_zone, true);
}

// The line, its operator and (when not normal) the operator's words, each in the language
// the feed has closest to the slide's.
struct TransitRow {
    const transit::LineStatus* line = nullptr;
    const std::string *name = nullptr, *op = nullptr, *info = nullptr;
    std::string name_locale, op_locale, info_locale;
    Chip chip;
    std::string label;
};

int severity_rank(transit::LineState state) {
    switch (state) {
    case transit::LineState::Suspended:
        return 0;
    case transit::LineState::Delay:
        return 1;
    case transit::LineState::Other:
        return 2;
    case transit::LineState::Resumed:
        return 3;
    case transit::LineState::Normal:
        return 4;
    }
    return 4;
}

TransitRow make_row(const SlideCanvas& c, const transit::LineStatus& line) {
    TransitRow row;
    row.line = &line;
    row.name_locale = row.op_locale = row.info_locale = c.view.locale;
    row.name = pick_feed_text(line.line_name, c.view, c.ctx.bundle, &row.name_locale);
    row.op = pick_feed_text(line.operator_name, c.view, c.ctx.bundle, &row.op_locale);
    if (line.state != transit::LineState::Normal)
        row.info = pick_feed_text(line.text, c.view, c.ctx.bundle, &row.info_locale);
    row.chip = chip_for(line.state, c.view.transit_stale);
    row.label = c.t(row.chip.key);
    return row;
}

const std::string& row_name(const TransitRow& row) {
    return row.name ? *row.name : row.line->railway_id;
}

// The row's height at `s` times the signage sizes, for a zone `w` wide.
float measure_row(const SlideCanvas& c, const TransitRow& row, float s, float chip_w, float w) {
    app::Ui& ui = c.ui();
    const float u = c.u * s, text_w = w - chip_w - 32 * c.u;
    const std::string visitor = ui.locale();
    ui.set_locale(row.name_locale);
    float text_h = ui.label_layout(row_name(row), 48 * u, text_w)->height;
    if (row.op) text_h += 36 * u;
    if (row.info) {
        ui.set_locale(row.info_locale);
        text_h += ui.layout(*row.info, 34 * u, text_w)->height + 8 * u;
    }
    ui.set_locale(visitor);
    const float chip_h = ui.label_layout(row.label, 38 * u, chip_w - 24 * c.u)->height + 32 * u;
    return std::max(chip_h, text_h) + 24 * u;
}

void draw_row(const SlideCanvas& c, const TransitRow& row, float s, float chip_w, app::Rect r) {
    app::Ui& ui = c.ui();
    const float u = c.u * s, gap = 32 * c.u, text_w = r.w - chip_w - gap;
    const float right = r.x + r.w;
    ui.list()->AddLine(ImVec2(r.x, r.y), ImVec2(right, r.y), ui.theme().muted_text, 2 * c.u);
    const float chip_x = c.rtl ? right - chip_w : r.x;
    const float text_x = c.rtl ? r.x : r.x + chip_w + gap;
    auto label_p = ui.label_layout(row.label, 38 * u, chip_w - 24 * c.u, text::Align::Center);
    const float chip_h = label_p->height + 32 * u;
    ui.list()->AddRectFilled(ImVec2(chip_x, r.y + 12 * u),
                             ImVec2(chip_x + chip_w, r.y + 12 * u + chip_h), row.chip.fill,
                             10 * c.u);
    ui.text(row.label, {chip_x + 12 * c.u, r.y + 28 * u, chip_w - 24 * c.u, 0}, 38 * u,
            row.chip.ink, text::Weight::Bold, text::Align::Center, app::TextRole::Label);
    const std::string visitor = ui.locale();
    float ty = r.y + 12 * u;
    ui.set_locale(row.name_locale);
    ty += ui.heading(row_name(row), {text_x, ty, text_w, 0}, 48 * u, ui.theme().text);
    if (row.op) {
        ui.set_locale(row.op_locale);
        ty += ui.text(*row.op, {text_x, ty, text_w, 0}, 28 * u, ui.theme().muted_text);
    }
    if (row.info) {
        ui.set_locale(row.info_locale);
        ui.text(*row.info, {text_x, ty + 8 * u, text_w, 0}, 34 * u, ui.theme().text);
    }
    ui.set_locale(visitor);
}

void draw_transit_slide(const SlideCanvas& c) {
    app::Ui& ui = c.ui();
    const float pad = 48 * c.u, w = c.area.w - 2 * pad;
    const float x = c.area.x + pad, right = x + w, bottom = c.area.y + c.area.h - pad / 2;
    float y = c.area.y + pad / 2;
    const transit::TransitBoard* board = c.view.transit;
    // The heading, and when the data is from: "As of 08:05", or a warning when it is old.
    const std::string heading = c.t("signage.transit");
    y += ui.heading(heading, {x, y, w, 0}, 64 * c.u, ui.theme().text) + 8 * c.u;
    if (!board || board->lines.empty()) {
        ui.text(c.t("signage.no_data"), {x, y + 48 * c.u, w, 0}, 52 * c.u, ui.theme().text);
        return;
    }
    const std::string when = clock_of(c.ctx, c.view.locale, board->data_unix);
    if (c.view.transit_stale) {
        const std::string stale = c.t("signage.stale", {{"time", when}});
        auto p = ui.label_layout(stale, 40 * c.u, w - 32 * c.u);
        ui.list()->AddRectFilled(ImVec2(x, y), ImVec2(right, y + p->height + 24 * c.u), kAmber,
                                 8 * c.u);
        ui.text(stale, {x + 16 * c.u, y + 12 * c.u, w - 32 * c.u, 0}, 40 * c.u, kBlack,
                text::Weight::Bold, text::Align::Start, app::TextRole::Label);
        y += p->height + 40 * c.u;
    } else {
        y += ui.text(c.t("signage.as_of", {{"time", when}}), {x, y, w, 0}, 36 * c.u,
                     ui.theme().muted_text) +
             16 * c.u;
    }
    // One row a line: the state as a coloured chip with its word, the line and operator,
    // and the operator's own words when trains do not run normally. Lines with trouble come
    // first; the rows shrink (to 70 %) to fit, and only lines running normally are ever
    // left out, counted in a last line (the slide never scrolls).
    std::vector<TransitRow> rows;
    for (const transit::LineStatus& line : board->lines)
        rows.push_back(make_row(c, line));
    std::stable_sort(rows.begin(), rows.end(), [](const TransitRow& a, const TransitRow& b) {
        return severity_rank(a.line->state) < severity_rank(b.line->state);
    });
    const float chip_w = std::min(360 * c.u, w * 0.3f);
    float scale = 1.0f;
    auto total = [&](float s) {
        float sum = 0;
        for (const TransitRow& row : rows)
            sum += measure_row(c, row, s, chip_w, w);
        return sum;
    };
    for (float s : {1.0f, 0.85f, 0.7f}) {
        scale = s;
        if (total(s) <= bottom - y) break;
    }
    const float note_px = 34 * c.u;
    size_t shown = rows.size();
    float used = total(scale);
    while (used > bottom - y && shown > 0 &&
           rows[shown - 1].line->state == transit::LineState::Normal) {
        --shown;
        used = 0;
        for (size_t i = 0; i < shown; ++i)
            used += measure_row(c, rows[i], scale, chip_w, w);
        used += note_px * 1.6f;
    }
    for (size_t i = 0; i < shown; ++i) {
        const float h = measure_row(c, rows[i], scale, chip_w, w);
        if (y + h > bottom) break; // only when trouble alone overflows: the most severe first
        draw_row(c, rows[i], scale, chip_w, {x, y, w, h});
        y += h;
    }
    if (shown < rows.size())
        ui.text(c.t("signage.more_normal", {{"count", int64_t(rows.size() - shown)}}),
                {x, y + 8 * c.u, w, 0}, note_px, ui.theme().muted_text);
}

} // namespace

void draw_signage(ScreenContext& ctx, const SignageView& view) {
    app::Ui& ui = ctx.ui;
    const float u = ui.unit();
    const ImVec2 size = ui.size();
    const std::string visitor = ui.locale();
    ui.set_locale(view.locale);
    const bool rtl = text::locale_direction(view.locale) == text::Direction::Rtl;
    ui.list()->AddRectFilled(ImVec2(0, 0), size, ui.theme().background);
    float top = draw_top_bar(ctx, view, u, rtl);
    // A lesser alert in force stays in sight over signage too, under the bar.
    ui.set_locale(visitor);
    top += draw_alert_banner(ctx, top);
    ui.set_locale(view.locale);
    const float line = draw_message_line(ctx, view, u, rtl);
    const app::Rect area{0, top, size.x, size.y - top - line};
    ui.set_content_area(area);
    ui.push_clip(area);
    SlideCanvas canvas{ctx, view, area, u, rtl};
    switch (view.slide->kind) {
    case content::SlideKind::Message:
        draw_message_slide(canvas, view.slide->title, view.slide->body);
        break;
    case content::SlideKind::Page:
        if (const content::Page* page = ctx.bundle.page(view.slide->page))
            draw_page_slide(canvas, *page);
        break;
    case content::SlideKind::Image:
        draw_image_slide(canvas);
        break;
    case content::SlideKind::Clock:
        draw_clock_slide(canvas);
        break;
    case content::SlideKind::TouchToStart:
        draw_touch_slide(canvas);
        break;
    case content::SlideKind::Transit:
        draw_transit_slide(canvas);
        break;
    case content::SlideKind::Video:
        draw_video_slide(ctx, *view.slide, canvas.area);
        break;
    }
    ui.pop_clip();
    ui.set_locale(visitor);
}

} // namespace kiosk::screens
