// The bars around every screen and the scrolling region between them. The rule they keep
// at every text size, in every script and orientation: the content comes first. The top
// bar stays one line, the bottom bar one row, page buttons appear only when the content
// overflows (beside it in landscape, under it in portrait), and the chrome grows less
// than the text so that at least 60 % of the screen height stays for the content.

#include "kiosk/screens/clock_text.h"
#include "kiosk/screens/screen.h"

#include <algorithm>
#include <cmath>

namespace kiosk::screens {

namespace {

// The chrome's text grows with the visitor's text size up to this factor: bar labels are
// short, bold and already large; the page below carries the full size.
constexpr float kChromeScaleCap = 1.5f;
// Budgets, as fractions of the screen height.
constexpr float kTopBarMax = 0.13f;
constexpr float kBottomBarMax = 0.2f;

float chrome_scale(const app::Ui& ui) {
    return std::min(ui.text_scale(), kChromeScaleCap);
}

// A label reads well when it keeps every word whole (Japanese: every phrase) in at most
// two lines.
bool reads_well(const text::Paragraph& p) {
    return !p.overflow && !p.split_words && p.lines.size() <= 2;
}

float draw_top_bar(ScreenContext& ctx, std::string_view title) {
    app::Ui& ui = ctx.ui;
    const app::Theme& th = ui.theme();
    const ImVec2 size = ui.size();
    const float u = ui.unit();
    const float pad = 24 * u;
    const float scale = std::min(ui.text_scale(), 1.25f) * u;
    // One line, always: a long title first drops the date (time only), then gets smaller,
    // down to 24 px at 1080p.
    std::string clock = ctx.clock.format(ctx.now_ms, ctx.session.locale, ctx.bundle.time_zone);
    float title_px = 44 * scale;
    const float clock_px = 30 * scale;
    auto clock_p = ui.layout(clock, clock_px, 0);
    auto title_p = ui.label_layout(title, title_px, 0);
    // Whole pixels: the box a layout gets is rounded down, so a line measured at 894.4 px
    // needs 895.
    auto fits = [&] {
        return std::ceil(title_p->width) + std::ceil(clock_p->width) + 3 * pad + 2 <= size.x;
    };
    if (!fits()) {
        clock = ctx.clock.format(ctx.now_ms, ctx.session.locale, ctx.bundle.time_zone, true);
        clock_p = ui.layout(clock, clock_px, 0);
    }
    while (!fits() && title_px > 24 * u) {
        title_px = std::max(24 * u, title_px * 0.9f);
        title_p = ui.label_layout(title, title_px, 0);
    }
    const float title_w = std::max(0.f, size.x - 3 * pad - std::ceil(clock_p->width) - 1);
    const float line_h = std::max(title_p->height, clock_p->height);
    const float top_h = std::min(std::max(96 * u, line_h + pad), size.y * kTopBarMax);
    ui.list()->AddRectFilled(ImVec2(0, 0), ImVec2(size.x, top_h), th.bar);
    const bool rtl = is_rtl(ctx);
    float title_x = rtl ? size.x - pad - title_w : pad;
    float clock_x = rtl ? pad : size.x - pad - clock_p->width;
    ui.push_clip({0, 0, size.x, top_h});
    ui.text(title, {title_x, (top_h - title_p->height) / 2, title_w, title_p->height}, title_px,
            th.bar_text, text::Weight::Bold, text::Align::Start, app::TextRole::Heading);
    ui.text(
        clock,
        {clock_x, (top_h - clock_p->height) / 2, std::ceil(clock_p->width) + 1, clock_p->height},
        clock_px, th.bar_text);
    ui.pop_clip();
    return top_h;
}

struct BarAction {
    const char* id;
    std::string label, short_label;
    const char* icon;
};

// The one row of the bottom bar, laid out: which labels, where the icons go, how large.
struct BarLayout {
    float label_px = 0;
    float button_w = 0, button_h = 0;
    app::IconPlacement placement = app::IconPlacement::Side;
    bool short_labels = false;
};

BarLayout fit_bar(const ScreenContext& ctx, const std::vector<BarAction>& actions) {
    const app::Ui& ui = ctx.ui;
    const ImVec2 size = ui.size();
    const float u = ui.unit();
    const float pad = 24 * u, gap = 16 * u;
    const float n = float(actions.size());
    BarLayout out;
    out.button_w = (size.x - 2 * pad - gap * (n - 1)) / n;
    const float max_h = size.y * kBottomBarMax - 24 * u;
    const float min_h = 116 * u;
    // Largest text first; then icons above the labels (narrow buttons); then the short
    // forms from the locale strings; then smaller text. Never a word cut in two.
    for (float scale = chrome_scale(ui); scale >= 0.99f; scale -= 0.25f) {
        const float px = 34 * u * scale;
        for (bool short_labels : {false, true}) {
            for (auto placement : {app::IconPlacement::Side, app::IconPlacement::Above}) {
                float h = 0;
                bool ok = true;
                for (const BarAction& a : actions) {
                    const std::string& label = short_labels ? a.short_label : a.label;
                    if (placement == app::IconPlacement::Side) {
                        auto p = ui.label_layout(label, px,
                                                 ui.side_label_width(out.button_w, min_h, true));
                        ok = ok && reads_well(*p);
                        h = std::max(h,
                                     ui.side_button_height(label, out.button_w, true, min_h, px));
                    } else {
                        auto p =
                            ui.label_layout(label, px, out.button_w - 32 * u, text::Align::Center);
                        ok = ok && reads_well(*p);
                        h = std::max(h, ui.above_button_height(label, out.button_w, 0, min_h, px));
                    }
                }
                if (ok && h <= max_h) {
                    out.label_px = px;
                    out.button_h = h;
                    out.placement = placement;
                    out.short_labels = short_labels;
                    return out;
                }
            }
        }
    }
    // Nothing reads whole: icons alone, each still named for speech and focus.
    out.label_px = 34 * u;
    out.button_h = min_h;
    out.placement = app::IconPlacement::Only;
    return out;
}

float draw_bottom_bar(ScreenContext& ctx) {
    app::Ui& ui = ctx.ui;
    const app::Theme& th = ui.theme();
    const ImVec2 size = ui.size();
    const float u = ui.unit();
    const float pad = 24 * u, gap = 16 * u;
    // Back and Home where there is somewhere to go back from; Language always, named in
    // English too; the rest behind one Menu button, so the bar is always one row.
    const bool at_home = ctx.session.screen == "home";
    std::vector<BarAction> actions;
    if (!at_home) {
        actions.push_back({"back", ctx.t("nav.back"), ctx.t("nav.back"), "back"});
        actions.push_back({"home", ctx.t("nav.home"), ctx.t("nav.home"), "home"});
    }
    actions.push_back({"lang", language_label(ctx), ctx.t("nav.language"), "globe"});
    if (at_home)
        actions.push_back({"text-size", text_size_label(ctx), text_size_label(ctx), "text-size"});
    actions.push_back({"menu", ctx.t("nav.menu"), ctx.t("nav.menu"), "menu"});

    const BarLayout bar = fit_bar(ctx, actions);
    const float bar_h = bar.button_h + 24 * u;
    const float bar_y = size.y - bar_h;
    ui.list()->AddRectFilled(ImVec2(0, bar_y), ImVec2(size.x, size.y), th.bar);
    const bool rtl = is_rtl(ctx);
    const size_t n = actions.size();
    for (size_t i = 0; i < n; ++i) {
        const size_t slot = rtl ? n - 1 - i : i;
        app::Rect r{pad + float(slot) * (bar.button_w + gap), bar_y + 12 * u, bar.button_w,
                    bar.button_h};
        const BarAction& a = actions[i];
        if (!ui.button(a.id, r, bar.short_labels ? a.short_label : a.label, a.icon,
                       app::ButtonStyle::Normal, bar.placement, bar.label_px))
            continue;
        const std::string id = a.id;
        if (id == "back")
            ctx.go_back = true;
        else if (id == "home")
            ctx.go_home = true;
        else if (id == "lang")
            ctx.go_to = "lang";
        else if (id == "text-size")
            ctx.session.text_size = ctx.session.text_size % 4 + 1;
        else if (id == "menu" && ctx.session.screen == "menu")
            ctx.go_back = true; // Menu again closes the menu
        else if (id == "menu")
            ctx.go_to = "menu";
    }
    return bar_h;
}

} // namespace

std::string language_label(const ScreenContext& ctx) {
    std::string language = ctx.t("nav.language");
    if (ctx.session.locale.rfind("en", 0) != 0) language += " / Language";
    return language;
}

std::string text_size_label(const ScreenContext& ctx) {
    return ctx.t("nav.text_size") + " " + std::to_string(ctx.session.text_size) + "/4";
}

app::Rect draw_chrome(ScreenContext& ctx, std::string_view title) {
    app::Ui& ui = ctx.ui;
    ctx.spoken_title = std::string(title);
    const ImVec2 size = ui.size();
    const float bar_top = draw_top_bar(ctx, title);
    const float top_h = bar_top + draw_alert_banner(ctx, bar_top);
    const float bar_h = draw_bottom_bar(ctx);
    const float bar_y = size.y - bar_h;
    app::Rect area{0, top_h, size.x, bar_y - top_h};
    // Low reach: nothing to touch in the upper part of the screen, for wheelchair users
    // and children. The band above the controls keeps the screen's colour.
    if (ctx.session.low_reach) {
        const float reach_top = std::max(top_h, size.y * kLowReachTop);
        if (reach_top < bar_y) {
            ui.list()->AddRectFilled(ImVec2(0, top_h), ImVec2(size.x, reach_top),
                                     ui.theme().button_pressed);
            area = {0, reach_top, size.x, bar_y - reach_top};
        }
    }
    ui.set_content_area(area);
    return area;
}

namespace {

// Page buttons: a column at the end side in landscape, a row under the content in
// portrait. Their labels grow like the bars'; a label that would not read whole leaves
// the arrow alone (the label is still spoken).
struct PageControls {
    bool column = false;
    float extent = 0; // column width or row height
    float button = 0; // a column button's height
    float label_px = 0;
    app::IconPlacement placement = app::IconPlacement::Side;
};

float column_button_width(const PageControls& pc, float u) {
    return pc.extent - 24 * u;
}

// Up and down share the column with the track between them.
float column_button_cap(app::Rect area, float u) {
    return (area.h - 3 * 16 * u) * 0.5f;
}

PageControls page_controls(const ScreenContext& ctx, app::Rect area) {
    const app::Ui& ui = ctx.ui;
    const float u = ui.unit();
    PageControls pc;
    pc.column = ui.size().x > ui.size().y;
    pc.label_px = 30 * u * chrome_scale(ui);
    const std::string up = ctx.t("nav.page_up"), down = ctx.t("nav.page_down");
    if (pc.column) {
        pc.extent = std::max(150.f, 140 * chrome_scale(ui)) * u;
        const float w = column_button_width(pc, u);
        const float cap = column_button_cap(area, u);
        const bool whole =
            reads_well(*ui.label_layout(up, pc.label_px, w - 32 * u, text::Align::Center)) &&
            reads_well(*ui.label_layout(down, pc.label_px, w - 32 * u, text::Align::Center)) &&
            std::max(ui.above_button_height(up, w, 0, 0, pc.label_px),
                     ui.above_button_height(down, w, 0, 0, pc.label_px)) <= cap;
        pc.placement = whole ? app::IconPlacement::Above : app::IconPlacement::Only;
        pc.button = whole ? std::max(ui.above_button_height(up, w, 0, 120 * u, pc.label_px),
                                     ui.above_button_height(down, w, 0, 120 * u, pc.label_px))
                          : std::min(cap, std::max(120 * u, w));
        return pc;
    }
    const float half = (area.w - 3 * 24 * u) / 2;
    const float min_h = 100 * u;
    const bool whole =
        reads_well(*ui.label_layout(up, pc.label_px, ui.side_label_width(half, min_h, true))) &&
        reads_well(*ui.label_layout(down, pc.label_px, ui.side_label_width(half, min_h, true)));
    pc.placement = whole ? app::IconPlacement::Side : app::IconPlacement::Only;
    float h = min_h;
    if (whole)
        h = std::max(ui.side_button_height(up, half, true, min_h, pc.label_px),
                     ui.side_button_height(down, half, true, min_h, pc.label_px));
    pc.extent = h + 24 * u;
    return pc;
}

// The view the content shows through, once page controls take their place.
app::Rect scroll_view(const ScreenContext& ctx, app::Rect area, const PageControls& pc) {
    if (!ctx.session.scroll_row) return area;
    if (!pc.column) return {area.x, area.y, area.w, area.h - pc.extent};
    const float x = is_rtl(ctx) ? area.x + pc.extent : area.x;
    return {x, area.y, area.w - pc.extent, area.h};
}

} // namespace

app::Rect begin_scroll(ScreenContext& ctx, app::Rect area) {
    app::Ui& ui = ctx.ui;
    const app::PointerInput& in = ui.input();
    // Drag anywhere in the area scrolls; a drag never also presses a button (Ui::button).
    if (in.down && in.dragged && area.contains(in.press_pos)) ctx.session.scroll -= in.drag_dy;
    ctx.session.scroll = std::max(0.f, ctx.session.scroll);
    const app::Rect view = scroll_view(ctx, area, page_controls(ctx, area));
    ui.push_clip(view);
    // A page row under the content takes from the content's share of the screen.
    app::Rect content = ui.content_area();
    content.h -= area.h - view.h;
    ui.set_content_area(content);
    return {view.x, view.y - ctx.session.scroll, view.w, view.h};
}

void end_scroll(ScreenContext& ctx, app::Rect area, float content_height) {
    app::Ui& ui = ctx.ui;
    ui.pop_clip();
    const float u = ui.unit();
    const app::Theme& th = ui.theme();
    const PageControls pc = page_controls(ctx, area);
    // Controls appear from the next frame on once the content is taller than its view, and
    // stay for this screen: a column that narrows the text must not make it fit again and
    // flicker away (KioskApp clears this on a new screen, language or text size).
    const app::Rect view = scroll_view(ctx, area, pc);
    if (content_height > view.h + 0.5f) ctx.session.scroll_row = true;
    if (!ctx.session.scroll_row) {
        ctx.session.scroll = 0;
        return;
    }
    const app::Rect shown = scroll_view(ctx, area, pc);
    const float max_scroll = std::max(0.f, content_height - shown.h);
    ctx.session.scroll = std::clamp(ctx.session.scroll, 0.f, max_scroll);
    const bool more_above = ctx.session.scroll > 0.5f;
    const bool more_below = ctx.session.scroll < max_scroll - 0.5f;

    // What is above and below, at the edges of the view: a shade where content continues.
    const float fade = 28 * u;
    const ImU32 clear = th.background & 0x00FFFFFF, shade = IM_COL32(0, 0, 0, 70);
    if (more_above)
        ui.list()->AddRectFilledMultiColor(shown.min(), ImVec2(shown.x + shown.w, shown.y + fade),
                                           shade, shade, clear, clear);
    if (more_below)
        ui.list()->AddRectFilledMultiColor(ImVec2(shown.x, shown.y + shown.h - fade), shown.max(),
                                           clear, clear, shade, shade);

    const float step = shown.h * 0.8f;
    const std::string up = ctx.t("nav.page_up"), down = ctx.t("nav.page_down");
    const bool rtl = is_rtl(ctx);
    auto page_button = [&](const char* id, app::Rect r, const std::string& label, const char* icon,
                           bool enabled) {
        if (!enabled) ui.next_disabled();
        return ui.button(id, r, label, icon, app::ButtonStyle::Normal, pc.placement, pc.label_px);
    };
    app::Rect up_rect, down_rect, track;
    const float gap = 16 * u;
    if (pc.column) {
        const float w = column_button_width(pc, u);
        const float x = rtl ? area.x + 12 * u : area.x + area.w - pc.extent + 12 * u;
        const float h = pc.button;
        up_rect = {x, area.y + gap, w, h};
        down_rect = {x, area.y + area.h - gap - h, w, h};
        track = {x + w / 2 - 4 * u, up_rect.y + h + gap, 8 * u,
                 down_rect.y - gap - (up_rect.y + h + gap)};
    } else {
        const float w = (area.w - 3 * 24 * u) / 2, h = pc.extent - 24 * u;
        const float y = area.y + area.h - pc.extent + 12 * u;
        const float first = rtl ? area.x + 2 * 24 * u + w : area.x + 24 * u;
        const float second = rtl ? area.x + 24 * u : area.x + 2 * 24 * u + w;
        up_rect = {first, y, w, h};
        down_rect = {second, y, w, h};
        track = {area.x + 24 * u, area.y + area.h - pc.extent, area.w - 48 * u, 6 * u};
    }
    // Where in the content the view is: a track with a thumb.
    if (!track.empty()) ui.list()->AddRectFilled(track.min(), track.max(), th.button_pressed);
    if (max_scroll > 0 && !track.empty()) {
        const float along = pc.column ? track.h : track.w;
        const float thumb = std::max(40 * u, along * shown.h / content_height);
        float at = (along - thumb) * (ctx.session.scroll / max_scroll);
        if (!pc.column && rtl) at = along - thumb - at;
        app::Rect t = pc.column ? app::Rect{track.x, track.y + at, track.w, thumb}
                                : app::Rect{track.x + at, track.y, thumb, track.h};
        ui.list()->AddRectFilled(t.min(), t.max(), th.muted_text);
    }
    if (page_button("page-up", up_rect, up, "up", more_above))
        ctx.session.scroll = std::max(0.f, ctx.session.scroll - step);
    if (page_button("page-down", down_rect, down, "down", more_below))
        ctx.session.scroll = std::min(max_scroll, ctx.session.scroll + step);
}

} // namespace kiosk::screens
