#pragma once
// Walking a guided procedure: the answers given so far, which question comes next, which
// checklist items an outcome lists, and every outcome the flow can reach (so that
// `kiosk screens` and previews show a checklist for each).

#include "player/content/bundle_model.h"

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace kiosk::screens {

// Answers in the order given: (question id, answer id).
using Answers = std::vector<std::pair<std::string, std::string>>;

// "origin=abroad,children=yes" <-> answers. Parsing checks every pair against the flow
// and that they follow one path from the start to the end; empty string when valid.
std::string encode_answers(const Answers& answers);
std::string parse_answers(const content::Procedure& procedure, std::string_view text, Answers& out,
                          bool must_reach_end);

// The question after `answers` ("end" when the flow is complete).
std::string next_question(const content::Procedure& procedure, const Answers& answers);

// The number of questions on the longest path through the flow (for "2 of 4").
int question_count(const content::Procedure& procedure);

std::vector<const content::ChecklistItem*> checklist_items(const content::Procedure& procedure,
                                                           const Answers& answers);

// The outcomes `kiosk screens`, previews and checks show, bounded whatever the flow:
//  - at most kMaxListedOutcomes complete answer paths: every one, depth first, in flow
//    order;
//  - more: a covering subset, in which every answer of every reachable question and every
//    checklist item that can be shown appear on at least one listed path (so at most
//    answers + items paths). docs/CONTENT.md states the rule.
// Never enumerates all paths: a flow of n two-answer questions has 2^n.
inline constexpr uint64_t kMaxListedOutcomes = 256;
std::vector<Answers> all_outcomes(const content::Procedure& procedure);

} // namespace kiosk::screens
