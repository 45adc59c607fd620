#include "kiosk/screens/screen.h"

#include "player/text/itemizer.h"

#include <algorithm>

namespace kiosk::screens {

ScreenRoute parse_screen_id(std::string_view id) {
    ScreenRoute route;
    auto slash = id.find('/');
    route.kind = std::string(id.substr(0, slash));
    if (slash == std::string_view::npos) return route;
    std::string_view rest = id.substr(slash + 1);
    auto second = rest.find('/');
    route.id = std::string(rest.substr(0, second));
    if (second != std::string_view::npos) route.rest = std::string(rest.substr(second + 1));
    return route;
}

std::string validate_screen_id(const content::Bundle& bundle, std::string_view id) {
    const std::string unknown =
        "unknown screen ID '" + std::string(id) + "' (kiosk screens lists them)";
    ScreenRoute r = parse_screen_id(id);
    if (r.kind == "home" || r.kind == "lang" || r.kind == "staff" || r.kind == "access" ||
        r.kind == "menu")
        return r.id.empty() && id.find('/') == std::string_view::npos ? "" : unknown;
    if (r.kind == "category")
        return bundle.category(r.id) && r.rest.empty()
                   ? ""
                   : "no category '" + r.id + "' in this bundle";
    if (r.kind == "page")
        return bundle.page(r.id) && r.rest.empty() ? "" : "no page '" + r.id + "' in this bundle";
    if (r.kind == "signage")
        return bundle.signage.slide(r.id) && r.rest.empty()
                   ? ""
                   : "no signage slide '" + r.id + "' in this bundle (signage/playlists/)";
    if (r.kind == "alert")
        return std::binary_search(bundle.alerts.begin(), bundle.alerts.end(), r.id) &&
                       r.rest.empty()
                   ? ""
                   : "no alert '" + r.id + "' in this bundle (alerts/<id>.xml)";
    if (r.kind == "sign") {
        // sign/<screen>: the sign-language clip of a page or procedure screen.
        const std::string_view screen = id.substr(5);
        if (std::string problem = validate_screen_id(bundle, screen); !problem.empty())
            return problem;
        return sign_language_clip(bundle, screen).empty()
                   ? "screen '" + std::string(screen) +
                         "' has no sign-language clip (sign_language in its page or flow.toml)"
                   : "";
    }
    if (r.kind == "procedure" || r.kind == "checklist") {
        const content::Procedure* p = bundle.procedure(r.id);
        if (!p) return "no procedure '" + r.id + "' in this bundle";
        if (r.kind == "procedure")
            return r.rest.empty() || p->question(r.rest)
                       ? ""
                       : "procedure '" + r.id + "' has no question '" + r.rest + "'";
        Answers answers;
        return parse_answers(*p, r.rest, answers, true);
    }
    return unknown;
}

std::vector<std::string> list_screen_ids(const content::Bundle& bundle) {
    std::vector<std::string> ids{"home", "lang", "menu", "staff", "access"};
    for (const auto& c : bundle.categories)
        ids.push_back("category/" + c.id);
    for (const auto& p : bundle.pages)
        ids.push_back("page/" + p.id);
    for (const auto& p : bundle.procedures) {
        ids.push_back("procedure/" + p.id);
        for (const auto& q : p.questions)
            ids.push_back("procedure/" + p.id + "/" + q.id);
        for (const auto& outcome : all_outcomes(p))
            ids.push_back("checklist/" + p.id + "/" + encode_answers(outcome));
    }
    for (size_t i = 0, n = ids.size(); i < n; ++i)
        if (!sign_language_clip(bundle, ids[i]).empty()) ids.push_back("sign/" + ids[i]);
    for (const auto& a : bundle.alerts)
        ids.push_back("alert/" + a);
    for (const auto& playlist : bundle.signage.playlists)
        for (const auto& slide : playlist.slides)
            ids.push_back("signage/" + slide.id);
    return ids;
}

float text_scale_for(int text_size) {
    static const float scales[] = {1.0f, 1.33f, 1.67f, 2.0f};
    return scales[std::clamp(text_size, 1, 4) - 1];
}

bool is_rtl(const ScreenContext& ctx) {
    return text::locale_direction(ctx.session.locale) == text::Direction::Rtl;
}

void draw_screen(ScreenContext& ctx) {
    const content::Bundle& b = ctx.bundle;
    ScreenRoute r = parse_screen_id(ctx.session.screen);
    if (r.kind == "lang") return draw_language_picker(ctx);
    if (r.kind == "staff") return draw_staff_call(ctx);
    if (r.kind == "access") return draw_access_options(ctx);
    if (r.kind == "menu") return draw_menu(ctx);
    if (r.kind == "sign")
        return draw_sign_language(ctx, std::string_view(ctx.session.screen).substr(5));
    if (r.kind == "category")
        if (const content::Category* c = b.category(r.id)) return draw_category(ctx, *c);
    if (r.kind == "page")
        if (const content::Page* p = b.page(r.id)) return draw_page(ctx, *p);
    if (r.kind == "procedure") {
        if (const content::Procedure* p = b.procedure(r.id)) {
            if (r.rest.empty()) return draw_procedure_intro(ctx, *p);
            if (const content::Question* q = p->question(r.rest)) return draw_question(ctx, *p, *q);
        }
    }
    if (r.kind == "checklist") {
        if (const content::Procedure* p = b.procedure(r.id)) {
            Answers answers;
            if (parse_answers(*p, r.rest, answers, true).empty())
                return draw_checklist(ctx, *p, answers);
        }
    }
    draw_home(ctx);
}

} // namespace kiosk::screens
