// Emergency alerts on screen: the full-screen takeover and the banner. Fixed high-contrast
// colours whatever the theme (white on black, white on red, black on amber or yellow, all
// above 7:1), the visitor's text size, and the texts in the language the alert carries
// for the visitor (the labels always in the visitor's language).

#include "kiosk/app/icons.h"
#include "kiosk/screens/clock_text.h"
#include "kiosk/screens/screen.h"

#include <algorithm>

namespace kiosk::screens {

namespace {

constexpr ImU32 kBlack = IM_COL32(0, 0, 0, 255);
constexpr ImU32 kWhite = IM_COL32(255, 255, 255, 255);
constexpr ImU32 kRed = IM_COL32(170, 0, 0, 255);      // white on it: 7.9:1
constexpr ImU32 kAmber = IM_COL32(255, 191, 0, 255);  // black on it: 12:1
constexpr ImU32 kYellow = IM_COL32(255, 221, 0, 255); // black on it: 15:1

// "Issued 10:05 · Until 18:00" in the visitor's language and the bundle's time zone.
std::string times_line(ScreenContext& ctx, const AlertView& alert) {
    std::string line;
    auto add = [&](const char* key, int64_t unix_seconds) {
        if (unix_seconds <= 0) return;
        if (!line.empty()) line += "  ·  ";
        line += ctx.t(key) + " " +
                ctx.clock.format(double(unix_seconds) * 1000.0, ctx.session.locale,
                                 ctx.bundle.time_zone);
    };
    add("alert.sent", alert.sent_unix);
    add("alert.expires", alert.expires_unix);
    return line;
}

// Lays out `text` in the alert's own language (fonts, direction), then the visitor's again.
float alert_text(ScreenContext& ctx, const AlertView& alert, const std::string& text, app::Rect box,
                 float px, ImU32 color, text::Weight weight) {
    if (text.empty()) return 0;
    app::Ui& ui = ctx.ui;
    const std::string visitor = ui.locale();
    if (!alert.text_locale.empty()) ui.set_locale(alert.text_locale);
    const float h = ui.text(text, box, px, color, weight);
    ui.set_locale(visitor);
    return h;
}

} // namespace

void draw_alert(ScreenContext& ctx, const AlertView& alert) {
    app::Ui& ui = ctx.ui;
    const float u = ui.unit();
    const ImVec2 size = ui.size();
    const float pad = 32 * u;
    ui.list()->AddRectFilled(ImVec2(0, 0), size, kBlack);

    // The band: what this is, in the visitor's language. It stays put while the message
    // scrolls, so it holds only a short title (the event's name, which can run to five
    // lines in Burmese at the largest text size, opens the message instead). A drill says
    // so in its place, in black on yellow: it is not an emergency.
    const std::string title = alert.drill ? ctx.t("alert.drill") : ctx.t("alert.title");
    const ImU32 band_fill = alert.drill ? kYellow : kRed, band_ink = alert.drill ? kBlack : kWhite;
    const float title_px = alert.drill ? ui.px(36) : ui.px(44);
    const float icon = 64 * u * std::min(ui.text_scale(), 1.5f);
    auto title_p = ui.label_layout(title, title_px, size.x - 3 * pad - icon);
    const float band_h = std::max(icon, title_p->height) + pad;
    ui.list()->AddRectFilled(ImVec2(0, 0), ImVec2(size.x, band_h), band_fill);
    const bool rtl = is_rtl(ctx);
    const float icon_x = rtl ? size.x - pad - icon / 2 : pad + icon / 2;
    app::draw_icon(ui.list(), "shield", ImVec2(icon_x, band_h / 2), icon, band_ink);
    const float title_x = rtl ? pad : 2 * pad + icon;
    ui.text(title, {title_x, (band_h - title_p->height) / 2, size.x - 3 * pad - icon, 0}, title_px,
            band_ink, text::Weight::Bold, text::Align::Start, app::TextRole::Heading);
    const float top = band_h;

    // The bottom row: the other languages the alert carries (a tourist facing a Japanese
    // alert switches to English in one tap), and Hide after 10 s, so a visitor can go on
    // using the kiosk. Each language is named in its own words.
    std::vector<std::string> others;
    for (const std::string& locale : alert.locales)
        if (locale != ctx.session.locale && others.size() < 3) others.push_back(locale);
    struct RowButton {
        std::string id, label, icon, locale;
    };
    std::vector<RowButton> row;
    for (const std::string& locale : others)
        row.push_back(
            {"alert/lang/" + locale, ctx.strings.format(locale, "language.name"), "globe", locale});
    if (alert.can_collapse) row.push_back({"alert/hide", ctx.t("alert.hide"), "back", {}});
    const float row_h = std::max(ui.px(34) * 2.2f, 110 * u);
    // As many buttons a row as keep every label on one line (a word split in two, "Englis-h",
    // is unreadable); in portrait at the largest text size that is one or two.
    const std::string visitor = ui.locale();
    auto fits = [&](size_t columns) {
        const float w = (size.x - pad * float(columns + 1)) / float(columns);
        for (const RowButton& b : row) {
            if (!b.locale.empty()) ui.set_locale(b.locale);
            // Taller than on one line: the label wraps (scripts differ in line height).
            const float need = ui.side_button_height(b.label, w, true, row_h);
            const float one_line = ui.side_button_height(b.label, 1e5f, true, row_h);
            ui.set_locale(visitor);
            if (need > one_line) return false;
        }
        return true;
    };
    size_t columns = std::max<size_t>(row.size(), 1);
    while (columns > 1 && !fits(columns))
        --columns;
    const size_t rows = (row.size() + columns - 1) / columns;
    const float gap = pad / 2;
    const float block_h = float(rows) * row_h + float(rows > 0 ? rows - 1 : 0) * gap;
    // Without buttons, the message has the whole height.
    const float row_y = rows > 0 ? size.y - block_h - pad / 2 : size.y + pad / 2;
    for (size_t i = 0; i < row.size(); ++i) {
        const size_t r = i / columns, in_row = std::min(columns, row.size() - r * columns);
        const float w = std::min((size.x - pad * float(in_row + 1)) / float(in_row), 640 * u);
        const float start = (size.x - (w * float(in_row) + pad * float(in_row - 1))) / 2;
        const size_t c = i % columns, visual = rtl ? in_row - 1 - c : c;
        const app::Rect box{start + float(visual) * (w + pad), row_y + float(r) * (row_h + gap), w,
                            row_h};
        const RowButton& b = row[i];
        if (!b.locale.empty()) ui.set_locale(b.locale);
        const bool tapped = ui.button(b.id, box, b.label, b.icon);
        ui.set_locale(visitor);
        if (!tapped) continue;
        if (b.locale.empty())
            ctx.alert_hide = true;
        else
            ctx.session.locale = b.locale;
    }

    // The message: headline, description, what to do, where, who; scrolls when long.
    const app::Rect area{0, top, size.x, row_y - pad / 2 - top};
    // The band is part of the message (what it is, or that it is a drill), not chrome.
    ui.set_content_area({0, 0, size.x, area.y + area.h});
    app::Rect inner = begin_scroll(ctx, area);
    const float x = inner.x + pad, w = inner.w - 2 * pad;
    float y = inner.y + pad / 2;
    if (!alert.event.empty())
        y += alert_text(ctx, alert, alert.event, {x, y, w, 0}, ui.px(36), kYellow,
                        text::Weight::Bold);
    y +=
        alert_text(ctx, alert, alert.headline, {x, y, w, 0}, ui.px(48), kWhite, text::Weight::Bold);
    y += pad / 2;
    y += alert_text(ctx, alert, alert.description, {x, y, w, 0}, ui.px(36), kWhite,
                    text::Weight::Regular);
    if (!alert.instruction.empty()) {
        y += pad / 2;
        y += ui.heading(ctx.t("alert.instruction"), {x, y, w, 0}, ui.px(36), kYellow);
        y += alert_text(ctx, alert, alert.instruction, {x, y, w, 0}, ui.px(40), kWhite,
                        text::Weight::Bold);
    }
    y += pad / 2;
    if (!alert.area.empty()) {
        y += ui.text(ctx.t("alert.area"), {x, y, w, 0}, ui.px(30), kYellow, text::Weight::Bold);
        y += alert_text(ctx, alert, alert.area, {x, y, w, 0}, ui.px(32), kWhite,
                        text::Weight::Regular);
    }
    if (!alert.issuer.empty()) {
        y += ui.text(ctx.t("alert.issuer"), {x, y, w, 0}, ui.px(30), kYellow, text::Weight::Bold);
        y += alert_text(ctx, alert, alert.issuer, {x, y, w, 0}, ui.px(32), kWhite,
                        text::Weight::Regular);
    }
    y += ui.text(times_line(ctx, alert), {x, y, w, 0}, ui.px(30), kWhite);
    end_scroll(ctx, area, y + pad / 2 - inner.y);

    ctx.spoken_title = title;
    ctx.spoken_text =
        alert.event + "\n" + alert.headline + "\n" + alert.description + "\n" + alert.instruction;
}

float draw_alert_banner(ScreenContext& ctx, float top) {
    if (!ctx.alert || ctx.alert->full_screen) return 0;
    const AlertView& alert = *ctx.alert;
    app::Ui& ui = ctx.ui;
    const float u = ui.unit();
    const ImVec2 size = ui.size();
    const float pad = 20 * u;
    const ImU32 fill = alert.severe ? kRed : kAmber;
    const ImU32 ink = alert.severe ? kWhite : kBlack;
    std::string line = (alert.drill ? ctx.t("alert.drill_short") + " " : std::string()) +
                       (alert.event.empty() ? ctx.t("alert.title") : alert.event);
    if (!alert.headline.empty()) line += ": " + alert.headline;
    // At most two lines; the whole alert is one tap away.
    const float px = ui.px(30);
    auto p = ui.layout(line, px, size.x - 2 * pad);
    const float line_h = p->lines.empty() ? px : p->height / float(p->lines.size());
    const float h = std::min(p->height, 2 * line_h + 1) + pad;
    const app::Rect band{0, top, size.x, h};
    ui.list()->AddRectFilled(ImVec2(0, top), ImVec2(size.x, top + h), fill);
    if (ui.hotspot("alert/show", band, line)) ctx.alert_expand = true;
    ui.push_clip(band);
    const std::string visitor = ui.locale();
    if (!alert.text_locale.empty() && alert.headline.size() > 0) ui.set_locale(alert.text_locale);
    ui.text(line, {pad, top + pad / 2, size.x - 2 * pad, h - pad}, px, ink, text::Weight::Bold);
    ui.set_locale(visitor);
    ui.pop_clip();
    return h;
}

} // namespace kiosk::screens
