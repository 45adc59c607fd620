// Video on screen: signage video slides and sign-language clips (docs/VIDEO.md). Frames come
// from app::VideoStage (decoded off the UI thread); captions are laid out by our own text
// engine, so every script renders as everywhere else, at the visitor's text size.

#include "kiosk/app/video_stage.h"
#include "kiosk/screens/screen.h"

#include <algorithm>
#include <cmath>

namespace kiosk::screens {

app::VideoShown draw_video(ScreenContext& ctx, const app::VideoRequest& request) {
    app::Ui& ui = ctx.ui;
    const app::Rect& z = request.zone;
    // Black like the bars mpv letterboxes with, so a frame that is not in yet blends in.
    ui.list()->AddRectFilled(z.min(), z.max(), IM_COL32(0, 0, 0, 255));
    if (!ctx.video) {
        app::VideoShown none;
        none.failed = true;
        return none;
    }
    app::VideoShown shown = ctx.video->show(request);
    if (shown.texture && shown.width > 0 && shown.height > 0) {
        // The frame is rendered at the zone's size; while a new size is on its way, fit the
        // old one inside.
        // Whole pixels, so that a frame drawn at 1:1 here and one copied by
        // present_new_frame() land on the same pixels.
        const float scale =
            std::min(1.f, std::min(z.w / float(shown.width), z.h / float(shown.height)));
        const float w = std::round(float(shown.width) * scale);
        const float h = std::round(float(shown.height) * scale);
        const float x = std::round(z.x + (z.w - w) / 2), y = std::round(z.y + (z.h - h) / 2);
        ui.list()->AddImage(shown.texture, ImVec2(x, y), ImVec2(x + w, y + h));
        ui.note_image(request.path, {x, y, w, h});
        ctx.video->note_drawn({x, y, w, h}, request.alone && scale == 1.f);
    }
    return shown;
}

void draw_video_slide(ScreenContext& ctx, const content::Slide& slide, app::Rect zone) {
    app::VideoRequest request;
    request.path = slide.video;
    request.zone = zone;
    request.loop = slide.loop;
    request.muted = true; // signage never makes a sound of its own
    request.alone = true; // nothing around a film moves until the next slide or minute
    draw_video(ctx, request);
}

std::string sign_language_clip(const content::Bundle& bundle, std::string_view screen) {
    const ScreenRoute route = parse_screen_id(screen);
    if (route.kind == "page") {
        const content::Page* page = bundle.page(route.id);
        return page && route.rest.empty() ? page->sign_language : std::string();
    }
    if (route.kind == "procedure") {
        const content::Procedure* procedure = bundle.procedure(route.id);
        if (!procedure) return {};
        if (route.rest.empty()) return procedure->sign_language;
        const content::Question* question = procedure->question(route.rest);
        return question ? question->sign_language : std::string();
    }
    return {};
}

namespace {

float sign_language_button_width(const app::Ui& ui, float width) {
    return std::min(width, std::max(640 * ui.unit(), width * 0.5f));
}

} // namespace

float sign_language_button_height(ScreenContext& ctx, float width) {
    if (sign_language_clip(ctx.bundle, ctx.session.screen).empty()) return 0;
    const app::Ui& ui = ctx.ui;
    return ui.side_button_height(ctx.t("video.sign_language"),
                                 sign_language_button_width(ui, width), true, 110 * ui.unit()) +
           24 * ui.unit();
}

float draw_sign_language_button(ScreenContext& ctx, app::Rect area) {
    if (sign_language_clip(ctx.bundle, ctx.session.screen).empty()) return 0;
    app::Ui& ui = ctx.ui;
    const float u = ui.unit();
    const std::string label = ctx.t("video.sign_language");
    const float w = sign_language_button_width(ui, area.w);
    const float h = ui.side_button_height(label, w, true, 110 * u);
    const float x = is_rtl(ctx) ? area.x + area.w - w : area.x;
    if (ui.button("sign-language", {x, area.y, w, h}, label, "sign-language",
                  app::ButtonStyle::Accent))
        ctx.go_to = "sign/" + ctx.session.screen;
    return h + 24 * u;
}

namespace {

struct Control {
    std::string id, label, icon;
};

// The controls in rows of `columns`, from `top`; returns the height taken.
float control_height(const app::Ui& ui, const std::vector<Control>& controls, float w, int columns,
                     float gap, float min_h) {
    const float cell_w = (w - gap * float(columns - 1)) / float(columns);
    float total = 0;
    for (size_t i = 0; i < controls.size(); i += size_t(columns)) {
        float row = min_h;
        for (size_t j = i; j < std::min(controls.size(), i + size_t(columns)); ++j)
            row = std::max(row, ui.side_button_height(controls[j].label, cell_w, true, min_h));
        total += row + gap;
    }
    return total - gap;
}

// Whether every label fits its button at this width without breaking inside a word.
bool words_whole(const app::Ui& ui, const std::vector<Control>& controls, float w, int columns,
                 float gap) {
    const float cell_w = (w - gap * float(columns - 1)) / float(columns);
    const float label_w = ui.side_label_width(cell_w, 117 * ui.unit(), true);
    for (const Control& c : controls)
        if (ui.label_layout(c.label, ui.px(34), label_w)->split_words) return false;
    return true;
}

} // namespace

void draw_sign_language(ScreenContext& ctx, std::string_view screen) {
    app::Ui& ui = ctx.ui;
    const float u = ui.unit();
    const bool rtl = is_rtl(ctx);
    const std::string clip = sign_language_clip(ctx.bundle, screen);
    app::Rect area = draw_chrome(ctx, ctx.t("video.sign_language"));
    ctx.spoken_title = ctx.t("video.sign_language");
    if (clip.empty()) return;

    // What the visitor controls: play or pause, from the start, captions, sound, close.
    const bool still = ctx.video && ctx.video->still_time().has_value();
    const bool paused =
        still || (ctx.video && ctx.video->player() && ctx.video->player()->paused());
    const bool ended = ctx.video && ctx.video->player() &&
                       ctx.video->player()->state() == media::VideoState::Ended;
    const std::vector<Control> controls = {
        {"video/play", ctx.t(paused || ended ? "video.play" : "video.pause"),
         paused || ended ? "play" : "pause"},
        {"video/restart", ctx.t("video.restart"), "restart"},
        {"video/captions", ctx.t(ctx.session.captions ? "video.captions_on" : "video.captions_off"),
         "captions"},
        {"video/sound", ctx.t(ctx.session.clip_sound ? "video.sound_on" : "video.sound_off"),
         ctx.session.clip_sound ? "sound" : "sound-off"},
        {"video/close", ctx.t("video.close"), "close"},
    };

    // Landscape: the video on the start side, captions and controls beside it. Portrait:
    // video, captions, controls from top to bottom.
    const float pad = 32 * u, gap = 20 * u;
    const bool side_by_side = area.w > area.h * 1.2f;
    const float caption_px = ui.px(34);
    app::Rect video_zone, side, controls_row;
    int columns = 2;
    float controls_h = 0, caption_h = 0;
    // Landscape: the controls in one row across the foot (or three to a row) when their
    // labels fit whole, the video on the start side above them, captions beside it.
    if (side_by_side) {
        // Two ways to lay out landscape; the one that gives the picture more height wins (a
        // signer's hands must be large enough to read):
        //  - controls in one row across the foot (five, or three to a row) when their labels
        //    fit whole, the video on the start side above them, captions beside it;
        //  - the controls in a column on the end side, the video and two or three caption
        //    lines under it on the start side (large text).
        struct Plan {
            app::Rect video, captions, controls;
            int columns = 1;
            float caption_h = 0;
            bool ok = false;
            // The height a 4:3 picture gets in the video zone.
            float picture_h() const { return ok ? std::min(video.h, video.w * 0.75f) : 0; }
        };
        const float w = area.w - 2 * pad;
        Plan row, column;
        for (int n : {5, 3}) {
            const float h = control_height(ui, controls, w, n, gap, 110 * u);
            if (!words_whole(ui, controls, w, n, gap) || area.h - 3 * pad - h < area.h * 0.3f)
                continue;
            const float upper_h = area.h - 3 * pad - h;
            const float video_w = (w - pad) * 0.55f;
            row.video = {rtl ? area.x + area.w - pad - video_w : area.x + pad, area.y + pad,
                         video_w, upper_h};
            row.captions = {rtl ? area.x + pad : row.video.x + video_w + pad, area.y + pad,
                            w - pad - video_w, upper_h};
            row.caption_h = ctx.session.captions ? upper_h : 0;
            row.controls = {area.x + pad, area.y + area.h - pad - h, w, h};
            row.columns = n;
            row.ok = true;
            break;
        }
        // Narrowest column first, so the video keeps what the controls do not need.
        const float inner_h = area.h - 2 * pad;
        float column_w = 0, column_h = 0;
        for (auto [share, n] :
             {std::pair{0.3f, 1}, {0.38f, 1}, {0.5f, 1}, {0.55f, 2}, {0.65f, 2}}) {
            column_w = std::max((w - pad) * share, 420 * u);
            column.columns = n;
            column_h = control_height(ui, controls, column_w, n, gap, 110 * u);
            if (words_whole(ui, controls, column_w, n, gap) && column_h <= inner_h) break;
        }
        const float video_w = w - pad - column_w;
        if (ctx.session.captions)
            column.caption_h =
                caption_px * 1.6f * (inner_h > caption_px * 12 ? 3.f : 2.f) + 2 * gap;
        const float x0 = rtl ? area.x + area.w - pad - video_w : area.x + pad;
        column.video = {x0, area.y + pad, video_w,
                        inner_h - column.caption_h - (column.caption_h > 0 ? gap : 0)};
        column.captions = {x0, column.video.y + column.video.h + gap, video_w, column.caption_h};
        column.controls = {rtl ? area.x + pad : x0 + video_w + pad,
                           area.y + pad + std::max(0.f, inner_h - column_h), column_w, column_h};
        column.ok = true;
        const Plan& plan = row.picture_h() >= column.picture_h() ? row : column;
        video_zone = plan.video;
        side = plan.captions;
        caption_h = plan.caption_h;
        controls_row = plan.controls;
        columns = plan.columns;
        controls_h = plan.controls.h;
    } else {
        // Portrait: video, three lines of captions (a line is about 1.6 times its size with
        // ruby), controls, from top to bottom.
        side = {area.x + pad, area.y + pad, area.w - 2 * pad, area.h - 2 * pad};
        columns = 1;
        for (int n : {3, 2})
            if (words_whole(ui, controls, side.w, n, gap)) {
                columns = n;
                break;
            }
        controls_h = control_height(ui, controls, side.w, columns, gap, 110 * u);
        caption_h = ctx.session.captions ? caption_px * 1.6f * 3 + 2 * gap : 0;
        // Large text: two caption lines, and the video gives up height before a control
        // leaves the screen.
        if (side.h - controls_h - caption_h - 2 * gap < side.h * 0.35f && caption_h > 0)
            caption_h = caption_px * 1.6f * 2 + 2 * gap;
        const float video_h = std::max(side.h - controls_h - caption_h - 2 * gap, side.h * 0.15f);
        video_zone = {side.x, side.y, side.w, video_h};
        side.y += video_h + gap;
        side.h -= video_h + gap;
        controls_row = {side.x, std::max(side.y + caption_h + gap, side.y + side.h - controls_h),
                        side.w, controls_h};
    }

    app::VideoRequest request;
    request.path = clip;
    request.zone = video_zone;
    request.loop = false; // once; play starts it again
    request.muted = !ctx.session.clip_sound;
    const app::VideoShown shown = draw_video(ctx, request);
    if (shown.failed)
        ui.text(ctx.t("video.unavailable"),
                {video_zone.x + pad, video_zone.y + pad, video_zone.w - 2 * pad, 0}, ui.px(34),
                IM_COL32(255, 255, 255, 255), text::Weight::Bold, text::Align::Center);

    // Captions: in the visitor's language or along its fallback chain (then drawn in that
    // language's fonts and direction). Speech reads them even while hidden: it is for those
    // who cannot see them.
    const std::string caption_locale =
        ctx.video ? ctx.video->caption_locale(clip, ctx.bundle.fallback_chain(ctx.session.locale))
                  : std::string();
    const media::Cue* cue = caption_locale.empty()
                                ? nullptr
                                : ctx.video->caption_at(clip, caption_locale, shown.seconds);
    if (cue && (ctx.session.captions || !shown.failed)) ctx.spoken_caption = cue->text;
    if (ctx.session.captions) {
        // Black box, white text, centred.
        const app::Rect box{side.x, side.y, side.w, caption_h};
        ui.list()->AddRectFilled(box.min(), box.max(), IM_COL32(0, 0, 0, 255), 8 * u);
        if (caption_locale.empty()) {
            ui.text(ctx.t("video.no_captions"), {box.x + gap, box.y + gap, box.w - 2 * gap, 0},
                    caption_px, IM_COL32(220, 220, 220, 255), text::Weight::Regular,
                    text::Align::Center);
        } else if (cue) {
            const std::string visitor = ui.locale();
            ui.set_locale(caption_locale);
            // A long cue shrinks to its box (never below three quarters of the visitor's
            // size) rather than running under the controls; centred, since the box is tall
            // beside a landscape video.
            float px = caption_px;
            float text_h = ui.layout(cue->text, px, box.w - 2 * gap, text::Weight::Bold)->height;
            for (int i = 0; i < 4 && text_h > box.h - 2 * gap && px > caption_px * 0.75f; ++i) {
                px = std::max(caption_px * 0.75f, px * 0.9f);
                text_h = ui.layout(cue->text, px, box.w - 2 * gap, text::Weight::Bold)->height;
            }
            const float y = box.y + std::max(gap, (box.h - text_h) / 2);
            ui.push_clip(box);
            ui.text(cue->text, {box.x + gap, y, box.w - 2 * gap, 0}, px,
                    IM_COL32(255, 255, 255, 255), text::Weight::Bold, text::Align::Center);
            ui.pop_clip();
            ui.set_locale(visitor);
        }
    }

    // Controls at the foot.
    side = controls_row;
    const float cell_w = (side.w - gap * float(columns - 1)) / float(columns);
    float y = side.y;
    for (size_t i = 0; i < controls.size(); i += size_t(columns)) {
        float row = 110 * u;
        const size_t end = std::min(controls.size(), i + size_t(columns));
        for (size_t j = i; j < end; ++j)
            row = std::max(row, ui.side_button_height(controls[j].label, cell_w, true, 110 * u));
        for (size_t j = i; j < end; ++j) {
            const size_t slot = j - i;
            const float x = rtl ? side.x + side.w - cell_w - float(slot) * (cell_w + gap)
                                : side.x + float(slot) * (cell_w + gap);
            const Control& c = controls[j];
            if (!ui.button(c.id, {x, y, cell_w, row}, c.label, c.icon,
                           j == 0 ? app::ButtonStyle::Accent : app::ButtonStyle::Normal))
                continue;
            if (c.id == "video/close") {
                ctx.go_back = true;
            } else if (c.id == "video/captions") {
                ctx.session.captions = !ctx.session.captions;
            } else if (c.id == "video/sound") {
                ctx.session.clip_sound = !ctx.session.clip_sound;
                if (ctx.video) ctx.video->set_muted(!ctx.session.clip_sound);
            } else if (ctx.video && c.id == "video/restart") {
                ctx.video->restart();
            } else if (ctx.video && c.id == "video/play") {
                if (ended)
                    ctx.video->restart();
                else
                    ctx.video->set_paused(!paused);
            }
        }
        y += row + gap;
    }
}

} // namespace kiosk::screens
