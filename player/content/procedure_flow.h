#pragma once
// Guided procedures: flow.toml (questions, answers, checklist items) and the per-locale
// words in <locale>.toml. The flow is checked as a graph: every question reachable from
// `start`, every answer leading to a question or "end", no cycles.

#include "player/content/bundle_loader.h"
#include "player/content/bundle_model.h"

#include <optional>
#include <string>
#include <string_view>

namespace kiosk::content {

// Reads flow.toml into the structural fields of `procedure` (category, icon, order, start,
// questions, items); `procedure.id` is left as set by the caller. Returns false only when
// the TOML does not parse; every other fault is reported and the rest still read.
// `category_line` receives the line of `category` for the caller's cross-check.
bool parse_flow(std::string_view text, const std::string& file, Procedure& procedure,
                int* category_line, LoadReport& report);

// Reads one locale's words for `flow`. Text for unknown questions, answers or items is an
// error. Missing text is an error in the default locale (`falls_back_to` null) and a
// warning naming `falls_back_to` in the others.
std::optional<ProcedureText> parse_procedure_text(std::string_view text, const std::string& file,
                                                  const Procedure& flow, std::string_view locale,
                                                  const std::string* falls_back_to,
                                                  LoadReport& report);

} // namespace kiosk::content
