#include "kiosk/screens/procedure_path.h"

#include <algorithm>
#include <functional>

namespace kiosk::screens {

std::string encode_answers(const Answers& answers) {
    std::string out;
    for (const auto& [q, a] : answers)
        out += (out.empty() ? "" : ",") + q + "=" + a;
    return out;
}

std::string parse_answers(const content::Procedure& procedure, std::string_view text, Answers& out,
                          bool must_reach_end) {
    out.clear();
    std::string expected = procedure.start;
    while (!text.empty()) {
        auto comma = text.find(',');
        std::string_view pair = text.substr(0, comma);
        text = comma == std::string_view::npos ? std::string_view{} : text.substr(comma + 1);
        auto eq = pair.find('=');
        if (eq == std::string_view::npos)
            return "answers look like question=answer,question=answer";
        std::string q(pair.substr(0, eq)), a(pair.substr(eq + 1));
        if (q != expected)
            return "question '" + q + "' is not next in procedure '" + procedure.id +
                   "' (expected '" + expected + "')";
        const content::Question* question = procedure.question(q);
        if (!question) return "procedure '" + procedure.id + "' has no question '" + q + "'";
        auto answer = std::find_if(question->answers.begin(), question->answers.end(),
                                   [&](const content::Answer& x) { return x.id == a; });
        if (answer == question->answers.end())
            return "question '" + q + "' has no answer '" + a + "'";
        out.push_back({q, a});
        expected = answer->next;
    }
    if (must_reach_end && expected != "end")
        return "these answers stop before the end of procedure '" + procedure.id + "' (next: '" +
               expected + "')";
    return {};
}

std::string next_question(const content::Procedure& procedure, const Answers& answers) {
    std::string at = procedure.start;
    for (const auto& [q, a] : answers) {
        const content::Question* question = procedure.question(q);
        if (!question || q != at) break;
        for (const auto& answer : question->answers)
            if (answer.id == a) at = answer.next;
    }
    return at;
}

int question_count(const content::Procedure& procedure) {
    std::function<int(const std::string&, int)> depth = [&](const std::string& id,
                                                            int guard) -> int {
        const content::Question* q = procedure.question(id);
        if (!q || guard > 64) return 0; // the loader rejects cycles; the guard is belt and braces
        int best = 0;
        for (const auto& a : q->answers)
            best = std::max(best, depth(a.next, guard + 1));
        return best + 1;
    };
    return depth(procedure.start, 0);
}

std::vector<const content::ChecklistItem*> checklist_items(const content::Procedure& procedure,
                                                           const Answers& answers) {
    std::vector<const content::ChecklistItem*> items;
    for (const auto& item : procedure.items) {
        bool matches = std::all_of(item.when.begin(), item.when.end(), [&](const auto& cond) {
            return std::find(answers.begin(), answers.end(), cond) != answers.end();
        });
        if (matches) items.push_back(&item);
    }
    return items;
}

std::vector<Answers> all_outcomes(const content::Procedure& procedure) {
    std::vector<Answers> outcomes;
    Answers path;
    std::function<void(const std::string&)> walk = [&](const std::string& id) {
        if (id == "end") {
            outcomes.push_back(path);
            return;
        }
        const content::Question* q = procedure.question(id);
        if (!q || path.size() > 64) return;
        for (const auto& a : q->answers) {
            path.push_back({q->id, a.id});
            walk(a.next);
            path.pop_back();
        }
    };
    walk(procedure.start);
    return outcomes;
}

} // namespace kiosk::screens
