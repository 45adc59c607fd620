#include "kiosk/screens/procedure_path.h"

#include "player/content/procedure_graph.h"

#include <algorithm>

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
    return content::ProcedureGraph(procedure).longest_path();
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

namespace {

Answers to_answers(const content::Procedure& procedure, const content::ProcedureGraph::Path& path) {
    Answers answers;
    for (const auto& [q, a] : path)
        answers.push_back({procedure.questions[q].id, procedure.questions[q].answers[a].id});
    return answers;
}

// Every outcome, depth first in flow order; only called when there are few.
void list_every_outcome(const content::Procedure& procedure, const content::ProcedureGraph& graph,
                        size_t question, content::ProcedureGraph::Path& path,
                        std::vector<Answers>& out) {
    const auto& answers = procedure.questions[question].answers;
    for (size_t a = 0; a < answers.size(); ++a) {
        path.push_back({question, a});
        const size_t next = graph.target(question, a);
        if (next == content::ProcedureGraph::kEnd)
            out.push_back(to_answers(procedure, path));
        else if (next != content::ProcedureGraph::kUnknown)
            list_every_outcome(procedure, graph, next, path, out);
        path.pop_back();
    }
}

} // namespace

std::vector<Answers> all_outcomes(const content::Procedure& procedure) {
    const content::ProcedureGraph graph(procedure);
    std::vector<Answers> outcomes;
    if (!graph.usable()) return outcomes;
    if (graph.outcome_count(kMaxListedOutcomes + 1) <= kMaxListedOutcomes) {
        content::ProcedureGraph::Path path;
        list_every_outcome(procedure, graph, graph.index_of(procedure.start), path, outcomes);
        return outcomes;
    }

    // Too many to list: a covering subset. Each new path starts from the first answer no
    // listed path gives yet and prefers other such answers on the way, so a chain of n
    // two-answer questions needs 2 paths, not 2^n. Then one path per checklist item that
    // no listed path shows.
    std::vector<std::vector<bool>> uncovered;
    for (const auto& question : procedure.questions)
        uncovered.emplace_back(question.answers.size(), true);
    auto add = [&](const content::ProcedureGraph::Path& path) {
        for (const auto& [q, a] : path)
            uncovered[q][a] = false;
        outcomes.push_back(to_answers(procedure, path));
    };
    for (size_t q = 0; q < procedure.questions.size(); ++q) {
        if (!graph.reachable_from_start(q)) continue;
        for (size_t a = 0; a < uncovered[q].size(); ++a) {
            if (!uncovered[q][a]) continue;
            auto path = graph.path_through({{q, a}}, &uncovered);
            if (path) add(*path);
            uncovered[q][a] = false;
        }
    }
    for (const auto& item : procedure.items) {
        const bool shown = std::any_of(outcomes.begin(), outcomes.end(), [&](const Answers& o) {
            return std::all_of(item.when.begin(), item.when.end(), [&](const auto& cond) {
                return std::find(o.begin(), o.end(), cond) != o.end();
            });
        });
        if (shown) continue;
        auto steps = graph.conditions(item);
        if (!steps) continue;
        if (auto path = graph.path_through(*steps, &uncovered)) add(*path);
    }
    return outcomes;
}

} // namespace kiosk::screens
