// Guided procedures: an intro, one question per screen, and the personal checklist with
// a QR code to take it away. Nothing here is written anywhere: the answers live in the
// session and are wiped on idle reset.

#include "kiosk/app/qr_code.h"
#include "kiosk/screens/screen.h"

#include <algorithm>

namespace kiosk::screens {

namespace {

// Question k of n: where `question` sits on the path the visitor's answers describe.
int question_position(const content::Procedure& procedure, const Answers& answers,
                      const std::string& question) {
    for (size_t i = 0; i < answers.size(); ++i)
        if (answers[i].first == question) return int(i) + 1;
    if (next_question(procedure, answers) == question) return int(answers.size()) + 1;
    // Reached without answers (a preview): its depth along the first path that meets it.
    for (const Answers& path : all_outcomes(procedure))
        for (size_t i = 0; i < path.size(); ++i)
            if (path[i].first == question) return int(i) + 1;
    return 1;
}

float big_button(ScreenContext& ctx, const std::string& id, app::Rect r, const std::string& label,
                 app::ButtonStyle style, bool& tapped) {
    app::Ui& ui = ctx.ui;
    auto p =
        ui.layout(label, ui.px(34), r.w - 32 * ui.unit(), text::Weight::Bold, text::Align::Center);
    r.h = std::max(r.h, p->height + 48 * ui.unit());
    tapped = ui.button(id, r, label, {}, style);
    return r.h;
}

} // namespace

void draw_procedure_intro(ScreenContext& ctx, const content::Procedure& procedure) {
    app::Ui& ui = ctx.ui;
    const float u = ui.unit();
    const auto* words = ctx.bundle.pick(procedure.by_locale, ctx.session.locale);
    app::Rect area = draw_chrome(ctx, words ? words->title : procedure.id);
    app::Rect inner = begin_scroll(ctx, area);
    const float pad = 48 * u;
    float y = inner.y + pad;
    if (words) ctx.spoken_text = words->intro;
    if (words && !words->intro.empty())
        y += ui.text(words->intro, {inner.x + pad, y, inner.w - 2 * pad, 0}, ui.px(38),
                     ui.theme().text) +
             pad;
    bool tapped = false;
    const float w = std::min(inner.w - 2 * pad, 900 * u);
    y += big_button(ctx, "start", {inner.x + (inner.w - w) / 2, y, w, 140 * u},
                    ctx.t("procedure.start"), app::ButtonStyle::Accent, tapped);
    if (tapped) {
        ctx.session.answers.clear();
        ctx.go_to = "procedure/" + procedure.id + "/" + procedure.start;
    }
    end_scroll(ctx, area, y + pad + ctx.session.scroll - area.y);
}

void draw_question(ScreenContext& ctx, const content::Procedure& procedure,
                   const content::Question& question) {
    app::Ui& ui = ctx.ui;
    const app::Theme& th = ui.theme();
    const float u = ui.unit();
    const auto* words = ctx.bundle.pick(procedure.by_locale, ctx.session.locale);
    app::Rect area = draw_chrome(ctx, words ? words->title : procedure.id);
    app::Rect inner = begin_scroll(ctx, area);
    const float pad = 48 * u;
    float y = inner.y + pad * 0.75f;

    const bool rtl = text::locale_direction(ctx.session.locale) == text::Direction::Rtl;
    const int position = question_position(procedure, ctx.session.answers, question.id);
    const int total = std::max(position, question_count(procedure));
    y += ui.text(ctx.t("procedure.progress",
                       {{"current", int64_t(position)}, {"total", int64_t(total)}}),
                 {inner.x + pad, y, inner.w - 2 * pad, 0}, ui.px(30), th.muted_text) +
         16 * u;
    // Progress dots: one per question, filled up to this one.
    for (int i = 0; i < total; ++i) {
        float offset = 24 * u + float(i) * 56 * u;
        ImVec2 c(rtl ? inner.x + inner.w - pad - offset : inner.x + pad + offset, y + 20 * u);
        if (i < position)
            ui.list()->AddCircleFilled(c, 16 * u, th.accent, 24);
        else
            ui.list()->AddCircle(c, 16 * u, th.muted_text, 24, 3 * u);
    }
    y += 64 * u;

    const content::QuestionText* qt =
        ctx.bundle.question_text(procedure, question.id, ctx.session.locale);
    ctx.spoken_text = qt ? qt->text : question.id;
    y += ui.text(qt ? qt->text : question.id, {inner.x + pad, y, inner.w - 2 * pad, 0}, ui.px(46),
                 th.text, text::Weight::Bold) +
         pad;

    // The answer given before (after Back) stays marked.
    std::string previous;
    for (const auto& [q, a] : ctx.session.answers)
        if (q == question.id) previous = a;
    const float w = inner.w - 2 * pad;
    for (const content::Answer& answer : question.answers) {
        std::string label = answer.id;
        if (qt)
            if (auto it = qt->answers.find(answer.id); it != qt->answers.end()) label = it->second;
        bool tapped = false;
        y += big_button(ctx, "answer/" + answer.id, {inner.x + pad, y, w, 130 * u}, label,
                        answer.id == previous ? app::ButtonStyle::Accent : app::ButtonStyle::Normal,
                        tapped) +
             24 * u;
        if (!tapped) continue;
        Answers& answers = ctx.session.answers;
        auto here = std::find_if(answers.begin(), answers.end(),
                                 [&](const auto& qa) { return qa.first == question.id; });
        answers.erase(here, answers.end()); // answers after this one no longer apply
        answers.push_back({question.id, answer.id});
        ctx.go_to = answer.next == "end"
                        ? "checklist/" + procedure.id + "/" + encode_answers(answers)
                        : "procedure/" + procedure.id + "/" + answer.next;
    }
    end_scroll(ctx, area, y + pad + ctx.session.scroll - area.y);
}

namespace {

// Detail levels for the handed-over text, richest first.
enum class Detail { Full, NoFees, TitlesOnly };

std::string checklist_text_at(const ScreenContext& ctx, const content::Procedure& procedure,
                              const Answers& answers, Detail detail) {
    const std::string& locale = ctx.session.locale;
    const auto* words = ctx.bundle.pick(procedure.by_locale, locale);
    std::string out = (words ? words->title : procedure.id) + "\n";
    int n = 0;
    for (const content::ChecklistItem* item : checklist_items(procedure, answers)) {
        const content::ItemText* it = ctx.bundle.item_text(procedure, item->id, locale);
        out += std::to_string(++n) + ". " + (it ? it->title : item->id) + " (" +
               ctx.t("checklist.counter", {{"counter", item->counter}}) + ", " +
               ctx.t("checklist.floor", {{"floor", int64_t(item->floor)}}) + ")\n";
        if (!it || detail == Detail::TitlesOnly) continue;
        if (!it->bring.empty()) {
            out += "  " + ctx.t("checklist.bring") + ": ";
            for (size_t i = 0; i < it->bring.size(); ++i)
                out += (i ? ", " : "") + it->bring[i];
            out += "\n";
        }
        if (!it->deadline.empty())
            out += "  " + ctx.t("checklist.deadline") + ": " + it->deadline + "\n";
        if (detail == Detail::Full && !it->fee.empty())
            out += "  " + ctx.t("checklist.fee") + ": " + it->fee + "\n";
    }
    out += ctx.bundle.pick(ctx.bundle.title, locale);
    return out;
}

// Larger codes than this need a steady hand and a good phone camera.
constexpr int kMaxQrVersion = 25;

} // namespace

std::string checklist_text(const ScreenContext& ctx, const content::Procedure& procedure,
                           const Answers& answers) {
    for (Detail d : {Detail::Full, Detail::NoFees}) {
        std::string text = checklist_text_at(ctx, procedure, answers, d);
        int version = app::qr_version(text);
        if (version > 0 && version <= kMaxQrVersion) return text;
    }
    return checklist_text_at(ctx, procedure, answers, Detail::TitlesOnly);
}

void draw_checklist(ScreenContext& ctx, const content::Procedure& procedure,
                    const Answers& answers) {
    app::Ui& ui = ctx.ui;
    const app::Theme& th = ui.theme();
    const float u = ui.unit();
    const auto* words = ctx.bundle.pick(procedure.by_locale, ctx.session.locale);
    app::Rect area =
        draw_chrome(ctx, ctx.t("checklist.title") + " — " + (words ? words->title : procedure.id));
    const bool portrait = ui.size().y > ui.size().x;
    const bool rtl = text::locale_direction(ctx.session.locale) == text::Direction::Rtl;
    const float pad = 40 * u;

    // The QR code: beside the list in landscape; with portrait screens or large text,
    // at the top of the list, scrolling with it.
    const std::string handover = checklist_text(ctx, procedure, answers);
    ctx.spoken_text = checklist_text_at(ctx, procedure, answers, Detail::Full);
    const bool stacked = portrait || ctx.session.text_size >= 3;
    app::Rect list_area = area;
    app::Rect qr_rect;
    if (!stacked) {
        const float qr_box = std::min(area.w * 0.32f, area.h - 2 * pad - 120 * u);
        float qx = rtl ? area.x + pad : area.x + area.w - qr_box - pad;
        qr_rect = {qx, area.y + pad, qr_box, qr_box};
        list_area = {rtl ? area.x + qr_box + 2 * pad : area.x, area.y, area.w - qr_box - 2 * pad,
                     area.h};
        float side = app::draw_qr_code(ui.list(), handover, qr_rect.min(), qr_rect.w);
        ui.text(ctx.t("checklist.qr_hint"), {qr_rect.x, qr_rect.y + side + 12 * u, qr_rect.w, 0},
                ui.px(28), th.text, text::Weight::Regular, text::Align::Center);
    }

    app::Rect inner = begin_scroll(ctx, list_area);
    float y = inner.y + pad / 2;
    const float x = inner.x + pad, w = inner.w - 2 * pad;
    if (stacked) {
        const float qr_box = std::min(w, 560 * u);
        float side =
            app::draw_qr_code(ui.list(), handover, ImVec2(x + (w - qr_box) / 2, y), qr_box);
        y += side + 12 * u;
        y += ui.text(ctx.t("checklist.qr_hint"), {x, y, w, 0}, ui.px(28), th.text,
                     text::Weight::Regular, text::Align::Center) +
             pad / 2;
    }
    auto items = checklist_items(procedure, answers);
    y += ui.text(ctx.t("checklist.items", {{"count", int64_t(items.size())}}), {x, y, w, 0},
                 ui.px(32), th.muted_text) +
         16 * u;
    int n = 0;
    for (const content::ChecklistItem* item : items) {
        const content::ItemText* it = ctx.bundle.item_text(procedure, item->id, ctx.session.locale);
        const float top = y;
        y += 20 * u;
        const float tx = x + 24 * u, tw = w - 48 * u;
        y += ui.text(std::to_string(++n) + ". " + (it ? it->title : item->id), {tx, y, tw, 0},
                     ui.px(40), th.text, text::Weight::Bold) +
             8 * u;
        y += ui.text(ctx.t("checklist.counter", {{"counter", item->counter}}) + "  ·  " +
                         ctx.t("checklist.floor", {{"floor", int64_t(item->floor)}}),
                     {tx, y, tw, 0}, ui.px(34), th.text, text::Weight::Bold) +
             8 * u;
        if (it) {
            auto field = [&](const char* key, const std::string& value) {
                if (value.empty()) return;
                y += ui.text(ctx.t(key) + ": " + value, {tx, y, tw, 0}, ui.px(32), th.text) + 6 * u;
            };
            // Japanese and Chinese list with the ideographic comma.
            const bool cjk =
                ctx.session.locale.rfind("ja", 0) == 0 || ctx.session.locale.rfind("zh", 0) == 0;
            std::string bring;
            for (size_t i = 0; i < it->bring.size(); ++i)
                bring += (i ? (cjk ? "、" : ", ") : "") + it->bring[i];
            field("checklist.bring", bring);
            field("checklist.fee", it->fee);
            field("checklist.deadline", it->deadline);
            field("checklist.hours", it->hours);
            if (!it->note.empty())
                y += ui.text(it->note, {tx, y, tw, 0}, ui.px(30), th.muted_text) + 6 * u;
        }
        y += 20 * u;
        ui.list()->AddRect(ImVec2(x, top), ImVec2(x + w, y), th.muted_text, 12 * u, 0, 2 * u);
        y += 20 * u;
    }
    end_scroll(ctx, list_area, y + pad + ctx.session.scroll - list_area.y);
}

} // namespace kiosk::screens
