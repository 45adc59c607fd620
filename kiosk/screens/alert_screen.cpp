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

    // The band: what this is, in the visitor's language, with the event's own name.
    const std::string title =
        ctx.t("alert.title") + (alert.event.empty() ? "" : ": \u2068" + alert.event + "\u2069");
    const float icon = 64 * u * std::min(ui.text_scale(), 1.5f);
    auto title_p = ui.label_layout(title, ui.px(44), size.x - 3 * pad - icon);
    const float band_h = std::max(icon, title_p->height) + pad;
    ui.list()->AddRectFilled(ImVec2(0, 0), ImVec2(size.x, band_h), kRed);
    const bool rtl = is_rtl(ctx);
    const float icon_x = rtl ? size.x - pad - icon / 2 : pad + icon / 2;
    app::draw_icon(ui.list(), "shield", ImVec2(icon_x, band_h / 2), icon, kWhite);
    const float title_x = rtl ? pad : 2 * pad + icon;
    ui.text(title, {title_x, (band_h - title_p->height) / 2, size.x - 3 * pad - icon, 0}, ui.px(44),
            kWhite, text::Weight::Bold, text::Align::Start, app::TextRole::Heading);
    float top = band_h;
    if (alert.drill) {
        auto drill_p = ui.label_layout(ctx.t("alert.drill"), ui.px(34), size.x - 2 * pad);
        const float h = drill_p->height + pad / 2;
        ui.list()->AddRectFilled(ImVec2(0, top), ImVec2(size.x, top + h), kYellow);
        ui.text(ctx.t("alert.drill"), {pad, top + pad / 4, size.x - 2 * pad, 0}, ui.px(34), kBlack,
                text::Weight::Bold, text::Align::Center, app::TextRole::Heading);
        top += h;
    }

    // The bottom row: the other languages the alert carries (a tourist facing a Japanese
    // alert switches to English in one tap), and Hide after 10 s, so a visitor can go on
    // using the kiosk. Each language is named in its own words.
    std::vector<std::string> others;
    for (const std::string& locale : alert.locales)
        if (locale != ctx.session.locale && others.size() < 3) others.push_back(locale);
    const size_t buttons = others.size() + (alert.can_collapse ? 1 : 0);
    const float row_h = std::max(ui.px(34) * 2.2f, 110 * u);
    // Without buttons, the message has the whole height.
    const float row_y = buttons > 0 ? size.y - row_h - pad / 2 : size.y + pad / 2;
    if (buttons > 0) {
        const float w = std::min((size.x - pad * float(buttons + 1)) / float(buttons), 640 * u);
        float x = (size.x - (w * float(buttons) + pad * float(buttons - 1))) / 2;
        const float step = rtl ? -(w + pad) : w + pad;
        if (rtl) x += (w + pad) * float(buttons - 1);
        const std::string visitor = ui.locale();
        for (const std::string& locale : others) {
            ui.set_locale(locale);
            if (ui.button("alert/lang/" + locale, {x, row_y, w, row_h},
                          ctx.strings.format(locale, "language.name"), "globe"))
                ctx.session.locale = locale;
            ui.set_locale(visitor);
            x += step;
        }
        if (alert.can_collapse &&
            ui.button("alert/hide", {x, row_y, w, row_h}, ctx.t("alert.hide"), "back"))
            ctx.alert_hide = true;
    }

    // The message: headline, description, what to do, where, who; scrolls when long.
    const app::Rect area{0, top, size.x, row_y - pad / 2 - top};
    ui.set_content_area(area);
    app::Rect inner = begin_scroll(ctx, area);
    const float x = inner.x + pad, w = inner.w - 2 * pad;
    float y = inner.y + pad / 2;
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
    ctx.spoken_text = alert.headline + "\n" + alert.description + "\n" + alert.instruction;
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
