#include "kiosk/screens/clock_text.h"
#include "kiosk/screens/screen.h"

#include <algorithm>
#include <cctype>

namespace kiosk::screens {

app::Rect draw_chrome(ScreenContext& ctx, std::string_view title) {
    app::Ui& ui = ctx.ui;
    ctx.spoken_title = std::string(title);
    const app::Theme& th = ui.theme();
    const ImVec2 size = ui.size();
    const float u = ui.unit();
    const float pad = 24 * u;

    // Top bar: screen title at the start, date and time at the end.
    // Like the bottom bar, the top bar grows to 1.5 times at most: the page below it
    // carries the full size.
    const float bar_scale = std::min(ui.text_scale(), 1.5f) * u;
    const float title_px = 44 * bar_scale, clock_px = 30 * bar_scale;
    std::string clock = format_date_time(ctx.now_ms, ctx.session.locale, ctx.bundle.time_zone);
    auto clock_p =
        ui.layout(clock, clock_px, size.x * 0.3f, text::Weight::Regular, text::Align::End);
    float title_width = size.x - 3 * pad - clock_p->width;
    auto title_p = ui.layout(title, title_px, title_width, text::Weight::Bold);
    float top_h = std::max(110 * u, std::max(title_p->height, clock_p->height) + 2 * pad);
    ui.list()->AddRectFilled(ImVec2(0, 0), ImVec2(size.x, top_h), th.bar);
    const bool rtl = text::locale_direction(ctx.session.locale) == text::Direction::Rtl;
    float title_x = rtl ? size.x - pad - title_p->box_width : pad;
    float clock_x = rtl ? pad : size.x - pad - clock_p->box_width;
    ui.text(title, {title_x, (top_h - title_p->height) / 2, title_width, title_p->height}, title_px,
            th.bar_text, text::Weight::Bold);
    ui.text(clock, {clock_x, (top_h - clock_p->height) / 2, clock_p->box_width, clock_p->height},
            clock_px, th.bar_text, text::Weight::Regular, text::Align::End);

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
    actions.push_back({"text-size",
                       ctx.t("nav.text_size") + " " + std::to_string(ctx.session.text_size) + "/4",
                       "text-size"});
    actions.push_back({"access", ctx.t("nav.access"), "access"});
    actions.push_back({"staff", ctx.t("app.call_staff"), "staff"});

    // One row of buttons; two when the text is so large that one row would take more
    // than a quarter of the screen.
    const float gap = 16 * u;
    // Bar labels grow to 1.5 times at most, so that the largest text leaves room for
    // the content itself; they are short and already large.
    const float label_px = 34 * u * std::min(ui.text_scale(), 1.5f);
    auto bar_height = [&](size_t per_row, float& button_w) {
        button_w = (size.x - 2 * pad - gap * float(per_row - 1)) / float(per_row);
        float h = 0;
        for (const auto& a : actions)
            h = std::max(h, ui.side_button_height(a.label, button_w, true, 116 * u, label_px));
        return h;
    };
    // Fewer buttons a row until every label fits in two lines without breaking a word.
    // A label reads well in at most two lines broken at spaces: "Text size" / "1/4", not
    // "文字の大き" / "さ 1/4".
    auto reads_well = [](const text::Paragraph& p) {
        if (p.overflow || p.split_words || p.lines.size() > 2) return false;
        for (size_t i = 0; i + 1 < p.lines.size(); ++i) {
            const uint32_t end = p.lines[i].end;
            if (end >= p.text.size() ||
                (p.text[end] != ' ' && p.text[end - 1] != '/' && p.text[end - 1] != '-'))
                return false;
        }
        return true;
    };
    auto fits = [&](float button_w) {
        for (const auto& a : actions)
            if (!reads_well(*ui.layout(a.label, label_px,
                                       ui.side_label_width(button_w, 117 * u, true),
                                       text::Weight::Bold)))
                return false;
        return true;
    };
    // First choice: one row, icons beside labels; then one row with icons above the
    // labels (narrower labels fit); then two rows.
    size_t per_row = actions.size();
    float button_w = 0;
    float button_h = bar_height(per_row, button_w);
    app::IconPlacement placement = app::IconPlacement::Side;
    if (!fits(button_w) || button_h + 24 * u > size.y * 0.25f) {
        const float icon = 48 * u;
        float above_h = 0;
        bool above_fits = true;
        for (const auto& a : actions) {
            auto p = ui.layout(a.label, label_px, button_w - 32 * u, text::Weight::Bold,
                               text::Align::Center);
            above_fits = above_fits && reads_well(*p);
            above_h = std::max(above_h,
                               ui.above_button_height(a.label, button_w, icon, 116 * u, label_px));
        }
        if (above_fits && above_h + 24 * u <= size.y * 0.25f) {
            placement = app::IconPlacement::Above;
            button_h = above_h;
        } else {
            per_row = (actions.size() + 1) / 2;
            button_h = bar_height(per_row, button_w);
        }
    }
    const size_t rows = (actions.size() + per_row - 1) / per_row;
    const float bar_h = float(rows) * (button_h + 12 * u) + 12 * u;
    const float bar_y = size.y - bar_h;
    ui.list()->AddRectFilled(ImVec2(0, bar_y), ImVec2(size.x, size.y), th.bar);
    for (size_t i = 0; i < actions.size(); ++i) {
        size_t row = i / per_row, col = i % per_row;
        size_t slot = rtl ? per_row - 1 - col : col;
        app::Rect r{pad + float(slot) * (button_w + gap),
                    bar_y + 12 * u + float(row) * (button_h + 12 * u), button_w, button_h};
        if (!ui.button(actions[i].id, r, actions[i].label, actions[i].icon,
                       app::ButtonStyle::Normal, placement, label_px))
            continue;
        std::string id = actions[i].id;
        if (id == "back")
            ctx.go_back = true;
        else if (id == "home")
            ctx.go_home = true;
        else if (id == "lang")
            ctx.go_to = "lang";
        else if (id == "text-size")
            ctx.session.text_size = ctx.session.text_size % 4 + 1;
        else if (id == "staff")
            ctx.go_to = "staff";
        else if (id == "access")
            ctx.go_to = "access";
    }
    // Low reach: nothing to touch in the upper part of the screen, for wheelchair users
    // and children. The band above the controls repeats the title, large.
    if (ctx.session.low_reach) {
        const float reach_top = std::max(top_h, size.y * kLowReachTop);
        if (reach_top < bar_y) {
            ui.list()->AddRectFilled(ImVec2(0, top_h), ImVec2(size.x, reach_top),
                                     th.button_pressed);
            return {0, reach_top, size.x, bar_y - reach_top};
        }
    }
    return {0, top_h, size.x, bar_y - top_h};
}

} // namespace kiosk::screens

namespace kiosk::screens {

namespace {

// Page up and page down sit in a row under the scrolling content, full labels at any
// text size. The row is always reserved so the content never jumps when it appears.
float scroll_row_height(const app::Ui& ui, const ScreenContext& ctx, float w) {
    float half = (w - 3 * 24 * ui.unit()) / 2;
    return std::max(ui.side_button_height(ctx.t("nav.page_up"), half, true, 100 * ui.unit()),
                    ui.side_button_height(ctx.t("nav.page_down"), half, true, 100 * ui.unit())) +
           24 * ui.unit();
}

} // namespace

app::Rect begin_scroll(ScreenContext& ctx, app::Rect area) {
    app::Ui& ui = ctx.ui;
    const app::PointerInput& in = ui.input();
    // Drag anywhere in the area scrolls; a drag never also presses a button (Ui::button).
    if (in.down && in.dragged && area.contains(in.press_pos)) ctx.session.scroll -= in.drag_dy;
    ctx.session.scroll = std::max(0.f, ctx.session.scroll);
    const float view_h =
        area.h - (ctx.session.scroll_row ? scroll_row_height(ui, ctx, area.w) : 0.f);
    ui.list()->PushClipRect(area.min(), ImVec2(area.x + area.w, area.y + view_h), true);
    return {area.x, area.y - ctx.session.scroll, area.w, view_h};
}

void end_scroll(ScreenContext& ctx, app::Rect area, float content_height) {
    app::Ui& ui = ctx.ui;
    ui.list()->PopClipRect();
    const float u = ui.unit();
    // The row appears from the next frame on when the content is taller than the area,
    // and never flickers: the test does not depend on the row itself.
    const bool overflows = content_height > area.h + 0.5f;
    if (overflows != ctx.session.scroll_row) ctx.session.scroll_row = overflows;
    const float row_h = scroll_row_height(ui, ctx, area.w);
    const float view_h = area.h - (overflows ? row_h : 0.f);
    const float max_scroll = std::max(0.f, content_height - view_h);
    ctx.session.scroll = std::clamp(ctx.session.scroll, 0.f, max_scroll);
    if (!overflows || max_scroll <= 0) { // fits: no page buttons, nothing to scroll
        ctx.session.scroll = 0;
        return;
    }
    const bool rtl = text::locale_direction(ctx.session.locale) == text::Direction::Rtl;
    const float gap = 24 * u;
    const float w = (area.w - 3 * gap) / 2, h = row_h - gap;
    const float y = area.y + view_h + gap / 2;
    const float step = view_h * 0.8f;
    // A thin line shows where in the page we are.
    const float track_w = area.w - 2 * gap;
    ui.list()->AddRectFilled(ImVec2(area.x + gap, area.y + view_h),
                             ImVec2(area.x + gap + track_w, area.y + view_h + 6 * u),
                             ui.theme().button_pressed);
    float thumb_w = std::max(40 * u, track_w * view_h / content_height);
    float thumb_x = area.x + gap + (track_w - thumb_w) * (ctx.session.scroll / max_scroll);
    if (rtl) thumb_x = area.x + gap + track_w - thumb_w - (thumb_x - area.x - gap);
    ui.list()->AddRectFilled(ImVec2(thumb_x, area.y + view_h),
                             ImVec2(thumb_x + thumb_w, area.y + view_h + 6 * u),
                             ui.theme().muted_text);
    const float first_x = rtl ? area.x + 2 * gap + w : area.x + gap;
    const float second_x = rtl ? area.x + gap : area.x + 2 * gap + w;
    if (ui.button("page-up", {first_x, y, w, h}, ctx.t("nav.page_up"), "up"))
        ctx.session.scroll = std::max(0.f, ctx.session.scroll - step);
    if (ui.button("page-down", {second_x, y, w, h}, ctx.t("nav.page_down"), "down"))
        ctx.session.scroll = std::min(max_scroll, ctx.session.scroll + step);
}

} // namespace kiosk::screens
