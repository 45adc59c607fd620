// Guided procedure flows as graphs: reachability, dead ends, cycles, unknown targets.

#include "content_test_support.h"

#include "player/content/content_limits.h"
#include "player/content/procedure_flow.h"

#include <doctest/doctest.h>

using namespace kiosk::content;
using namespace kiosk::content::test;

namespace {

Procedure flow(std::string_view text, LoadReport& report) {
    Procedure procedure;
    procedure.id = "p";
    int category_line = 0;
    CHECK(parse_flow(text, "flow.toml", procedure, &category_line, report));
    return procedure;
}

} // namespace

TEST_CASE("content flow: a valid flow has no problems and keeps question answers in order") {
    LoadReport report;
    auto procedure = flow(R"(category = "c"
start = "a"
[question.a]
answers = [{ id = "x", next = "b" }, { id = "y", next = "end" }]
[question.b]
answers = [{ id = "z", next = "end" }]
[[item]]
id = "one"
when = { a = "x", b = "z" }
)",
                          report);
    CHECK_MESSAGE(report.problems.empty(), describe(report));
    CHECK(procedure.start == "a");
    REQUIRE(procedure.question("a") != nullptr);
    CHECK(procedure.question("a")->answers[0].id == "x");
    CHECK(procedure.question("a")->answers[1].next == "end");
    REQUIRE(procedure.items.size() == 1);
    CHECK(procedure.items[0].floor == 1);
    CHECK(procedure.items[0].when.size() == 2);
}

TEST_CASE("content flow: cycles are reported with their path at the closing answer") {
    LoadReport report;
    flow(R"(category = "c"
start = "a"
[question.a]
answers = [{ id = "x", next = "b" }]
[question.b]
answers = [{ id = "y", next = "c" }]
[question.c]
answers = [{ id = "z", next = "a" }, { id = "w", next = "end" }]
)",
         report);
    CHECK(count(report, Severity::Error) == 1);
    CHECK_MESSAGE(
        mentions(report, Severity::Error, "flow.toml:8: questions form a cycle: a -> b -> c -> a"),
        describe(report));
}

TEST_CASE("content flow: unreachable, dead-end and unknown targets are all reported") {
    LoadReport report;
    flow(R"(category = "c"
start = "a"
[question.a]
answers = [
  { id = "x", next = "bb" },
  { id = "y", next = "end" },
]
[question.b]
answers = []
)",
         report);
    CHECK_MESSAGE(mentions(report, Severity::Error,
                           "flow.toml:5: answer \"x\" leads to unknown question \"bb\" (did you "
                           "mean \"b\"?) (use a question id or \"end\")"),
                  describe(report));
    CHECK(mentions(report, Severity::Error, "flow.toml:8: question \"b\" has no answers"));
    CHECK(mentions(report, Severity::Error,
                   "flow.toml:8: question \"b\" cannot be reached from start \"a\""));
    CHECK(count(report, Severity::Error) == 3);
}

TEST_CASE("content flow: a chain as long as the limit is checked without deep recursion") {
    std::string text = "category = \"c\"\nstart = \"q0\"\n";
    const int count_questions = static_cast<int>(kMaxQuestions);
    for (int i = 0; i < count_questions; ++i) {
        std::string next = i + 1 < count_questions ? "q" + std::to_string(i + 1) : "end";
        text += "[question.q" + std::to_string(i) + "]\nanswers = [{ id = \"a\", next = \"" + next +
                "\" }]\n";
    }
    LoadReport report;
    auto procedure = flow(text, report);
    CHECK_MESSAGE(report.problems.empty(), describe(report));
    CHECK(procedure.questions.size() == count_questions);
}

TEST_CASE("content flow: more questions than the limit are refused with one error") {
    std::string text = "category = \"c\"\nstart = \"q0\"\n";
    for (size_t i = 0; i <= kMaxQuestions; ++i)
        text +=
            "[question.q" + std::to_string(i) + "]\nanswers = [{ id = \"a\", next = \"end\" }]\n";
    LoadReport report;
    auto procedure = flow(text, report);
    CHECK(count(report, Severity::Error) == 1);
    CHECK_MESSAGE(mentions(report, Severity::Error, "questions; the limit is 256"),
                  describe(report));
}

TEST_CASE("content flow: locale words are checked against the flow") {
    LoadReport report;
    auto procedure = flow(R"(category = "c"
start = "a"
[question.a]
answers = [{ id = "x", next = "end" }]
[[item]]
id = "one"
)",
                          report);
    REQUIRE(report.problems.empty());
    auto words = parse_procedure_text(R"(title = "T"
[question.a]
text = "Q"
answers = { x = "X", q = "Q" }
[item.two]
title = "Two"
)",
                                      "ja.toml", procedure, "ja", nullptr, report);
    REQUIRE(words.has_value());
    CHECK(words->questions.at("a").answers.at("x") == "X");
    CHECK_MESSAGE(mentions(report, Severity::Error,
                           "ja.toml:4: question \"a\" has no answer \"q\" in flow.toml"),
                  describe(report));
    CHECK(mentions(report, Severity::Error, "ja.toml:5: item \"two\" is not in flow.toml"));
    CHECK(mentions(report, Severity::Error, "ja.toml:5: missing the title of item \"one\""));

    // The same gap in another locale is a warning: the default locale's words show.
    LoadReport other;
    const std::string fallback = "ja";
    auto en =
        parse_procedure_text("title = \"T\"\n[question.a]\ntext = \"Q\"\nanswers = { x = \"X\" }\n",
                             "en.toml", procedure, "en", &fallback, other);
    REQUIRE(en.has_value());
    CHECK(count(other, Severity::Error) == 0);
    CHECK_MESSAGE(mentions(other, Severity::Warning,
                           "missing en translation of the title of item \"one\"; falls back to ja"),
                  describe(other));
}
