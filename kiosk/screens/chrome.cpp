#include "kiosk/screens/clock_text.h"
#include "kiosk/screens/screen.h"

#include <algorithm>

namespace kiosk::screens {

app::Rect draw_chrome(ScreenContext& ctx, std::string_view title) {
    app::Ui& ui = ctx.ui;
    const app::Theme& th = ui.theme();
    const ImVec2 size = ui.size();
    const float u = ui.unit();
    const float pad = 24 * u;

    // Top bar: screen title at the start, date and time at the end.
    std::string clock = format_date_time(ctx.now_ms, ctx.session.locale, ctx.bundle.time_zone);
    auto clock_p = ui.layout(clock, ui.px(30), size.x * 0.4f, text::Weight::Regular, text::Align::End);
    float title_width = size.x - 3 * pad - clock_p->width;
    auto title_p = ui.layout(title, ui.px(44), title_width, text::Weight::Bold);
    float top_h = std::max(110 * u, std::max(title_p->height, clock_p->height) + 2 * pad);
    ui.list()->AddRectFilled(ImVec2(0, 0), ImVec2(size.x, top_h), th.bar);
    const bool rtl = text::locale_direction(ctx.session.locale) == text::Direction::Rtl;
    float title_x = rtl ? size.x - pad - title_p->box_width : pad;
    float clock_x = rtl ? pad : size.x - pad - clock_p->box_width;
    ui.text(title, {title_x, (top_h - title_p->height) / 2, title_width, title_p->height}, ui.px(44),
            th.bar_text, text::Weight::Bold);
    ui.text(clock, {clock_x, (top_h - clock_p->height) / 2, clock_p->box_width, clock_p->height},
            ui.px(30), th.bar_text, text::Weight::Regular, text::Align::End);

    // Bottom bar: back, home, language, text size, call staff. Always present, always in
    // the same place, so nobody has to hunt for a way out.
    const bool at_home = ctx.session.screen == "home";
    struct Action {
        const char* id;
        std::string label;
        const char* icon;
    };
    std::vector<Action> actions;
    if (!at_home) actions.push_back({"back", ctx.t("nav.back"), "back"});
    if (!at_home) actions.push_back({"home", ctx.t("nav.home"), "home"});
    std::string language = ctx.t("nav.language");
    if (ctx.session.locale.rfind("en", 0) != 0) language += " / Language";
    actions.push_back({"lang", language, "globe"});
    actions.push_back({"text-size", ctx.t("nav.text_size") + " " + std::to_string(ctx.session.text_size) + "/4", "text-size"});
    actions.push_back({"staff", ctx.t("app.call_staff"), "staff"});

    const float gap = 16 * u;
    const float button_w = (size.x - 2 * pad - gap * float(actions.size() - 1)) / float(actions.size());
    float label_h = 0;
    for (const auto& a : actions)
        label_h = std::max(label_h, ui.layout(a.label, ui.px(34), button_w - 64 * u - 48 * u, text::Weight::Bold)->height);
    const float bar_h = std::max(140 * u, label_h + 2 * pad + 16 * u);
    const float bar_y = size.y - bar_h;
    ui.list()->AddRectFilled(ImVec2(0, bar_y), ImVec2(size.x, size.y), th.bar);
    for (size_t i = 0; i < actions.size(); ++i) {
        size_t slot = rtl ? actions.size() - 1 - i : i;
        app::Rect r{pad + float(slot) * (button_w + gap), bar_y + 12 * u, button_w, bar_h - 24 * u};
        if (!ui.button(actions[i].id, r, actions[i].label, actions[i].icon)) continue;
        std::string id = actions[i].id;
        if (id == "back") ctx.go_back = true;
        else if (id == "home") ctx.go_home = true;
        else if (id == "lang") ctx.go_to = "lang";
        else if (id == "text-size") ctx.session.text_size = ctx.session.text_size % 4 + 1;
        else if (id == "staff") ctx.go_to = "staff";
    }
    return {0, top_h, size.x, bar_y - top_h};
}

} // namespace kiosk::screens

namespace kiosk::screens {

namespace {

float scroll_button_width(const app::Ui& ui) { return 150 * ui.unit(); }

} // namespace

app::Rect begin_scroll(ScreenContext& ctx, app::Rect area) {
    app::Ui& ui = ctx.ui;
    const app::PointerInput& in = ui.input();
    // Drag anywhere in the area scrolls; a drag never also presses a button (Ui::button).
    if (in.down && in.dragged && area.contains(in.press_pos)) ctx.session.scroll -= in.drag_dy;
    ctx.session.scroll = std::max(0.f, ctx.session.scroll);
    ui.list()->PushClipRect(area.min(), area.max(), true);
    const float side = scroll_button_width(ui) + 24 * ui.unit();
    const bool rtl = text::locale_direction(ctx.session.locale) == text::Direction::Rtl;
    return {area.x + (rtl ? side : 0), area.y - ctx.session.scroll, area.w - side, area.h};
}

void end_scroll(ScreenContext& ctx, app::Rect area, float content_height) {
    app::Ui& ui = ctx.ui;
    ui.list()->PopClipRect();
    const float max_scroll = std::max(0.f, content_height - area.h);
    ctx.session.scroll = std::clamp(ctx.session.scroll, 0.f, max_scroll);
    if (max_scroll <= 0) return;
    const float u = ui.unit();
    const float w = scroll_button_width(ui);
    const bool rtl = text::locale_direction(ctx.session.locale) == text::Direction::Rtl;
    const float x = rtl ? area.x + 12 * u : area.x + area.w - w - 12 * u;
    const float h = std::min(area.h / 2 - 24 * u, 260 * u);
    const float step = area.h * 0.8f;
    if (ui.button("page-up", {x, area.y + 12 * u, w, h}, ctx.t("nav.page_up"), "up"))
        ctx.session.scroll = std::max(0.f, ctx.session.scroll - step);
    if (ui.button("page-down", {x, area.y + area.h - h - 12 * u, w, h}, ctx.t("nav.page_down"), "down"))
        ctx.session.scroll = std::min(max_scroll, ctx.session.scroll + step);
    // Where we are in the page: a thin bar between the buttons.
    const float track_top = area.y + h + 36 * u, track_h = area.h - 2 * h - 72 * u;
    if (track_h > 20 * u) {
        float thumb_h = std::max(20 * u, track_h * area.h / content_height);
        float thumb_y = track_top + (track_h - thumb_h) * (ctx.session.scroll / max_scroll);
        float cx = x + w / 2;
        ui.list()->AddRectFilled(ImVec2(cx - 3 * u, track_top), ImVec2(cx + 3 * u, track_top + track_h), ui.theme().button_pressed);
        ui.list()->AddRectFilled(ImVec2(cx - 6 * u, thumb_y), ImVec2(cx + 6 * u, thumb_y + thumb_h), ui.theme().muted_text, 6 * u);
    }
}

} // namespace kiosk::screens
