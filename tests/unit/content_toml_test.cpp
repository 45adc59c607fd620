// TOML reading: values survive the ASCII-only rewrite that keeps toml++ away from its
// undefined behaviour on non-ASCII input, and mistakes come back as file:line messages.

#include "content_test_support.h"

#include "player/content/toml_fields.h"

#include <doctest/doctest.h>

using namespace kiosk::content;
using namespace kiosk::content::test;

namespace {

std::optional<toml::table> parse(std::string_view text, LoadReport& report, int first_line = 1) {
    return parse_toml(text, TomlSource{"t.toml", first_line, &report});
}

std::string string_at(const toml::table& table, std::string_view key) {
    return table.get(key) && table.get(key)->is_string() ? table.get(key)->as_string()->get()
                                                         : std::string("<missing>");
}

} // namespace

TEST_CASE("content toml: non-ASCII text in every kind of string keeps its value") {
    LoadReport report;
    auto table = parse("# コメント：日本語\n"
                       "a = \"ページ é 😀\"\n"
                       "b = 'C:\\パス \"引用\"'\n"
                       "c = \"\"\"\\\n    ごみの出し方\"\"\"\n"
                       "d = '''\nかな''\n'''\n"
                       "\"キー\" = \"値\" # 注\n"
                       "e = \"\\u3042\\t\"\n",
                       report);
    REQUIRE_MESSAGE(table.has_value(), describe(report));
    CHECK(string_at(*table, "a") == "ページ é 😀");
    CHECK(string_at(*table, "b") == "C:\\パス \"引用\"");
    CHECK(string_at(*table, "c") == "ごみの出し方");
    CHECK(string_at(*table, "d") == "かな''\n");
    CHECK(string_at(*table, "キー") == "値");
    CHECK(string_at(*table, "e") == "あ\t");
    CHECK(table->get("a")->source().begin.line == 2);
    CHECK(table->get("e")->source().begin.line == 10);
    CHECK(report.problems.empty());
}

TEST_CASE("content toml: non-ASCII outside quotes is a syntax error with a hint") {
    LoadReport report;
    CHECK_FALSE(parse("title = \"x\"\norder = 1\ntitle2 = ページ\n", report, 2).has_value());
    CHECK_MESSAGE(mentions(report, Severity::Error,
                           "t.toml:4: TOML syntax error: unexpected \"ペ\" outside quotes"),
                  describe(report));
    CHECK_FALSE(parse("a\xE3\x80\x80= 1\n", report).has_value());
    CHECK(mentions(report, Severity::Error, "t.toml:1: TOML syntax error: full-width space"));
    CHECK_FALSE(parse("a = \"\\ペ\"\n", report).has_value());
    CHECK(mentions(report, Severity::Error,
                   "t.toml:1: TOML syntax error: \\ペ is not a valid escape"));
    CHECK_FALSE(parse("a = \"\xFF\"\n", report).has_value());
    CHECK(mentions(report, Severity::Error, "t.toml:1: invalid UTF-8"));
}

TEST_CASE("content toml: toml++ errors are caught and placed on the right line") {
    LoadReport report;
    CHECK_FALSE(parse("a = 1\nb = [1, 2\nc = 3\n", report, 5).has_value());
    REQUIRE(report.problems.size() == 1);
    CHECK(report.problems[0].where.file == "t.toml");
    CHECK(report.problems[0].where.line >= 6);
    CHECK(report.problems[0].where.message.find("TOML syntax error: ") == 0);
}

TEST_CASE("content toml: unknown keys suggest the closest known key") {
    LoadReport report;
    auto table = parse("titel = \"x\"\ncolour = 1\n", report);
    REQUIRE(table.has_value());
    check_keys(TomlSource{"t.toml", 1, &report}, *table, {"title", "order"}, "in front matter");
    CHECK_MESSAGE(mentions(report, Severity::Error,
                           "t.toml:1: unknown key \"titel\" in front matter (did you mean "
                           "\"title\"?)"),
                  describe(report));
    CHECK(mentions(
        report, Severity::Error,
        "t.toml:2: unknown key \"colour\" in front matter (allowed: \"title\", \"order\")"));
}

TEST_CASE("content toml: headers without a name are reported, nested arrays are not headers") {
    LoadReport report;
    auto table = parse("a = [\n  [1, 2],\n[3],\n]\nb = { c = [[4]] }\n[t]\nd = 1\n[[u]]\n", report);
    REQUIRE_MESSAGE(table.has_value(), describe(report));
    CHECK(table->at_path("a[1][0]").value<int64_t>() == 3);
    CHECK(table->at_path("t.d").value<int64_t>() == 1);
    // toml++ 3.3 asserts on these instead of reporting them.
    CHECK_FALSE(parse("x = 1\n[, next = \"a\" },\n", report).has_value());
    CHECK_MESSAGE(mentions(report, Severity::Error,
                           "t.toml:2: TOML syntax error: a table header needs a name after ["),
                  describe(report));
    CHECK_FALSE(parse("[[ =]]\n", report).has_value());
    CHECK(mentions(report, Severity::Error, "t.toml:1: TOML syntax error: a table header"));
}

TEST_CASE("content toml: a } where a list expects a value is reported") {
    LoadReport report;
    CHECK_FALSE(parse("a = [\n  { b = 1 },\n}\n]\n", report).has_value());
    CHECK_MESSAGE(mentions(report, Severity::Error,
                           "t.toml:3: TOML syntax error: expected a value or ] in a list, saw }"),
                  describe(report));
    CHECK(parse("a = [{ b = [1, { c = 2 }] }]\n", report).has_value());
}
