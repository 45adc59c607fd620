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

    OpeningStatus status = opening_status(ctx.bundle, ctx.now_ms);
    std::string line = ctx.t(status.open_now ? "home.open_now" : "home.closed_now");
    if (status.hours_today != "closed")
        // An isolate keeps "08:30-17:15" in reading order inside Arabic, where the bidi
        // algorithm would otherwise show the range as "17:15-08:30".
        line += "  ·  " +
                ctx.t("home.hours_today", {{"hours", "\u2066" + status.hours_today + "\u2069"}});
    const bool rtl = is_rtl(ctx);

    // Category grid: three columns in landscape, two in portrait, one fewer with larger
    // text, where the icons move beside the labels so a row stays low enough for the first
    // category to show whole under the status line.
    const auto& categories = ctx.bundle.categories;
    const bool portrait = ui.size().y > ui.size().x;
    const bool large = ctx.session.text_size >= 3;
    int columns = portrait ? 2 : 3;
    if (large) columns = std::max(1, columns - 1);
    const int rows = int((categories.size() + size_t(columns) - 1) / size_t(columns));
    const float gap = 24 * u;
    // The status line and the prompt are secondary: they grow like the chrome, not the
    // content, and scroll with the grid.
    const float info_px = 32 * u * std::min(ui.text_scale(), 1.5f);
    app::Rect inner = begin_scroll(ctx, area);
    float y = inner.y + pad * 0.5f;
    y += ui.text(line, {inner.x + pad, y, inner.w - 2 * pad, 0}, info_px, ui.theme().text) +
         pad * 0.25f;
    y += ui.text(ctx.t("home.choose_category"), {inner.x + pad, y, inner.w - 2 * pad, 0}, info_px,
                 ui.theme().muted_text) +
         pad * 0.5f;
    const float grid_top = y;
    const float cell_w = (inner.w - 2 * pad - gap * float(columns - 1)) / float(columns);
    const float icon_size = std::min(cell_w * 0.34f, 120 * u);
    const app::IconPlacement placement =
        large ? app::IconPlacement::Side : app::IconPlacement::Above;
    float cell_h = (inner.y + inner.h - grid_top - pad * 0.5f - gap * float(rows - 1)) /
                   float(std::max(rows, 1));
    if (large) cell_h = 0;
    for (const auto& c : categories) {
        const std::string label = ctx.bundle.pick(c.title, ctx.session.locale);
        cell_h =
            std::max(cell_h, large ? ui.side_button_height(label, cell_w, true, 130 * u)
                                   : ui.above_button_height(label, cell_w, icon_size, 160 * u));
    }
    for (size_t i = 0; i < categories.size(); ++i) {
        int col = int(i) % columns, row = int(i) / columns;
        int visual_col = rtl ? columns - 1 - col : col;
        app::Rect r{inner.x + pad + float(visual_col) * (cell_w + gap),
                    grid_top + float(row) * (cell_h + gap), cell_w, cell_h};
        const auto& c = categories[i];
        if (i == 0) ui.next_must_see();
        if (ui.button("category/" + c.id, r, ctx.bundle.pick(c.title, ctx.session.locale), c.icon,
                      app::ButtonStyle::Normal, placement))
            ctx.go_to = "category/" + c.id;
    }
    end_scroll(ctx, area,
               grid_top - inner.y + float(rows) * cell_h + float(rows - 1) * gap + pad * 0.5f);
}

void draw_language_picker(ScreenContext& ctx) {
    app::Ui& ui = ctx.ui;
    const float u = ui.unit();
    const float pad = 24 * u;
    app::Rect area = draw_chrome(ctx, ctx.t("lang.title"));
    const auto& locales = ctx.bundle.locales;
    const bool portrait = ui.size().y > ui.size().x;
    int columns = portrait ? 2 : 4;
    if (ctx.session.text_size >= 3) columns = std::max(1, columns - 1);
    const int rows = int((locales.size() + size_t(columns) - 1) / size_t(columns));
    const float gap = 20 * u;
    app::Rect inner = begin_scroll(ctx, area);
    const float cell_w = (inner.w - 2 * pad - gap * float(columns - 1)) / float(columns);
    float cell_h = std::max(110 * u, std::min(200 * u, (inner.h - 2 * pad - gap * float(rows - 1)) /
                                                           float(std::max(rows, 1))));
    // Each language is named in its own words and drawn in its own script, never a flag.
    std::vector<std::string> names;
    const std::string visitor_locale = ui.locale();
    for (const auto& locale : locales) {
        names.push_back(ctx.strings.format(locale, "language.name"));
        ui.set_locale(locale);
        cell_h = std::max(cell_h, ui.side_button_height(names.back(), cell_w, false, 110 * u));
    }
    ui.set_locale(visitor_locale);
    // Right-to-left visitors read the grid from the right, like the home grid.
    const bool rtl = is_rtl(ctx);
    for (size_t i = 0; i < locales.size(); ++i) {
        int col = int(i) % columns, row = int(i) / columns;
        int visual_col = rtl ? columns - 1 - col : col;
        app::Rect r{inner.x + pad + float(visual_col) * (cell_w + gap),
                    inner.y + pad + float(row) * (cell_h + gap), cell_w, cell_h};
        bool selected = locales[i] == ctx.session.locale;
        if (i == 0) ui.next_must_see();
        ui.set_locale(locales[i]);
        bool tapped = ui.button("lang/" + locales[i], r, names[i], {},
                                selected ? app::ButtonStyle::Accent : app::ButtonStyle::Normal);
        ui.set_locale(visitor_locale);
        if (tapped) ctx.session.locale = locales[i], ctx.go_back = true;
    }
    end_scroll(ctx, area, 2 * pad + float(rows) * cell_h + float(rows - 1) * gap);
}

} // namespace kiosk::screens
