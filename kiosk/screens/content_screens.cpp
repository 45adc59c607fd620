// Category lists and information pages.

#include "kiosk/app/icons.h"
#include "kiosk/screens/screen.h"
#include "player/bundle/manifest.h"

#include <algorithm>

namespace kiosk::screens {

namespace {

// "Go on" after a label. The bidi algorithm mirrors it (HarfBuzz shapes it right to left
// at the end of an Arabic label), so it points the reading way in every language.
constexpr const char* kForwardMark = "  ›";

// A full-width list button; its height follows its label so larger text never clips.
bool list_button(ScreenContext& ctx, const std::string& id, float x, float& y, float w,
                 const std::string& label, const std::string& icon,
                 app::ButtonStyle style = app::ButtonStyle::Normal) {
    app::Ui& ui = ctx.ui;
    const float u = ui.unit();
    const float h = ui.side_button_height(label, w, !icon.empty(), 110 * u);
    bool tapped = ui.button(id, {x, y, w, h}, label, icon, style);
    y += h + 20 * u;
    return tapped;
}

} // namespace

void draw_category(ScreenContext& ctx, const content::Category& category) {
    app::Ui& ui = ctx.ui;
    const float u = ui.unit();
    const std::string& locale = ctx.session.locale;
    app::Rect area = draw_chrome(ctx, ctx.bundle.pick(category.title, locale));
    app::Rect inner = begin_scroll(ctx, area);
    const float pad = 32 * u;
    float y = inner.y + pad;
    const float x = inner.x + pad, w = inner.w - 2 * pad;
    bool first = true;
    auto must_see_first = [&] {
        if (first) ui.next_must_see();
        first = false;
    };
    for (const auto& proc : ctx.bundle.procedures) {
        if (proc.category != category.id) continue;
        must_see_first();
        const auto* words = ctx.bundle.pick(proc.by_locale, locale);
        std::string label = (words ? words->title : proc.id) + kForwardMark;
        if (list_button(ctx, "procedure/" + proc.id, x, y, w, label,
                        proc.icon.empty() ? "document" : proc.icon))
            ctx.go_to = "procedure/" + proc.id;
    }
    for (const auto& page : ctx.bundle.pages) {
        if (page.category != category.id) continue;
        must_see_first();
        const auto* words = ctx.bundle.pick(page.by_locale, locale);
        std::string label = words ? words->title : page.id;
        if (list_button(ctx, "page/" + page.id, x, y, w, label,
                        page.icon.empty() ? category.icon : page.icon))
            ctx.go_to = "page/" + page.id;
    }
    end_scroll(ctx, area, y + ctx.session.scroll - area.y);
}

void draw_page(ScreenContext& ctx, const content::Page& page) {
    app::Ui& ui = ctx.ui;
    const app::Theme& th = ui.theme();
    const float u = ui.unit();
    const auto* words = ctx.bundle.pick(page.by_locale, ctx.session.locale);
    app::Rect area = draw_chrome(ctx, words ? words->title : page.id);
    if (!words) return;
    app::Rect inner = begin_scroll(ctx, area);
    const float pad = 40 * u;
    const float x = inner.x + pad, w = inner.w - 2 * pad;
    const bool rtl = is_rtl(ctx);
    float y = inner.y + pad;
    const float body = ui.px(34);
    y += draw_sign_language_button(ctx, {x, y, w, 0});

    for (const content::Block& block : words->blocks) {
        ctx.spoken_text += block.text;
        for (const auto& cell : block.cells)
            ctx.spoken_text += cell + ", ";
        ctx.spoken_text += "\n";
        switch (block.kind) {
        case content::BlockKind::Heading: {
            float px = ui.px(block.level <= 1 ? 48 : block.level == 2 ? 42 : 38);
            y += 12 * u;
            y += ui.heading(block.text, {x, y, w, 0}, px, th.text);
            ui.list()->AddRectFilled(ImVec2(x, y + 4 * u), ImVec2(x + w, y + 7 * u), th.accent);
            y += 24 * u;
            break;
        }
        case content::BlockKind::Paragraph:
            y += ui.text(block.text, {x, y, w, 0}, body, th.text) + 20 * u;
            break;
        case content::BlockKind::ListItem: {
            // The marker column grows with the text so "10." always fits.
            const float marker_w = body * 1.8f;
            const float indent = (marker_w + 16 * u) * float(std::max(1, block.level));
            std::string marker = block.ordered ? std::to_string(block.number) + "." : "•";
            float mx = rtl ? x + w - indent + 16 * u : x + indent - marker_w - 16 * u;
            ui.text(marker, {mx, y, marker_w, 0}, body, th.text, text::Weight::Bold,
                    rtl ? text::Align::Start : text::Align::End);
            float tx = rtl ? x : x + indent;
            y += ui.text(block.text, {tx, y, w - indent, 0}, body, th.text) + 12 * u;
            break;
        }
        case content::BlockKind::TableRow: {
            const size_t n = std::max<size_t>(1, block.cells.size());
            const float cell_w = w / float(n);
            float row_h = 0;
            for (const auto& cell : block.cells) {
                auto p = ui.layout(cell, body, cell_w - 24 * u,
                                   block.header ? text::Weight::Bold : text::Weight::Regular);
                row_h = std::max(row_h, p->height);
            }
            row_h += 24 * u;
            if (block.header)
                ui.list()->AddRectFilled(ImVec2(x, y), ImVec2(x + w, y + row_h), th.button_pressed);
            for (size_t c = 0; c < block.cells.size(); ++c) {
                size_t slot = rtl ? n - 1 - c : c;
                float cx = x + float(slot) * cell_w;
                ui.list()->AddRect(ImVec2(cx, y), ImVec2(cx + cell_w, y + row_h), th.muted_text, 0,
                                   0, 2 * u);
                ui.text(block.cells[c], {cx + 12 * u, y + 12 * u, cell_w - 24 * u, 0}, body,
                        th.text, block.header ? text::Weight::Bold : text::Weight::Regular);
            }
            y += row_h;
            break;
        }
        case content::BlockKind::Image: {
            // The picture, fitted to the column and to half the view, with its alt text as
            // the caption (the same text speech reads). A picture that cannot be shown
            // leaves its alt text in a frame.
            const render::ImageTexture* image = ctx.image ? ctx.image(block.image) : nullptr;
            if (image && image->texture) {
                // Its size follows the screen, never the text size: a floor map read at
                // text size 4 is as large as at size 1 (the page scrolls instead). The
                // column's width at size 1 is the same at every size.
                const float column = ui.size().x - 2 * 40 * u;
                const float max_h = (ui.size().y > ui.size().x ? 0.4f : 0.5f) * ui.size().y;
                float scale = std::min(
                    {column / float(image->width), max_h / float(image->height), 2.0f * u});
                scale = std::min(scale, w / float(image->width));
                float iw = float(image->width) * scale, ih = float(image->height) * scale;
                float ix = rtl ? x + w - iw : x;
                ui.list()->AddImage(image->texture, ImVec2(ix, y), ImVec2(ix + iw, y + ih));
                ui.note_image(block.image, {ix, y, iw, ih});
                y += ih + 8 * u;
                // The caption is the picture's words: body size, like the text around it.
                y += ui.text(block.text, {x, y, w, 0}, body, th.muted_text) + 20 * u;
            } else {
                auto p = ui.layout(block.text, body, w - 48 * u);
                float h = p->height + 48 * u;
                ui.list()->AddRect(ImVec2(x, y), ImVec2(x + w, y + h), th.muted_text, 8 * u, 0,
                                   2 * u);
                ui.text(block.text, {x + 24 * u, y + 24 * u, w - 48 * u, 0}, body, th.muted_text);
                y += h + 20 * u;
            }
            break;
        }
        }
        // Links become large buttons under their block: a finger finds them, a word does not.
        for (const content::Link& link : block.links) {
            std::string target = link.target;
            std::string screen;
            if (target.rfind("page:", 0) == 0)
                screen = "page/" + target.substr(5);
            else if (target.rfind("procedure:", 0) == 0)
                screen = "procedure/" + target.substr(10);
            if (screen.empty()) continue;
            const std::string label = link.text + kForwardMark;
            float h = ui.side_button_height(label, w, true, 96 * u);
            if (ui.button("link/" + screen, {x, y, w, h}, label, "info", app::ButtonStyle::Accent))
                ctx.go_to = screen;
            y += h + 16 * u;
        }
    }
    end_scroll(ctx, area, y + pad + ctx.session.scroll - area.y);
}

void draw_staff_call(ScreenContext& ctx) {
    app::Ui& ui = ctx.ui;
    const float u = ui.unit();
    app::Rect area = draw_chrome(ctx, ctx.t("app.call_staff"));
    app::Rect inner = begin_scroll(ctx, area);
    const float pad = 60 * u;
    // The icon shrinks before the message does: the words are what the visitor needs.
    const float icon = std::clamp(inner.h * 0.3f, 80 * u, 200 * u);
    float y = inner.y + pad / 2;
    app::draw_icon(ui.list(), "staff", ImVec2(inner.x + inner.w / 2, y + icon / 2), icon,
                   ui.theme().accent);
    y += icon + pad / 2;
    ctx.spoken_text = ctx.t("staff.message");
    y += ui.heading(ctx.t("staff.message"), {inner.x + pad, y, inner.w - 2 * pad, 0}, ui.px(48),
                    ui.theme().text, text::Align::Center);
    if (!ctx.release_version.empty()) {
        // For the staff member who comes: which release this terminal shows, and whether
        // it is past its expiry (sync has not brought a newer one: network or server).
        // First-strong isolates keep a version or date in reading order in Arabic.
        const std::string isolate_open = "\u2068", isolate_close = "\u2069";
        const app::Rect box{inner.x + pad, 0, inner.w - 2 * pad, 0};
        y += pad / 2;
        y += ui.text(ctx.t("staff.content",
                           {{"version", isolate_open + ctx.release_version + isolate_close}}),
                     {box.x, y, box.w, 0}, ui.px(28), ui.theme().muted_text, text::Weight::Regular,
                     text::Align::Center);
        const bool stale =
            ctx.release_expires_unix > 0 && ctx.now_ms / 1000.0 >= double(ctx.release_expires_unix);
        if (stale) {
            const std::string date =
                bundle::format_utc_time(ctx.release_expires_unix).substr(0, 10);
            y += ui.text(
                ctx.t("staff.content_stale", {{"date", isolate_open + date + isolate_close}}),
                {box.x, y, box.w, 0}, ui.px(28), ui.theme().text, text::Weight::Bold,
                text::Align::Center);
        }
    }
    end_scroll(ctx, area, y + pad / 2 - inner.y);
}

void draw_menu(ScreenContext& ctx) {
    app::Ui& ui = ctx.ui;
    const float u = ui.unit();
    app::Rect area = draw_chrome(ctx, ctx.t("nav.menu"));
    app::Rect inner = begin_scroll(ctx, area);
    const float pad = 32 * u;
    const float x = inner.x + pad, w = inner.w - 2 * pad;
    float y = inner.y + pad;
    struct Choice {
        const char* id;
        std::string label;
        const char* icon;
    };
    const Choice choices[] = {
        {"lang", language_label(ctx), "globe"},
        {"text-size", text_size_label(ctx), "text-size"},
        {"access", ctx.t("nav.access"), "access"},
        {"staff", ctx.t("app.call_staff"), "staff"},
    };
    for (const Choice& c : choices) {
        if (&c == &choices[0]) ui.next_must_see();
        if (!list_button(ctx, std::string("menu/") + c.id, x, y, w, c.label, c.icon)) continue;
        const std::string id = c.id;
        if (id == "text-size")
            ctx.session.text_size = ctx.session.text_size % 4 + 1;
        else
            ctx.go_to = id;
    }
    end_scroll(ctx, area, y + pad - inner.y);
}

} // namespace kiosk::screens

namespace kiosk::screens {

bool draw_idle_warning(ScreenContext& ctx, int seconds_left) {
    app::Ui& ui = ctx.ui;
    const app::Theme& th = ui.theme();
    const float u = ui.unit();
    const ImVec2 size = ui.size();
    ui.list()->AddRectFilled(ImVec2(0, 0), size, IM_COL32(0, 0, 0, 160));
    const float w = std::min(size.x - 80 * u, 1300 * u), pad = 48 * u;
    const float x = (size.x - w) / 2;
    auto title = ui.layout(ctx.t("idle.title"), ui.px(48), w - 2 * pad, text::Weight::Bold,
                           text::Align::Center);
    auto message = ui.layout(ctx.t("idle.message", {{"seconds", int64_t(seconds_left)}}), ui.px(36),
                             w - 2 * pad, text::Weight::Regular, text::Align::Center);
    const float button_h = std::max(130 * u, ui.px(34) * 2.2f);
    const float h = pad + title->height + 24 * u + message->height + pad + button_h + pad;
    const float y = std::max(20 * u, (size.y - h) / 2);
    ui.list()->AddRectFilled(ImVec2(x, y), ImVec2(x + w, y + h), th.warning, 16 * u);
    float cy = y + pad;
    ui.draw_paragraph(*title, ImVec2(x + pad, cy), th.warning_text);
    cy += title->height + 24 * u;
    ui.draw_paragraph(*message, ImVec2(x + pad, cy), th.warning_text);
    cy += message->height + pad;
    const float bw = std::min(w - 2 * pad, 700 * u);
    return ui.button("idle/continue", {x + (w - bw) / 2, cy, bw, button_h}, ctx.t("idle.continue"),
                     {}, app::ButtonStyle::Accent);
}

} // namespace kiosk::screens

namespace kiosk::screens {

void draw_access_options(ScreenContext& ctx) {
    app::Ui& ui = ctx.ui;
    const float u = ui.unit();
    app::Rect area = draw_chrome(ctx, ctx.t("nav.access"));
    app::Rect inner = begin_scroll(ctx, area);
    const float pad = 40 * u, gap = 24 * u;
    const float x = inner.x + pad, w = inner.w - 2 * pad;
    float y = inner.y + pad;
    // Each option is a large toggle: the accent colour shows that it is on, and so do the
    // words, for those who cannot tell the colours apart.
    auto toggle = [&](const char* key, bool on) {
        return ctx.t("state.toggle",
                     {{"name", ctx.t(key)}, {"state", ctx.t(on ? "state.on" : "state.off")}});
    };
    struct Option {
        const char* id;
        std::string label;
        const char* icon;
        bool on;
    };
    const Option options[] = {
        {"text-size", text_size_label(ctx), "text-size", ctx.session.text_size > 1},
        {"contrast", toggle("nav.contrast", ctx.session.theme == "high-contrast"), "contrast",
         ctx.session.theme == "high-contrast"},
        {"low-reach", toggle("nav.low_reach", ctx.session.low_reach), "low-reach",
         ctx.session.low_reach},
        {"speak", toggle("nav.speak", ctx.session.speech), "speak", ctx.session.speech},
    };
    const float half = (w - gap) / 2;
    for (const Option& o : options) {
        const float h = ui.side_button_height(o.label, w, true, 130 * u);
        if (&o == &options[0]) ui.next_must_see();
        if (ui.button(std::string("option/") + o.id, {x, y, w, h}, o.label, o.icon,
                      o.on ? app::ButtonStyle::Accent : app::ButtonStyle::Normal)) {
            std::string id = o.id;
            if (id == "text-size") ctx.session.text_size = ctx.session.text_size % 4 + 1;
            if (id == "contrast")
                ctx.session.theme =
                    ctx.session.theme == "high-contrast" ? "default" : "high-contrast";
            if (id == "low-reach") ctx.session.low_reach = !ctx.session.low_reach;
            if (id == "speak") ctx.session.speech = !ctx.session.speech;
        }
        y += h + gap;
    }
    // Speech rate and volume, in pairs, while reading aloud is on.
    if (ctx.session.speech) {
        const bool rtl = is_rtl(ctx);
        struct Step {
            const char* id;
            const char* key;
            int* value;
            int delta, low, high;
        };
        const Step steps[2][2] = {
            {{"slower", "speech.slower", &ctx.session.speech_rate, -40, 80, 450},
             {"faster", "speech.faster", &ctx.session.speech_rate, 40, 80, 450}},
            {{"quieter", "speech.quieter", &ctx.session.speech_volume, -20, 0, 100},
             {"louder", "speech.louder", &ctx.session.speech_volume, 20, 0, 100}}};
        for (const auto& pair : steps) {
            float h = std::max(ui.side_button_height(ctx.t(pair[0].key), half, false, 110 * u),
                               ui.side_button_height(ctx.t(pair[1].key), half, false, 110 * u));
            for (int k = 0; k < 2; ++k) {
                const Step& s = pair[k];
                float bx = (k == 0) != rtl ? x : x + half + gap;
                if (ui.button(std::string("option/") + s.id, {bx, y, half, h}, ctx.t(s.key)))
                    *s.value = std::clamp(*s.value + s.delta, s.low, s.high);
            }
            y += h + gap;
        }
    }
    end_scroll(ctx, area, y - inner.y + pad);
}

} // namespace kiosk::screens
