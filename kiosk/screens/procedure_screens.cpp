// Guided procedures: an intro, one question per screen, and the personal checklist with
// a QR code to take it away. Nothing here is written anywhere: the answers live in the
// session and are wiped on idle reset.

#include "kiosk/app/qr_code.h"
#include "kiosk/screens/screen.h"
#include "player/text/ruby_markup.h"

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

// The height a large centred-label button needs at width `w` and label size `px`.
float big_button_height(const app::Ui& ui, const std::string& label, float w, float px,
                        float min_h) {
    auto p = ui.label_layout(label, px, w - 32 * ui.unit(), text::Align::Center);
    return std::max(min_h, p->height + 48 * ui.unit());
}

// A screen whose choices must all be visible: when the text above them and the choices
// do not fit the content area together, the choices are pinned to its bottom and only the
// text above them scrolls.
struct PinnedLayout {
    app::Rect text_area;   // the scrolling part (the whole area when nothing is pinned)
    app::Rect action_area; // empty when the actions flow under the text
};

PinnedLayout pin_actions(app::Rect area, float text_h, float actions_h, float gap) {
    if (text_h + actions_h + gap <= area.h) return {area, {}};
    const float band = actions_h + gap;
    return {{area.x, area.y, area.w, area.h - band},
            {area.x, area.y + area.h - band, area.w, band}};
}

} // namespace

void draw_procedure_intro(ScreenContext& ctx, const content::Procedure& procedure) {
    app::Ui& ui = ctx.ui;
    const float u = ui.unit();
    const auto* words = ctx.bundle.pick(procedure.by_locale, ctx.session.locale);
    app::Rect area = draw_chrome(ctx, words ? words->title : procedure.id);
    const float pad = 40 * u;
    if (words) ctx.spoken_text = words->intro;
    const std::string intro = words ? words->intro : std::string();
    const float bw = std::min(area.w - 2 * pad, 900 * u);
    const float bh = big_button_height(ui, ctx.t("procedure.start"), bw, ui.px(34), 130 * u);
    const float sign_h = sign_language_button_height(ctx, area.w - 2 * pad);
    const float intro_h =
        (intro.empty() ? 0 : ui.layout(intro, ui.px(38), area.w - 2 * pad)->height + 2 * pad) +
        sign_h + (sign_h > 0 && intro.empty() ? pad : 0);
    // Start is the one thing to press: it never scrolls out of sight.
    PinnedLayout layout = pin_actions(area, intro_h, bh + pad, 0);
    app::Rect inner = begin_scroll(ctx, layout.text_area);
    float y = inner.y + pad;
    y += draw_sign_language_button(ctx, {inner.x + pad, y, inner.w - 2 * pad, 0});
    if (!intro.empty())
        y += ui.text(intro, {inner.x + pad, y, inner.w - 2 * pad, 0}, ui.px(38), ui.theme().text) +
             pad;
    const bool pinned = !layout.action_area.empty();
    auto start = [&](float top) {
        ui.next_must_see();
        const app::Rect r{area.x + (area.w - bw) / 2, top, bw, bh};
        if (ui.button("start", r, ctx.t("procedure.start"), {}, app::ButtonStyle::Accent)) {
            ctx.session.answers.clear();
            ctx.go_to = "procedure/" + procedure.id + "/" + procedure.start;
        }
    };
    if (!pinned) {
        start(y);
        y += bh;
    }
    end_scroll(ctx, layout.text_area, y + pad - inner.y);
    if (pinned) start(layout.action_area.y + pad / 2);
}

namespace {

// How a question's answers are laid out so that all of them show at once.
struct AnswerGrid {
    int columns = 1;
    float px = 0;
    float cell_w = 0, cell_h = 0;
    float height = 0;
};

AnswerGrid fit_answers(const app::Ui& ui, const std::vector<std::string>& labels, float w,
                       float max_h, float gap) {
    const float u = ui.unit();
    AnswerGrid best;
    // Full size in one column, then two columns, then smaller labels (never below the size
    // of text size 2): the visitor must see every answer to choose one.
    const float floor_scale = std::min(ui.text_scale(), 1.33f);
    for (float scale = ui.text_scale(); scale >= floor_scale - 0.01f; scale -= 0.17f) {
        for (int columns : {1, 2}) {
            if (columns == 2 && labels.size() < 2) continue;
            AnswerGrid g;
            g.columns = columns;
            g.px = 34 * u * scale;
            g.cell_w = (w - gap * float(columns - 1)) / float(columns);
            bool whole = true;
            for (const auto& label : labels) {
                auto p = ui.label_layout(label, g.px, g.cell_w - 32 * u, text::Align::Center);
                whole = whole && !p->split_words && !p->overflow;
                g.cell_h =
                    std::max(g.cell_h, big_button_height(ui, label, g.cell_w, g.px, 110 * u));
            }
            const int rows = int((labels.size() + size_t(columns) - 1) / size_t(columns));
            g.height = float(rows) * g.cell_h + float(rows - 1) * gap;
            best = g;
            if (whole && g.height <= max_h) return g;
        }
    }
    return best;
}

} // namespace

void draw_question(ScreenContext& ctx, const content::Procedure& procedure,
                   const content::Question& question) {
    app::Ui& ui = ctx.ui;
    const app::Theme& th = ui.theme();
    const float u = ui.unit();
    const auto* words = ctx.bundle.pick(procedure.by_locale, ctx.session.locale);
    app::Rect area = draw_chrome(ctx, words ? words->title : procedure.id);
    const float pad = 40 * u, gap = 20 * u;
    const float w = area.w - 2 * pad;

    const bool rtl = is_rtl(ctx);
    const int position = question_position(procedure, ctx.session.answers, question.id);
    const int total = std::max(position, question_count(procedure));
    const std::string progress =
        ctx.t("procedure.progress", {{"current", int64_t(position)}, {"total", int64_t(total)}});
    const content::QuestionText* qt =
        ctx.bundle.question_text(procedure, question.id, ctx.session.locale);
    const std::string question_text = qt ? qt->text : question.id;
    ctx.spoken_text = question_text;
    std::vector<std::string> labels;
    for (const content::Answer& answer : question.answers) {
        std::string label = answer.id;
        if (qt)
            if (auto it = qt->answers.find(answer.id); it != qt->answers.end()) label = it->second;
        labels.push_back(label);
    }

    // Progress is secondary: it grows like the chrome.
    const float progress_px = 30 * u * std::min(ui.text_scale(), 1.5f);
    const float dot = 14 * u;
    auto text_height = [&] {
        return pad * 0.5f + ui.layout(progress, progress_px, w)->height + 8 * u + 2 * dot + 16 * u +
               sign_language_button_height(ctx, w) +
               ui.layout(question_text, ui.px(44), w, text::Weight::Bold)->height + pad;
    };
    const float text_h = text_height();
    // Answers fit beside each other before they shrink; the question scrolls before an
    // answer hides.
    AnswerGrid grid = fit_answers(ui, labels, w, area.h - text_h - pad, gap);
    if (grid.height + text_h + pad > area.h)
        grid = fit_answers(ui, labels, w, area.h * 0.62f - pad, gap);
    PinnedLayout layout = pin_actions(area, text_h, grid.height + pad, 0);

    app::Rect inner = begin_scroll(ctx, layout.text_area);
    float y = inner.y + pad * 0.5f;
    y += ui.text(progress, {inner.x + pad, y, w, 0}, progress_px, th.muted_text) + 8 * u;
    // Progress dots: one per question, filled up to this one.
    for (int i = 0; i < total; ++i) {
        float offset = dot + float(i) * 3.5f * dot;
        ImVec2 c(rtl ? inner.x + inner.w - pad - offset : inner.x + pad + offset, y + dot);
        if (i < position)
            ui.list()->AddCircleFilled(c, dot, th.accent, 24);
        else
            ui.list()->AddCircle(c, dot, th.muted_text, 24, 3 * u);
    }
    y += 2 * dot + 16 * u;
    y += draw_sign_language_button(ctx, {inner.x + pad, y, w, 0});
    y += ui.heading(question_text, {inner.x + pad, y, w, 0}, ui.px(44), th.text) + pad;

    // The answer given before (after Back) stays marked.
    std::string previous;
    for (const auto& [q, a] : ctx.session.answers)
        if (q == question.id) previous = a;
    const bool pinned = !layout.action_area.empty();
    auto draw_answers = [&](float top) {
        for (size_t i = 0; i < question.answers.size(); ++i) {
            const content::Answer& answer = question.answers[i];
            const int col = int(i) % grid.columns, row = int(i) / grid.columns;
            const int visual = rtl ? grid.columns - 1 - col : col;
            const app::Rect r{area.x + pad + float(visual) * (grid.cell_w + gap),
                              top + float(row) * (grid.cell_h + gap), grid.cell_w, grid.cell_h};
            ui.next_must_see();
            if (!ui.button("answer/" + answer.id, r, labels[i], {},
                           answer.id == previous ? app::ButtonStyle::Accent
                                                 : app::ButtonStyle::Normal,
                           app::IconPlacement::Side, grid.px))
                continue;
            Answers& answers = ctx.session.answers;
            auto here = std::find_if(answers.begin(), answers.end(),
                                     [&](const auto& qa) { return qa.first == question.id; });
            answers.erase(here, answers.end()); // answers after this one no longer apply
            answers.push_back({question.id, answer.id});
            ctx.go_to = answer.next == "end"
                            ? "checklist/" + procedure.id + "/" + encode_answers(answers)
                            : "procedure/" + procedure.id + "/" + answer.next;
        }
    };
    if (!pinned) {
        draw_answers(y);
        y += grid.height;
    }
    end_scroll(ctx, layout.text_area, y + pad * 0.5f - inner.y);
    if (pinned) draw_answers(layout.action_area.y + pad * 0.5f);
}

namespace {

// Text for a phone: the base text of ruby markup ({引|ひ}っ{越|こ}し -> 引っ越し).
std::string plain(std::string_view markup) {
    return text::parse_ruby(markup).text;
}

// One item as handed over: title, counter and floor, what to bring, deadline, fee.
std::string item_text(const ChecklistWords& ctx, const content::Procedure& procedure,
                      const content::ChecklistItem& item, int number) {
    const std::string& locale = ctx.locale;
    const content::ItemText* it = ctx.bundle.item_text(procedure, item.id, locale);
    std::string out = std::to_string(number) + ". " + plain(it ? it->title : item.id) + " (" +
                      ctx.t("checklist.counter", {{"counter", item.counter}}) + ", " +
                      ctx.t("checklist.floor", {{"floor", int64_t(item.floor)}}) + ")\n";
    if (!it) return out;
    if (!it->bring.empty()) {
        std::vector<std::string> bring;
        for (const auto& b : it->bring)
            bring.push_back(plain(b));
        out += ctx.t("checklist.bring") + ": " + app::UiStrings::format_list(locale, bring) + "\n";
    }
    if (!it->deadline.empty())
        out += ctx.t("checklist.deadline") + ": " + plain(it->deadline) + "\n";
    if (!it->fee.empty()) out += ctx.t("checklist.fee") + ": " + plain(it->fee) + "\n";
    return out;
}

// A code of this many bytes is at most version 28 at level L (129 modules): quick to scan
// from a screen with any phone. A longer checklist (Burmese and Thai take three bytes a
// letter) is handed over in several codes, item by item.
constexpr size_t kPartBytes = 1400;

} // namespace

std::vector<std::string> checklist_codes(const ChecklistWords& ctx,
                                         const content::Procedure& procedure,
                                         const Answers& answers) {
    const auto* words = ctx.bundle.pick(procedure.by_locale, ctx.locale);
    const std::string title = plain(words ? words->title : procedure.id);
    std::string tail;
    if (!procedure.url.empty()) tail += procedure.url + "\n";
    tail += plain(ctx.bundle.pick(ctx.bundle.title, ctx.locale));
    std::vector<std::string> items;
    int n = 0;
    size_t total = title.size() + 1 + tail.size();
    for (const content::ChecklistItem* item : checklist_items(procedure, answers)) {
        items.push_back(item_text(ctx, procedure, *item, ++n));
        total += items.back().size();
    }
    if (total <= kPartBytes) {
        std::string all = title + "\n";
        for (const auto& item : items)
            all += item;
        return {all + tail};
    }
    // Item by item into parts; each part names the procedure and ends with where to go on.
    std::vector<std::vector<size_t>> parts(1);
    size_t used = 0;
    const size_t frame = title.size() + 16 + tail.size();
    for (size_t i = 0; i < items.size(); ++i) {
        if (!parts.back().empty() && used + items[i].size() + frame > kPartBytes) {
            parts.emplace_back();
            used = 0;
        }
        parts.back().push_back(i);
        used += items[i].size();
    }
    std::vector<std::string> codes;
    for (size_t k = 0; k < parts.size(); ++k) {
        std::string code =
            title + " (" + std::to_string(k + 1) + "/" + std::to_string(parts.size()) + ")\n";
        for (size_t i : parts[k])
            code += items[i];
        codes.push_back(code + tail);
    }
    return codes;
}

void draw_checklist(ScreenContext& ctx, const content::Procedure& procedure,
                    const Answers& answers) {
    app::Ui& ui = ctx.ui;
    const app::Theme& th = ui.theme();
    const float u = ui.unit();
    const auto* words = ctx.bundle.pick(procedure.by_locale, ctx.session.locale);
    // The procedure names the screen; "Your checklist" heads the list, so the top bar's
    // one line holds the name at a readable size.
    app::Rect area = draw_chrome(ctx, words ? words->title : procedure.id);
    const bool portrait = ui.size().y > ui.size().x;
    const bool rtl = is_rtl(ctx);
    const float pad = 32 * u;

    // The QR code stays put while the list scrolls: beside the list in landscape, above it
    // in portrait with the hint beside it. Its size follows the screen, not the text.
    const ChecklistWords checklist_words{ctx.bundle, ctx.strings, ctx.session.locale};
    const std::vector<std::string> codes = checklist_codes(checklist_words, procedure, answers);
    const size_t part = size_t(ctx.session.qr_part) % codes.size();
    const std::string& handover = codes[part];
    ctx.spoken_text.clear();
    for (const auto& code : codes)
        ctx.spoken_text += code + "\n";
    const bool fits_qr = app::qr_version(handover) > 0;
    float hint_px = 28 * u * std::min(ui.text_scale(), 1.5f);
    const std::string hint = ctx.t("checklist.qr_hint");
    // A checklist too long for one easy code comes in parts; one button shows the next.
    const bool several = codes.size() > 1;
    const std::string next_label =
        several ? ctx.t("checklist.qr_part",
                        {{"part", int64_t(part + 1)}, {"parts", int64_t(codes.size())}}) +
                      "  ·  " + ctx.t("checklist.qr_next")
                : std::string();
    app::Rect list_area = area;
    if (fits_qr) {
        float qr_box;
        app::Rect qr_rect, hint_rect;
        float next_h = 0;
        if (!portrait) {
            // Large text takes width from the code, never below what a phone reads easily.
            const float column_w = area.w * (ctx.session.text_size >= 3 ? 0.25f : 0.3f);
            auto room_for_code = [&] {
                const float hint_h = ui.layout(hint, hint_px, column_w, text::Weight::Regular,
                                               text::Align::Center, app::TextRole::Label)
                                         ->height;
                next_h =
                    several ? big_button_height(ui, next_label, column_w, hint_px, 100 * u) : 0.f;
                return std::min(column_w, area.h - 2 * pad - 8 * u - hint_h -
                                              (several ? next_h + pad / 2 : 0.f));
            };
            qr_box = room_for_code();
            // The code comes first: on a small screen with large text, its hint stays at the
            // chrome's size rather than push the code below what a phone can read.
            if (qr_box < app::qr_min_side(handover)) {
                hint_px = 28 * u;
                qr_box = room_for_code();
            }
            const float column = column_w + 2 * pad;
            const float qx = rtl ? area.x + pad : area.x + area.w - column + pad;
            qr_rect = {qx, area.y + pad, qr_box, qr_box};
            hint_rect = {qx, area.y + pad + qr_box + 8 * u, column_w, 0};
            list_area = {rtl ? area.x + column : area.x, area.y, area.w - column, area.h};
        } else {
            qr_box = std::min(area.w * 0.42f, area.h * 0.3f);
            const float qx = rtl ? area.x + area.w - pad - qr_box : area.x + pad;
            qr_rect = {qx, area.y + pad, qr_box, qr_box};
            const float hint_x = rtl ? area.x + pad : qx + qr_box + pad;
            hint_rect = {hint_x, area.y + pad, area.w - qr_box - 3 * pad, 0};
            if (several) next_h = big_button_height(ui, next_label, hint_rect.w, hint_px, 100 * u);
            list_area = {area.x, area.y + qr_box + 2 * pad, area.w, area.h - qr_box - 2 * pad};
        }
        const float side = app::draw_qr_code(ui.list(), handover, qr_rect.min(), qr_rect.w);
        // The audit wants the code on the first screen: one that cannot be drawn is reported
        // as hidden, and its hint is not drawn either.
        ui.must_see("qr", side > 0 ? app::Rect{qr_rect.x, qr_rect.y, side, side}
                                   : app::Rect{-100, -100, 10, 10});
        if (side > 0) {
            const float hint_h = ui.layout(hint, hint_px, hint_rect.w, text::Weight::Regular,
                                           text::Align::Start, app::TextRole::Label)
                                     ->height;
            if (portrait) // beside the code, centred on it with the next-code button
                hint_rect.y +=
                    std::max(0.f, (side - hint_h - (several ? next_h + pad / 2 : 0)) / 2);
            else
                hint_rect.y = qr_rect.y + side + 8 * u;
            ui.text(hint, hint_rect, hint_px, th.text, text::Weight::Regular,
                    portrait ? text::Align::Start : text::Align::Center, app::TextRole::Label);
            if (several) {
                const app::Rect r{hint_rect.x, hint_rect.y + hint_h + pad / 2, hint_rect.w, next_h};
                ui.next_must_see();
                if (ui.button("qr-next", r, next_label, {}, app::ButtonStyle::Normal,
                              app::IconPlacement::Side, hint_px))
                    ctx.session.qr_part = int((part + 1) % codes.size());
            }
        }
    } else {
        ui.must_see("qr", {-100, -100, 10, 10});
    }

    app::Rect inner = begin_scroll(ctx, list_area);
    float y = inner.y + pad / 2;
    const float x = inner.x + pad, w = inner.w - 2 * pad;
    auto items = checklist_items(procedure, answers);
    y += ui.heading(ctx.t("checklist.title") + "  ·  " +
                        ctx.t("checklist.items", {{"count", int64_t(items.size())}}),
                    {x, y, w, 0}, hint_px, th.muted_text) +
         12 * u;
    int n = 0;
    for (const content::ChecklistItem* item : items) {
        const content::ItemText* it = ctx.bundle.item_text(procedure, item->id, ctx.session.locale);
        const float top = y;
        y += 16 * u;
        const float tx = x + 24 * u, tw = w - 48 * u;
        y += ui.heading(std::to_string(++n) + ". " + (it ? it->title : item->id), {tx, y, tw, 0},
                        ui.px(36), th.text) +
             8 * u;
        y += ui.heading(ctx.t("checklist.counter", {{"counter", item->counter}}) + "  ·  " +
                            ctx.t("checklist.floor", {{"floor", int64_t(item->floor)}}),
                        {tx, y, tw, 0}, ui.px(34), th.text) +
             8 * u;
        // The first item shows whole enough to act on: what it is and where to go.
        if (n == 1) ui.must_see("item/1", {x, top, w, y - top});
        if (it) {
            auto field = [&](const char* key, const std::string& value) {
                if (value.empty()) return;
                y += ui.text(ctx.t(key) + ": " + value, {tx, y, tw, 0}, ui.px(32), th.text) + 6 * u;
            };
            field("checklist.bring", app::UiStrings::format_list(ctx.session.locale, it->bring));
            field("checklist.fee", it->fee);
            field("checklist.deadline", it->deadline);
            field("checklist.hours", it->hours);
            if (!it->note.empty())
                y += ui.text(it->note, {tx, y, tw, 0}, ui.px(30), th.muted_text) + 6 * u;
        }
        y += 16 * u;
        ui.list()->AddRect(ImVec2(x, top), ImVec2(x + w, y), th.muted_text, 12 * u, 0, 2 * u);
        y += 16 * u;
    }
    end_scroll(ctx, list_area, y + pad - inner.y);
}

} // namespace kiosk::screens
