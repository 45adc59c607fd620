// Markdown bodies to flat Block lists: headings, lists, tables, images, links, ruby.

#include "content_test_support.h"

#include "player/content/front_matter.h"
#include "player/content/markdown_page.h"

#include <doctest/doctest.h>

using namespace kiosk::content;
using namespace kiosk::content::test;

namespace {

MarkdownPage parse(std::string_view body, LoadReport& report, int first_line = 1) {
    return parse_markdown(body, first_line, "page.md", report);
}

} // namespace

TEST_CASE("content markdown: headings keep their level, deeper ones draw as level 3") {
    LoadReport report;
    auto page = parse("# One\n\n## Two\n\n#### Four\n", report);
    REQUIRE(page.blocks.size() == 3);
    CHECK(page.blocks[0].kind == BlockKind::Heading);
    CHECK(page.blocks[0].level == 1);
    CHECK(page.blocks[0].text == "One");
    CHECK(page.blocks[1].level == 2);
    CHECK(page.blocks[2].level == 3);
    CHECK(page.blocks[2].source_line == 5);
    CHECK(report.problems.empty());
}

TEST_CASE("content markdown: paragraphs join lines, without a space for Japanese") {
    LoadReport report;
    auto page = parse("燃えるごみは\n月曜日です。\n\nBurnable garbage\non Monday.\n", report);
    REQUIRE(page.blocks.size() == 2);
    CHECK(page.blocks[0].text == "燃えるごみは月曜日です。");
    CHECK(page.blocks[1].text == "Burnable garbage on Monday.");
    CHECK(page.blocks[1].source_line == 4);
}

TEST_CASE("content markdown: bold is marked for the bold faces, ruby markup is kept untouched") {
    LoadReport report;
    auto page = parse("{住|す}み始めてから **14日以内** に{届|とど}け{出|で}る\n", report);
    REQUIRE(page.blocks.size() == 1);
    // The spaces around the strong words are Markdown's, not the sentence's: they go.
    CHECK(page.blocks[0].text == "{住|す}み始めてから\x02"
                                 "14日以内\x03に{届|とど}け{出|で}る");
}

TEST_CASE("content markdown: list items with nesting, numbers and lines") {
    LoadReport report;
    auto page = parse("- a\n- b\n  - b1\n  - b2\n- c\n\n3. three\n4. four\n", report, 7);
    REQUIRE(page.blocks.size() == 7);
    CHECK(page.blocks[0].kind == BlockKind::ListItem);
    CHECK(page.blocks[0].text == "a");
    CHECK(page.blocks[0].level == 1);
    CHECK_FALSE(page.blocks[0].ordered);
    CHECK(page.blocks[2].text == "b1");
    CHECK(page.blocks[2].level == 2);
    CHECK(page.blocks[2].source_line == 9);
    CHECK(page.blocks[4].text == "c");
    CHECK(page.blocks[4].level == 1);
    CHECK(page.blocks[5].ordered);
    CHECK(page.blocks[5].number == 3);
    CHECK(page.blocks[6].number == 4);
    CHECK(page.blocks[6].source_line == 14);
}

TEST_CASE("content markdown: loose lists are items too, not paragraphs") {
    LoadReport report;
    auto page = parse("- first\n\n- second\n", report);
    REQUIRE(page.blocks.size() == 2);
    CHECK(page.blocks[0].kind == BlockKind::ListItem);
    CHECK(page.blocks[1].kind == BlockKind::ListItem);
    CHECK(page.blocks[1].text == "second");
}

TEST_CASE("content markdown: tables become rows of cells; ruby pipes stay in the cell") {
    LoadReport report;
    auto page = parse(
        "| 窓口 | 階 |\n|---|---|\n| {住民票|じゅうみんひょう} | 1 |\n| [地図](page:map) | 2 |\n",
        report);
    REQUIRE(page.blocks.size() == 3);
    CHECK(page.blocks[0].kind == BlockKind::TableRow);
    CHECK(page.blocks[0].header);
    CHECK(page.blocks[0].cells == std::vector<std::string>{"窓口", "階"});
    CHECK_FALSE(page.blocks[1].header);
    CHECK(page.blocks[1].cells == std::vector<std::string>{"{住民票|じゅうみんひょう}", "1"});
    CHECK(page.blocks[1].source_line == 3);
    REQUIRE(page.blocks[2].links.size() == 1);
    CHECK(page.blocks[2].links[0].target == "page:map");
    CHECK(page.blocks[2].links[0].text == "地図");
}

TEST_CASE("content markdown: images are blocks of their own with alt text and line") {
    LoadReport report;
    auto page = parse(
        "Before ![A map of floor 1](images/floor-1.png) after.\n\n![](images/x.png)\n", report);
    REQUIRE(page.blocks.size() == 4);
    CHECK(page.blocks[0].text == "Before");
    CHECK(page.blocks[1].kind == BlockKind::Image);
    CHECK(page.blocks[1].text == "A map of floor 1");
    CHECK(page.blocks[1].image == "images/floor-1.png");
    CHECK(page.blocks[2].text == "after.");
    CHECK(page.blocks[3].kind == BlockKind::Image);
    CHECK(page.blocks[3].text.empty());
    REQUIRE(page.images.size() == 2);
    CHECK(page.images[1].path == "images/x.png");
    CHECK(page.images[1].line == 3);
}

TEST_CASE("content markdown: links are collected per block with their text") {
    LoadReport report;
    auto page =
        parse("See [My Number card](page:my-number-card) and\n[the guide](procedure:moving-in).\n",
              report);
    REQUIRE(page.blocks.size() == 1);
    CHECK(page.blocks[0].text == "See My Number card and the guide.");
    REQUIRE(page.blocks[0].links.size() == 2);
    CHECK(page.blocks[0].links[0].target == "page:my-number-card");
    CHECK(page.blocks[0].links[0].text == "My Number card");
    CHECK(page.blocks[0].links[1].target == "procedure:moving-in");
    CHECK(page.blocks[0].links[1].text == "the guide");
}

TEST_CASE("content markdown: entities decode; code and HTML are dropped with a warning") {
    LoadReport report;
    auto page = parse("Fish &amp; chips &#x263A;\n\n```\ncode\n```\n\n<div>x</div>\n", report);
    REQUIRE(page.blocks.size() == 1);
    CHECK(page.blocks[0].text == "Fish & chips \u263A");
    CHECK(count(report, Severity::Warning) == 2);
    CHECK_MESSAGE(mentions(report, Severity::Warning, "page.md:4: code blocks are not shown"),
                  describe(report));
    CHECK(mentions(report, Severity::Warning, "page.md:7: HTML is not shown"));
}

TEST_CASE("content front matter: split between +++ lines, body line follows") {
    LoadReport report;
    auto split = split_page_file("+++\r\ntitle = \"x\"\r\n+++  \r\nbody\n", "p.md", report);
    REQUIRE(split.has_value());
    CHECK(split->front_matter == "title = \"x\"\r\n");
    CHECK(split->body == "body\n");
    CHECK(split->body_line == 4);
    auto front = parse_front_matter(*split, "p.md", report);
    REQUIRE(front.has_value());
    CHECK(front->title == "x");
    CHECK_FALSE(front->category.has_value());
    CHECK(report.problems.empty());

    CHECK_FALSE(split_page_file("+++\ntitle = \"x\"\nbody\n", "p.md", report).has_value());
    CHECK(mentions(report, Severity::Error,
                   "p.md:1: front matter opened by this +++ line is never closed"));
    CHECK_FALSE(split_page_file("", "q.md", report).has_value());
    CHECK(mentions(report, Severity::Error, "q.md:1: the first line must be +++"));
}

TEST_CASE("content front matter: lines of TOML problems count from the file's first line") {
    LoadReport report;
    auto split = split_page_file("+++\ntitle = \"x\"\norder = \"ten\"\n+++\n", "p.md", report);
    REQUIRE(split.has_value());
    auto front = parse_front_matter(*split, "p.md", report);
    REQUIRE(front.has_value());
    CHECK_MESSAGE(
        mentions(report, Severity::Error, "p.md:3: \"order\" must be a whole number, not a string"),
        describe(report));
}
