#pragma once
// The questions of one procedure as a graph, for reasoning about outcomes without listing
// them: a flow of n two-answer questions has up to 2^n outcomes, so nothing here walks
// every path. Everything is polynomial in the number of questions and answers (at most
// kMaxQuestions x kMaxAnswers): reachability is a bit matrix filled in one pass over a
// topological order, outcome counts saturate, and a path through given answers is built
// greedily with the reachability matrix as the guide.

#include "player/content/bundle_model.h"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>
#include <utility>
#include <vector>

namespace kiosk::content {

class ProcedureGraph {
  public:
    static constexpr size_t kEnd = static_cast<size_t>(-1); // the target "end"
    static constexpr size_t kUnknown = static_cast<size_t>(-2);

    // (question index, answer index) into procedure.questions / .answers.
    using Step = std::pair<size_t, size_t>;
    using Path = std::vector<Step>;

    explicit ProcedureGraph(const Procedure& procedure);

    // False when the flow has a cycle or no valid start (the loader reports both); the
    // queries below then answer conservatively (nothing reachable, no paths).
    bool usable() const { return m_usable; }

    size_t index_of(std::string_view question) const;
    // Where an answer leads: a question index, kEnd, or kUnknown.
    size_t target(size_t question, size_t answer) const;
    // `to` can be asked after `from` (or is `from`).
    bool reaches(size_t from, size_t to) const;
    bool reachable_from_start(size_t question) const;

    // Questions on the longest path from start to end ("question 3 of 7").
    int longest_path() const;
    // How many complete answer paths there are, or `cap` when there are at least `cap`.
    uint64_t outcome_count(uint64_t cap) const;

    // A complete path from start to end that gives every answer in `required` (at most one
    // per question), or nothing when no visitor can give them all. Elsewhere the path
    // prefers answers `prefer` marks (then flow order), which callers use to cover the
    // graph with few paths.
    std::optional<Path> path_through(std::vector<Step> required,
                                     const std::vector<std::vector<bool>>* prefer = nullptr) const;

    // The item's `when` answers as steps, or nothing when one names an unknown question or
    // answer (reported by the loader already).
    std::optional<std::vector<Step>> conditions(const ChecklistItem& item) const;

  private:
    const Procedure& m_procedure;
    bool m_usable = false;
    size_t m_start = kUnknown;
    std::vector<std::vector<size_t>> m_targets; // [question][answer] -> target
    std::vector<size_t> m_order;                // topological: a question before its targets
    std::vector<size_t> m_position;             // index in m_order
    std::vector<std::vector<uint64_t>> m_reach; // bit matrix, row per question
};

} // namespace kiosk::content
