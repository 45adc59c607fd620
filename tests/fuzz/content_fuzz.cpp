// libFuzzer target for the content parsers that read staff-written text: page files (front
// matter split, front matter TOML, Markdown body), flow.toml and procedure locale files, the
// question graph built from a flow, the picture check, and signage (signage.toml, a playlist,
// the schedule checks over whatever signage.toml gave). Limits (TOML nesting, Markdown size
// and depth, questions, rules, slides) are in the path of every input.
// Not part of the default build; with the player library built with
// -fsanitize=fuzzer-no-link,address,undefined:
//   clang++ -std=c++20 -fsanitize=fuzzer,address,undefined -I. tests/fuzz/content_fuzz.cpp \
//       libplayer.a $(pkg-config --libs md4c tomlplusplus icu-i18n) -o content_fuzz
//   ./content_fuzz tests/data/fuzz
// Every input runs through every parser: problems must come back as reports, never as
// crashes, hangs, exceptions or sanitizer findings.

#include "player/content/bundle_loader.h"
#include "player/content/front_matter.h"
#include "player/content/image_check.h"
#include "player/content/markdown_page.h"
#include "player/content/procedure_flow.h"
#include "player/content/procedure_graph.h"
#include "player/content/signage_toml.h"
#include "player/schedule/signage_schedule.h"

#include <cstddef>
#include <cstdint>
#include <string_view>

using namespace kiosk::content;

namespace {

// A small valid flow, so that locale files are checked against real questions and items.
const Procedure& reference_flow() {
    static const Procedure flow = [] {
        Procedure procedure;
        procedure.id = "fuzz";
        LoadReport ignored;
        int category_line = 0;
        parse_flow(R"(category = "c"
start = "origin"
[question.origin]
answers = [{ id = "japan", next = "children" }, { id = "abroad", next = "end" }]
[question.children]
answers = [{ id = "yes", next = "end" }, { id = "no", next = "end" }]
[[item]]
id = "notice"
counter = "1"
[[item]]
id = "card"
when = { origin = "abroad" }
)",
                   "flow.toml", procedure, &category_line, ignored);
        return procedure;
    }();
    return flow;
}

// A bundle as signage sees it: two locales and a fallback, so that text checks run.
const Bundle& reference_bundle() {
    static const Bundle bundle = [] {
        Bundle b;
        b.default_locale = "ja";
        b.locales = {"ja", "en", "ko"};
        b.fallback = {{"default", {"en", "ja"}}};
        return b;
    }();
    return bundle;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    LoadReport report;

    if (auto page = split_page_file(text, "fuzz.md", report)) {
        parse_front_matter(*page, "fuzz.md", report);
        parse_markdown(page->body, page->body_line, "fuzz.md", report);
    } else {
        parse_markdown(text, 1, "fuzz.md", report);
    }

    Procedure procedure;
    procedure.id = "fuzz";
    int category_line = 0;
    parse_flow(text, "flow.toml", procedure, &category_line, report);
    // The outcome reasoning must stay polynomial and in bounds on any flow that parses.
    const ProcedureGraph graph(procedure);
    (void)graph.longest_path();
    (void)graph.outcome_count(1000);
    for (const ChecklistItem& item : procedure.items)
        if (auto steps = graph.conditions(item)) (void)graph.path_through(*steps);

    // Every input is also a picture candidate: header checks and decoding never crash.
    (void)image_problem(text, size < 64 * 1024);

    const std::string fallback = "ja";
    parse_procedure_text(text, "en.toml", reference_flow(), "en", &fallback, report);
    parse_procedure_text(text, "ja.toml", reference_flow(), "ja", nullptr, report);

    // Signage: the schedule's checks stay bounded by the number of rules whatever their
    // dates, and a playlist is read against whatever languages signage.toml gave.
    Signage signage;
    SignageLines lines;
    if (parse_signage(text, "signage.toml", reference_bundle(), signage, lines, report)) {
        signage.present = true;
        (void)kiosk::schedule::check_schedule(signage);
    }
    parse_playlist(text, "p.toml", "p", "signage/playlists/p.toml", reference_bundle(), signage,
                   report);
    return 0;
}
