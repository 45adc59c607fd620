#include "player/content/procedure_graph.h"

#include <algorithm>
#include <map>

namespace kiosk::content {

ProcedureGraph::ProcedureGraph(const Procedure& procedure) : m_procedure(procedure) {
    const size_t count = procedure.questions.size();
    std::map<std::string_view, size_t> index;
    for (size_t q = 0; q < count; ++q)
        index.emplace(procedure.questions[q].id, q);
    m_targets.resize(count);
    std::vector<size_t> incoming(count, 0);
    for (size_t q = 0; q < count; ++q)
        for (const Answer& answer : procedure.questions[q].answers) {
            size_t to = kUnknown;
            if (answer.next == "end")
                to = kEnd;
            else if (auto it = index.find(answer.next); it != index.end())
                to = it->second;
            m_targets[q].push_back(to);
            if (to < count) ++incoming[to];
        }
    if (auto it = index.find(procedure.start); it != index.end()) m_start = it->second;

    // Kahn's algorithm; fewer than `count` questions ordered means a cycle.
    std::vector<size_t> ready;
    for (size_t q = count; q-- > 0;)
        if (incoming[q] == 0) ready.push_back(q);
    while (!ready.empty()) {
        const size_t q = ready.back();
        ready.pop_back();
        m_order.push_back(q);
        for (size_t to : m_targets[q])
            if (to < count && --incoming[to] == 0) ready.push_back(to);
    }
    m_usable = m_order.size() == count && m_start != kUnknown;
    if (!m_usable) return;
    m_position.assign(count, 0);
    for (size_t i = 0; i < count; ++i)
        m_position[m_order[i]] = i;

    const size_t words = (count + 63) / 64;
    m_reach.assign(count, std::vector<uint64_t>(words, 0));
    for (size_t i = count; i-- > 0;) {
        const size_t q = m_order[i];
        std::vector<uint64_t>& row = m_reach[q];
        row[q / 64] |= uint64_t(1) << (q % 64);
        for (size_t to : m_targets[q])
            if (to < count)
                for (size_t w = 0; w < words; ++w)
                    row[w] |= m_reach[to][w];
    }
}

size_t ProcedureGraph::index_of(std::string_view question) const {
    for (size_t q = 0; q < m_procedure.questions.size(); ++q)
        if (m_procedure.questions[q].id == question) return q;
    return kUnknown;
}

size_t ProcedureGraph::target(size_t question, size_t answer) const {
    return m_targets[question][answer];
}

bool ProcedureGraph::reaches(size_t from, size_t to) const {
    if (!m_usable || from >= m_reach.size() || to >= m_reach.size()) return false;
    return (m_reach[from][to / 64] >> (to % 64)) & 1;
}

bool ProcedureGraph::reachable_from_start(size_t question) const {
    return reaches(m_start, question);
}

int ProcedureGraph::longest_path() const {
    if (!m_usable) return 0;
    std::vector<int> longest(m_order.size(), 0);
    for (size_t i = m_order.size(); i-- > 0;) {
        const size_t q = m_order[i];
        int best = 0;
        for (size_t to : m_targets[q])
            if (to < m_order.size()) best = std::max(best, longest[to]);
        longest[q] = best + 1;
    }
    return longest[m_start];
}

uint64_t ProcedureGraph::outcome_count(uint64_t cap) const {
    if (!m_usable) return 0;
    std::vector<uint64_t> paths(m_order.size(), 0);
    for (size_t i = m_order.size(); i-- > 0;) {
        const size_t q = m_order[i];
        uint64_t sum = 0;
        for (size_t to : m_targets[q]) {
            const uint64_t more = to == kEnd ? 1 : to < paths.size() ? paths[to] : 0;
            sum = std::min(cap, sum + more); // saturates: both terms are at most cap
        }
        paths[q] = sum;
    }
    return paths[m_start];
}

std::optional<ProcedureGraph::Path>
ProcedureGraph::path_through(std::vector<Step> required,
                             const std::vector<std::vector<bool>>* prefer) const {
    if (!m_usable) return std::nullopt;
    std::sort(required.begin(), required.end(), [&](const Step& a, const Step& b) {
        return m_position[a.first] < m_position[b.first];
    });
    // Each required answer must lead on to the next required question.
    size_t at = m_start;
    for (const Step& step : required) {
        if (at == kEnd || !reaches(at, step.first)) return std::nullopt;
        at = m_targets[step.first][step.second];
        if (at == kUnknown) return std::nullopt;
    }

    // At each question: the required answer if this question is required; otherwise an
    // answer that still leads to the next required question (a preferred one first).
    Path path;
    size_t next_required = 0;
    at = m_start;
    while (at != kEnd) {
        if (at == kUnknown || path.size() > m_order.size()) return std::nullopt;
        size_t chosen = kUnknown;
        if (next_required < required.size() && required[next_required].first == at) {
            chosen = required[next_required++].second;
        } else {
            const size_t goal =
                next_required < required.size() ? required[next_required].first : kEnd;
            for (int pass = prefer ? 0 : 1; pass < 2 && chosen == kUnknown; ++pass)
                for (size_t a = 0; a < m_targets[at].size() && chosen == kUnknown; ++a) {
                    const size_t to = m_targets[at][a];
                    const bool leads =
                        goal == kEnd ? to != kUnknown : (to != kEnd && reaches(to, goal));
                    if (leads && (pass == 1 || (*prefer)[at][a])) chosen = a;
                }
        }
        if (chosen == kUnknown) return std::nullopt;
        path.push_back({at, chosen});
        at = m_targets[at][chosen];
    }
    if (next_required != required.size()) return std::nullopt;
    return path;
}

std::optional<std::vector<ProcedureGraph::Step>>
ProcedureGraph::conditions(const ChecklistItem& item) const {
    std::vector<Step> steps;
    for (const auto& condition : item.when) {
        const std::string& answer_id = condition.second;
        const size_t q = index_of(condition.first);
        if (q == kUnknown) return std::nullopt;
        const auto& answers = m_procedure.questions[q].answers;
        auto it = std::find_if(answers.begin(), answers.end(),
                               [&](const Answer& a) { return a.id == answer_id; });
        if (it == answers.end()) return std::nullopt;
        steps.push_back({q, static_cast<size_t>(it - answers.begin())});
    }
    return steps;
}

} // namespace kiosk::content
