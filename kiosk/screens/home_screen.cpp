#include "kiosk/screens/clock_text.h"
#include "kiosk/screens/screen.h"

#include <algorithm>
#include <cmath>

namespace kiosk::screens {

void draw_home(ScreenContext& ctx) {
    app::Ui& ui = ctx.ui;
    const float u = ui.unit();
    const float pad = 32 * u;
    app::Rect area = draw_chrome(ctx, ctx.bundle.pick(ctx.bundle.title, ctx.session.locale));

    // Opening status under the bar.
    OpeningStatus status = opening_status(ctx.bundle, ctx.now_ms);
    std::string line = ctx.t(status.open_now ? "home.open_now" : "home.closed_now");
    if (status.hours_today != "closed")
        line += "  ·  " + ctx.t("home.hours_today", {{"hours", status.hours_today}});
    const bool rtl = text::locale_direction(ctx.session.locale) == text::Direction::Rtl;
    float y = area.y + pad * 0.75f;
    y += ui.text(line, {pad, y, area.w - 2 * pad, 0}, ui.px(32), ui.theme().text, text::Weight::Regular,
                 text::Align::Start);
    y += pad * 0.5f;
    y += ui.text(ctx.t("home.choose_category"), {pad, y, area.w - 2 * pad, 0}, ui.px(32),
                 ui.theme().muted_text);
    y += pad * 0.5f;

    // Category grid: three columns in landscape, two in portrait; larger text, fewer columns.
    const auto& categories = ctx.bundle.categories;
    const bool portrait = ui.size().y > ui.size().x;
    int columns = portrait ? 2 : 3;
    if (ctx.session.text_size >= 3) columns = std::max(1, columns - 1);
    const int rows = int((categories.size() + size_t(columns) - 1) / size_t(columns));
    const float gap = 24 * u;
    const float cell_w = (area.w - 2 * pad - gap * float(columns - 1)) / float(columns);
    const float available = area.y + area.h - pad * 0.75f - y;
    const float cell_h = std::max(160 * u, (available - gap * float(rows - 1)) / float(std::max(rows, 1)));
    for (size_t i = 0; i < categories.size(); ++i) {
        int col = int(i) % columns, row = int(i) / columns;
        int visual_col = rtl ? columns - 1 - col : col;
        app::Rect r{pad + float(visual_col) * (cell_w + gap), y + float(row) * (cell_h + gap), cell_w, cell_h};
        const auto& c = categories[i];
        if (ui.button("category/" + c.id, r, ctx.bundle.pick(c.title, ctx.session.locale), c.icon))
            ctx.go_to = "category/" + c.id;
    }
}

void draw_language_picker(ScreenContext& ctx) {
    app::Ui& ui = ctx.ui;
    const float u = ui.unit();
    const float pad = 32 * u;
    app::Rect area = draw_chrome(ctx, ctx.t("lang.title"));
    const auto& locales = ctx.bundle.locales;
    const bool portrait = ui.size().y > ui.size().x;
    int columns = portrait ? 2 : 4;
    if (ctx.session.text_size >= 3) columns = std::max(1, columns - 1);
    const int rows = int((locales.size() + size_t(columns) - 1) / size_t(columns));
    const float gap = 20 * u;
    const float cell_w = (area.w - 2 * pad - gap * float(columns - 1)) / float(columns);
    const float cell_h = std::max(120 * u, (area.h - 2 * pad - gap * float(rows - 1)) / float(std::max(rows, 1)));
    for (size_t i = 0; i < locales.size(); ++i) {
        int col = int(i) % columns, row = int(i) / columns;
        app::Rect r{pad + float(col) * (cell_w + gap), area.y + pad + float(row) * (cell_h + gap), cell_w, cell_h};
        // Each language is named in its own words and drawn in its own script, never a flag.
        std::string name = ctx.strings.format(locales[i], "language.name");
        bool selected = locales[i] == ctx.session.locale;
        std::string visitor_locale = ui.locale();
        ui.set_locale(locales[i]);
        bool tapped = ui.button("lang/" + locales[i], r, name, {},
                                selected ? app::ButtonStyle::Accent : app::ButtonStyle::Normal);
        ui.set_locale(visitor_locale);
        if (tapped) ctx.session.locale = locales[i], ctx.go_back = true;
    }
}

} // namespace kiosk::screens
