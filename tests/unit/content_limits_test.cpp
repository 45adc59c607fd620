// Bounded cost on hostile content: every limit of docs/CONTENT.md refuses its input with
// one message, and checklist outcomes are reasoned about on the question graph instead of
// being enumerated (2^n of them for n two-answer questions).

#include "bundle_test_support.h"
#include "content_test_support.h"

#include "kiosk/screens/procedure_path.h"
#include "player/bundle/bundle_builder.h"
#include "player/content/bundle_loader.h"
#include "player/content/content_limits.h"
#include "player/content/markdown_page.h"
#include "player/content/procedure_flow.h"
#include "player/content/procedure_graph.h"
#include "player/content/toml_fields.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <set>

using namespace kiosk::content;
using namespace kiosk::content::test;
using kiosk::bundle::test::TempDir;
using kiosk::bundle::test::write_file;
namespace fs = std::filesystem;

namespace {

// A chain of `questions` yes/no questions (both answers lead on), an item on every tenth
// "yes", and one item that needs answers far apart.
std::string long_flow(size_t questions) {
    std::string text = "category = \"c\"\nstart = \"q0\"\n";
    for (size_t i = 0; i < questions; ++i) {
        const std::string next = i + 1 < questions ? "q" + std::to_string(i + 1) : "end";
        text += "[question.q" + std::to_string(i) + "]\nanswers = [{ id = \"yes\", next = \"" +
                next + "\" }, { id = \"no\", next = \"" + next + "\" }]\n";
    }
    for (size_t i = 0; i < questions; i += 10)
        text += "[[item]]\nid = \"i" + std::to_string(i) + "\"\nwhen = { q" + std::to_string(i) +
                " = \"yes\" }\n";
    text += "[[item]]\nid = \"far\"\nwhen = { q1 = \"yes\", q" + std::to_string(questions - 2) +
            " = \"no\" }\n";
    return text;
}

Procedure parse(const std::string& text, LoadReport& report) {
    Procedure procedure;
    procedure.id = "p";
    int category_line = 0;
    REQUIRE(parse_flow(text, "flow.toml", procedure, &category_line, report));
    return procedure;
}

// A valid one-page bundle in `dir`; callers add or replace files to break it.
void make_bundle(const fs::path& dir) {
    write_file(dir / "bundle.toml", "id = \"t\"\nversion = \"1\"\ndefault_locale = \"ja\"\n"
                                    "locales = [\"ja\"]\n[title]\nja = \"テスト\"\n"
                                    "[[category]]\nid = \"living\"\nicon = \"home\"\n"
                                    "[category.title]\nja = \"くらし\"\n");
    write_file(dir / "pages/a/ja.md",
               "+++\ncategory = \"living\"\ntitle = \"ページ\"\n+++\n\n本文です。\n");
}

} // namespace

TEST_CASE("content limits: a 200-question procedure checks without enumerating outcomes") {
    LoadReport report;
    const Procedure procedure = parse(long_flow(200), report);
    CHECK_MESSAGE(report.problems.empty(), describe(report));
    const ProcedureGraph graph(procedure);
    REQUIRE(graph.usable());
    CHECK(graph.longest_path() == 200);
    // 2^200 outcomes: the count saturates instead of overflowing or walking them.
    CHECK(graph.outcome_count(1000000) == 1000000);

    const auto outcomes = kiosk::screens::all_outcomes(procedure);
    // A covering subset: bounded by answers + items, yet every answer and item appears.
    CHECK(outcomes.size() >= 2);
    CHECK(outcomes.size() <= 2 * 200 + procedure.items.size());
    std::set<std::pair<std::string, std::string>> given;
    for (const auto& outcome : outcomes) {
        CHECK(outcome.size() == 200);
        given.insert(outcome.begin(), outcome.end());
    }
    CHECK(given.size() == 400);
    for (const ChecklistItem& item : procedure.items) {
        CAPTURE(item.id);
        CHECK(std::any_of(outcomes.begin(), outcomes.end(), [&](const auto& outcome) {
            const auto shown = kiosk::screens::checklist_items(procedure, outcome);
            return std::find(shown.begin(), shown.end(), &item) != shown.end();
        }));
    }
    CHECK(kiosk::screens::question_count(procedure) == 200);
}

TEST_CASE("content limits: small flows still list every outcome, in flow order") {
    LoadReport report;
    const Procedure procedure = parse(R"(category = "c"
start = "a"
[question.a]
answers = [{ id = "x", next = "b" }, { id = "y", next = "end" }]
[question.b]
answers = [{ id = "p", next = "end" }, { id = "q", next = "end" }]
)",
                                      report);
    const auto outcomes = kiosk::screens::all_outcomes(procedure);
    REQUIRE(outcomes.size() == 3);
    CHECK(kiosk::screens::encode_answers(outcomes[0]) == "a=x,b=p");
    CHECK(kiosk::screens::encode_answers(outcomes[1]) == "a=x,b=q");
    CHECK(kiosk::screens::encode_answers(outcomes[2]) == "a=y");
}

TEST_CASE("content limits: an item no single path can show is reported, one that can is not") {
    LoadReport report;
    parse(R"(category = "c"
start = "a"
[question.a]
answers = [{ id = "x", next = "b" }, { id = "y", next = "c" }]
[question.b]
answers = [{ id = "p", next = "end" }]
[question.c]
answers = [{ id = "q", next = "end" }]
[[item]]
id = "never"
when = { b = "p", c = "q" }
[[item]]
id = "sometimes"
when = { a = "x", b = "p" }
[[item]]
id = "late"
when = { a = "y", b = "p" }
)",
          report);
    CHECK(count(report, Severity::Error) == 2);
    CHECK_MESSAGE(
        mentions(report, Severity::Error, "flow.toml:9: item \"never\" can never be shown"),
        describe(report));
    CHECK(mentions(report, Severity::Error, "flow.toml:15: item \"late\" can never be shown"));
}

TEST_CASE("content limits: TOML nested far beyond the limit is refused before toml++") {
    for (const std::string& text :
         {"x = " + std::string(100000, '[') + std::string(100000, ']') + "\n",
          "x = " + std::string(100000, '{') + "\n", std::string(100000, 'a') + "\n",
          [] {
              std::string key = "a";
              for (int i = 0; i < 100000; ++i)
                  key += ".a";
              return key + " = 1\n";
          }(),
          "[" + std::string(100000, '[') + "a]\n"}) {
        LoadReport report;
        auto table = parse_toml(text, TomlSource{"f.toml", 1, &report});
        CHECK_FALSE(table.has_value());
        CHECK_MESSAGE(count(report, Severity::Error) == 1, describe(report));
    }
}

TEST_CASE("content limits: Markdown over a limit is refused with one error and no blocks") {
    struct Case {
        std::string body, fragment;
    };
    std::string wide = "|" + std::string(40, 'a');
    for (int i = 0; i < 200; ++i)
        wide += "|a";
    wide += "|\n|---";
    for (int i = 0; i < 200; ++i)
        wide += "|---";
    wide += "|\n";
    std::string many_rows = "|a|b|\n|---|---|\n";
    for (int i = 0; i < 5000; ++i)
        many_rows += "|1|2|\n";
    std::string blocks;
    for (size_t i = 0; i <= kMaxBlocksPerPage; ++i)
        blocks += "- item\n";
    const Case cases[] = {
        {std::string(1 << 20, 'x') + "\n", "longer than 8192 bytes"},
        {std::string(100000, '>') + " deep\n", "nested more than 8 levels"},
        {std::string(5000, ' ') + "\n" +
             [] {
                 std::string list;
                 for (int i = 0; i < 20; ++i)
                     list += std::string(size_t(i) * 2, ' ') + "- item\n";
                 return list;
             }(),
         "nested more than 8 levels"},
        {wide, "columns; the limit is 12"},
        {many_rows, "more than 100 rows"},
        {blocks, "more than 2000 paragraphs"},
    };
    for (const Case& c : cases) {
        LoadReport report;
        MarkdownPage page = parse_markdown(c.body, 1, "p.md", report);
        CAPTURE(c.fragment);
        CHECK(page.blocks.empty());
        CHECK_MESSAGE(count(report, Severity::Error) == 1, describe(report));
        CHECK_MESSAGE(mentions(report, Severity::Error, c.fragment), describe(report));
    }
}

TEST_CASE("content limits: a 20 MB page is refused by size, before it is read") {
    TempDir temp;
    make_bundle(temp.path());
    write_file(temp / "pages/a/ja.md",
               "+++\ncategory = \"living\"\ntitle = \"x\"\n+++\n" + std::string(20 << 20, 'x'));
    LoadReport report;
    auto bundle = load_bundle(temp.path(), &report);
    REQUIRE_FALSE(bundle.ok());
    CHECK(count(report, Severity::Error) == 1);
    CHECK_MESSAGE(mentions(report, Severity::Error, "more than the limit of 256 KiB"),
                  describe(report));
}

TEST_CASE("content limits: a deleted image blob fails like a deleted page blob") {
    TempDir temp;
    make_bundle(temp / "ward");
    write_file(temp / "ward/pages/a/ja.md", "+++\ncategory = \"living\"\ntitle = \"x\"\n+++\n\n"
                                            "![地図](images/map.png)\n");
    std::ifstream png(fs::path(KIOSK_TEST_DATA) / "data/broken/image-no-alt/images/map.png",
                      std::ios::binary);
    write_file(temp / "ward/images/map.png",
               std::string(std::istreambuf_iterator<char>(png), std::istreambuf_iterator<char>()));
    REQUIRE(load_bundle(temp / "ward").ok());
    REQUIRE(
        kiosk::bundle::build_bundle(temp / "ward", temp / "out", {"t", "1"}, {1, 1893456000}).ok());
    auto files = kiosk::bundle::BundleFiles::open(temp / "out");
    REQUIRE(files.ok());
    REQUIRE(load_bundle(*files).ok());
    for (const auto& entry : files->files())
        if (entry.path == "images/map.png") fs::remove(temp / "out/blobs" / entry.sha256);
    LoadReport report;
    auto broken = load_bundle(temp / "out", &report);
    REQUIRE_FALSE(broken.ok());
    CHECK_MESSAGE(mentions(report, Severity::Error, "blobs/"), describe(report));
}

TEST_CASE("content limits: one cause in one file gives at most 20 errors and a summary") {
    TempDir temp;
    make_bundle(temp.path());
    std::string front = "+++\ncategory = \"living\"\ntitle = \"x\"\n";
    for (int i = 0; i < 500; ++i)
        front += "unknown" + std::to_string(i) + " = 1\n";
    write_file(temp / "pages/a/ja.md", front + "+++\n本文\n");
    LoadReport report;
    REQUIRE_FALSE(load_bundle(temp.path(), &report).ok());
    CHECK(count(report, Severity::Error) == kMaxErrorsPerFile + 1);
    CHECK_MESSAGE(mentions(report, Severity::Error, "and 480 more errors in this file"),
                  describe(report));
}

TEST_CASE("content limits: a 70-character bundle id fails check as it would fail build") {
    TempDir temp;
    make_bundle(temp.path());
    write_file(temp / "bundle.toml", "id = \"" + std::string(70, 'a') +
                                         "\"\nversion = \"1\"\ndefault_locale = \"ja\"\n"
                                         "locales = [\"ja\"]\n[title]\nja = \"テスト\"\n"
                                         "[[category]]\nid = \"living\"\nicon = \"home\"\n"
                                         "[category.title]\nja = \"くらし\"\n");
    LoadReport report;
    REQUIRE_FALSE(load_bundle(temp.path(), &report).ok());
    CHECK(mentions(report, Severity::Error, "at most 64 characters"));
}

TEST_CASE("content limits: empty procedure titles and answer labels are refused") {
    LoadReport flow_report;
    const Procedure procedure = parse(R"(category = "c"
start = "a"
[question.a]
answers = [{ id = "x", next = "end" }]
)",
                                      flow_report);
    LoadReport report;
    auto words = parse_procedure_text("title = \"  \"\n[question.a]\ntext = \"Q\"\n"
                                      "answers = { x = \"\" }\n",
                                      "ja.toml", procedure, "ja", nullptr, report);
    CHECK_MESSAGE(mentions(report, Severity::Error, "ja.toml:1: \"title\" is empty"),
                  describe(report));
    CHECK(mentions(report, Severity::Error, "ja.toml:4: the label of answer \"x\" is empty"));
}
