// The signage authoring files as the content loader reads them: signage/signage.toml and
// signage/playlists/<id>.toml into content::Signage, and every mistake as file:line:
// message with the fix, each case alone in an otherwise valid temporary bundle.

#include "bundle_test_support.h"
#include "content_test_support.h"

#include "player/content/bundle_loader.h"
#include "player/content/signage_toml.h"

#include <doctest/doctest.h>

#include <map>

using namespace kiosk::content;
using namespace kiosk::content::test;
using kiosk::bundle::test::read_file;
using kiosk::bundle::test::TempDir;
using kiosk::bundle::test::write_file;
namespace fs = std::filesystem;

namespace {

// Line numbers matter below: each case replaces one whole file.
const char* const kSignage = R"(languages = ["ja", "en"]
default_playlist = "evening"
closed_playlist = "closed"
closed_days = ["2026-12-29..2027-01-03", "2026-05-04"]
[[schedule]]
playlist = "day"
days = ["weekdays"]
from = "09:00"
to = "17:00"
priority = 10
[[schedule]]
playlist = "day"
days = ["sat-sun", "wed"]
from = "10:00"
to = "16:00"
first_day = "2026-04-01"
last_day = 2026-09-30
[transit]
file = "signage/transit.json"
feed_url = "https://example.org/odpt"
poll_seconds = 30
stale_minutes = 10
)";

const char* const kDay = R"([[slide]]
id = "hello"
type = "message"
duration = 10
title.ja = "ようこそ"
title.en = "Welcome"
body.ja = "{本文|ほんぶん}"
body.en = "Body"
[[slide]]
id = "info-page"
type = "page"
page = "info"
duration = 12
[[slide]]
id = "map"
type = "image"
image = "images/map.png"
duration = 8
caption.ja = "地図"
caption.en = "Map"
[[slide]]
id = "trains"
type = "transit"
duration = 15
languages = ["en"]
[[slide]]
id = "time"
type = "clock"
duration = 5
[[slide]]
id = "touch"
type = "touch"
duration = 9
)";

const char* const kEvening = "[[slide]]\nid = \"night\"\ntype = \"clock\"\nduration = 10\n";
const char* const kClosed = "[[slide]]\nid = \"shut\"\ntype = \"clock\"\nduration = 10\n";

using Files = std::map<std::string, std::string>;

// A valid bundle with signage, with `changes` written over it ("" removes a file).
void make_bundle(const fs::path& dir, const Files& changes = {}) {
    Files files = {
        {"bundle.toml", "id = \"t\"\nversion = \"1\"\ndefault_locale = \"ja\"\n"
                        "locales = [\"ja\", \"en\"]\n[title]\nja = \"テスト\"\nen = \"Test\"\n"
                        "[[category]]\nid = \"living\"\nicon = \"home\"\n"
                        "[category.title]\nja = \"くらし\"\nen = \"Living\"\n"},
        {"pages/info/ja.md", "+++\ncategory = \"living\"\ntitle = \"案内\"\n+++\n本文\n"},
        {"pages/info/en.md", "+++\ncategory = \"living\"\ntitle = \"Info\"\n+++\nBody\n"},
        {"signage/signage.toml", kSignage},
        {"signage/playlists/day.toml", kDay},
        {"signage/playlists/evening.toml", kEvening},
        {"signage/playlists/closed.toml", kClosed},
        {"signage/transit.json", "[]"},
        {"signage/transit-names.toml", "[operators]\n"},
    };
    for (const auto& [path, bytes] : changes)
        files[path] = bytes;
    for (const auto& [path, bytes] : files)
        if (!bytes.empty()) write_file(dir / path, bytes);
    write_file(dir / "images/map.png",
               read_file(fs::path(KIOSK_TEST_DATA) / "data/bundles/mini/images/floor-1.png"));
}

LoadReport load(const Files& changes = {}) {
    TempDir dir;
    make_bundle(dir.path(), changes);
    LoadReport report;
    (void)load_bundle(dir.path(), &report);
    return report;
}

// The bundle loads with exactly one error, and it is `expected` (file:line: message).
void check_one_error(const Files& changes, const std::string& expected) {
    const LoadReport report = load(changes);
    CAPTURE(expected);
    CHECK_MESSAGE(mentions(report, Severity::Error, expected), describe(report));
    CHECK_MESSAGE(count(report, Severity::Error) == 1, describe(report));
}

// signage.toml with `line` (1-based) replaced by `text` (may hold several lines).
std::string signage_with(int line, const std::string& text) {
    std::string out;
    std::string source = kSignage;
    int number = 1;
    for (size_t start = 0; start < source.size(); ++number) {
        const size_t end = source.find('\n', start);
        out += number == line ? text : source.substr(start, end - start);
        out += '\n';
        start = end + 1;
    }
    return out;
}

std::string slide(const std::string& body) {
    return "[[slide]]\nid = \"s\"\n" + body;
}

} // namespace

TEST_CASE("signage authoring: a valid signage loads into the model") {
    TempDir dir;
    make_bundle(dir.path());
    LoadReport report;
    auto bundle = load_bundle(dir.path(), &report);
    REQUIRE_MESSAGE(bundle.ok(), describe(report));
    CHECK_MESSAGE(report.problems.empty(), describe(report));
    const Signage& signage = (*bundle)->signage;
    CHECK(signage.present);
    CHECK(signage.languages == std::vector<std::string>{"ja", "en"});
    CHECK(signage.default_playlist == "evening");
    CHECK(signage.closed_playlist == "closed");
    REQUIRE(signage.closed_days.size() == 7); // the range's six days and one more, sorted
    CHECK(signage.closed_days.front() == LocalDate{2026, 5, 4});
    CHECK(signage.closed_days[1] == LocalDate{2026, 12, 29});
    CHECK(signage.closed_days.back() == LocalDate{2027, 1, 3});
    REQUIRE(signage.rules.size() == 2);
    const ScheduleRule& weekdays = signage.rules[0];
    CHECK(weekdays.line == 5);
    CHECK(weekdays.priority == 10);
    CHECK(weekdays.weekdays == std::array<bool, 7>{true, true, true, true, true, false, false});
    CHECK(weekdays.from_minute == 540);
    CHECK(weekdays.to_minute == 1020);
    const ScheduleRule& summer = signage.rules[1];
    CHECK(summer.weekdays == std::array<bool, 7>{false, false, true, false, false, true, true});
    CHECK(summer.first_day == LocalDate{2026, 4, 1});
    CHECK(summer.last_day == LocalDate{2026, 9, 30}); // a TOML date works as well as a string
    CHECK(summer.priority == 0);
    CHECK(signage.transit.bundled_file == "signage/transit.json");
    CHECK(signage.transit.feed_url == "https://example.org/odpt");
    CHECK(signage.transit.poll_seconds == 30);
    CHECK(signage.transit.stale_minutes == 10);
    REQUIRE(signage.playlists.size() == 3);
    CHECK(signage.playlists[0].id == "closed"); // sorted by id
    const Playlist* day = signage.playlist("day");
    REQUIRE(day);
    REQUIRE(day->slides.size() == 6);
    const std::vector<SlideKind> kinds = {SlideKind::Message, SlideKind::Page,
                                          SlideKind::Image,   SlideKind::Transit,
                                          SlideKind::Clock,   SlideKind::TouchToStart};
    for (size_t i = 0; i < kinds.size(); ++i)
        CHECK(day->slides[i].kind == kinds[i]);
    CHECK(day->slides[0].title.by_locale.at("en") == "Welcome");
    CHECK(day->slides[0].body.by_locale.at("ja") == "{本文|ほんぶん}");
    CHECK(day->slides[0].file == "signage/playlists/day.toml");
    CHECK(day->slides[0].line == 1);
    CHECK(day->slides[1].page == "info");
    CHECK(day->slides[2].image == "images/map.png");
    CHECK(day->slides[2].line == 14);
    CHECK(day->slides[3].languages == std::vector<std::string>{"en"});
    CHECK(day->slides[5].duration_seconds == 9);
    const Playlist* in = nullptr;
    CHECK(signage.slide("shut", &in));
    CHECK(in == signage.playlist("closed"));
}

TEST_CASE("signage authoring: no signage folder, no signage; languages default to all") {
    TempDir dir;
    make_bundle(dir.path(), {{"signage/signage.toml", ""},
                             {"signage/playlists/day.toml", ""},
                             {"signage/playlists/evening.toml", ""},
                             {"signage/playlists/closed.toml", ""},
                             {"signage/transit.json", ""},
                             {"signage/transit-names.toml", ""}});
    LoadReport report;
    auto bundle = load_bundle(dir.path(), &report);
    REQUIRE(bundle.ok());
    CHECK_FALSE((*bundle)->signage.present);
    CHECK(report.problems.empty());

    const LoadReport all = load({{"signage/signage.toml", signage_with(1, "")}});
    CHECK_MESSAGE(count(all, Severity::Error) == 0, describe(all));
}

TEST_CASE("signage authoring: mistakes in signage.toml, each with its line and fix") {
    const std::string file = "signage/signage.toml:";
    const std::vector<std::pair<std::string, std::string>> cases = {
        {signage_with(2, "default_playlst = \"evening\""),
         "2: unknown key \"default_playlst\" in signage/signage.toml (did you mean "
         "\"default_playlist\"?)"},
        {signage_with(1, "languages = [\"ja\", \"en\", \"fr\"]"),
         "1: language \"fr\" is not a locale of the bundle"},
        {signage_with(1, "languages = [\"ja\", \"en\", \"ja\"]"),
         "1: language \"ja\" is listed twice"},
        {signage_with(1, "languages = []"), "1: languages is empty, so no slide would show"},
        {signage_with(2, "default_playlist = \"evenin\""),
         "2: default_playlist names playlist \"evenin\", which does not exist (did you mean "
         "\"evening\"?) (add signage/playlists/evenin.toml, or use one of"},
        {signage_with(3, "closed_playlist = \"Closed!\""),
         "3: playlist \"Closed!\" may only use a-z, 0-9 and -"},
        {signage_with(4, "closed_days = [\"2026-02-30\"]"),
         "4: each entry of closed_days must be a date that exists, written like "
         "\"2026-12-29\" (year, month, day), not \"2026-02-30\""},
        {signage_with(4, "closed_days = [\"2027-01-03..2026-12-29\"]"),
         "4: closed day range \"2027-01-03..2026-12-29\" ends before it starts"},
        {signage_with(4, "closed_days = [\"0001-01-01..9999-12-31\"]"),
         "4: closed_days lists more than 1000 days"},
        {signage_with(13, "days = [\"mon\", \"wednesday\"]"),
         "13: unknown day \"wednesday\" in days (did you mean \"wed\"?)"},
        {signage_with(13, "days = []"), "13: days is empty, so the rule never plays"},
        {signage_with(8, "from = \"25:00\""),
         "8: \"from\" must be a time of day in quotes like \"08:30\""},
        {signage_with(8, "from = \"24:00\""),
         "8: \"from\" must be a time of day in quotes like \"08:30\" (24-hour, 00:00 to 23:59)"},
        {signage_with(14, "from = \"16:00\""),
         "15: from and to are both 16:00, so the rule never plays"},
        {signage_with(10, "priority = 5000"), "10: priority 5000 is out of range (use 0 to 1000"},
        {signage_with(10, "priority = \"high\""), "10: \"priority\" must be a whole number"},
        {signage_with(16, "first_day = \"2026-10-01\""),
         "17: last_day 2026-09-30 is before first_day 2026-10-01 (swap them)"},
        {signage_with(6, ""), "5: missing \"playlist\" in [[schedule]]"},
        {signage_with(6, "playlist = \"dai\""),
         "6: [[schedule]] names playlist \"dai\", which does not exist (did you mean \"day\"?)"},
        {signage_with(7, "dayz = [\"mon\"]"),
         "7: unknown key \"dayz\" in [[schedule]] (did you mean \"days\"?)"},
        {signage_with(20, "feed_url = \"ftp://example.org/odpt\""),
         "20: feed_url must be an https:// (or http://) address"},
        {signage_with(21, "poll_seconds = 5"),
         "21: poll_seconds = 5 is out of range (use 15 to 3600"},
        {signage_with(22, "stale_minutes = 0"),
         "22: stale_minutes = 0 is out of range (use 1 to 1440"},
        {signage_with(22, "stale = 5"),
         "22: unknown key \"stale\" in [transit] (did you mean \"stale_minutes\"?)"},
        {signage_with(19, "file = \"signage/missing.json\""),
         "19: transit file \"signage/missing.json\" does not exist in the bundle"},
        {signage_with(19, "file = \"../transit.json\""),
         "19: transit file \"../transit.json\" is not usable"},
        {signage_with(9, "to = \"17:00"), "9: TOML syntax error"},
    };
    for (const auto& [text, expected] : cases) {
        if (expected.empty()) continue;
        check_one_error({{"signage/signage.toml", text}}, file + expected);
    }
    // A rule past midnight: one error, at `to`, saying how to split it.
    check_one_error({{"signage/signage.toml", signage_with(8, "from = \"22:00\"")}},
                    file + "9: to 17:00 is before from 22:00: a rule cannot run past midnight "
                           "(split it into one rule from 22:00 to \"24:00\" and one from "
                           "\"00:00\" to 17:00)");
    // More rules than the limit: refused at the first, none read.
    std::string many = "default_playlist = \"day\"\n";
    for (int i = 0; i < kMaxScheduleRules + 1; ++i)
        many += "[[schedule]]\nplaylist = \"day\"\n";
    check_one_error({{"signage/signage.toml", many}},
                    file + "2: 257 [[schedule]] rules; the limit is 256");
}

TEST_CASE("signage authoring: mistakes in playlists, each with its line and fix") {
    const std::string day = "signage/playlists/day.toml:";
    const std::vector<std::pair<std::string, std::string>> cases = {
        {slide("type = \"clock\"\nduration = 0\n"),
         "4: duration = 0 is too short: slide \"s\" could not be read (use 3 to 600 seconds"},
        {slide("type = \"clock\"\nduration = \"years\"\n"),
         "4: duration of slide \"s\" must be a whole number of seconds like 10, not a string "
         "\"years\""},
        {slide("type = \"clock\"\nduration = 31536000\n"),
         "4: duration = 31536000 is too long: slide \"s\" would look like a frozen screen"},
        {slide("type = \"clock\"\nduration = 7.5\n"), "4: duration of slide \"s\" must be a whole"},
        {slide("type = \"clock\"\n"), "1: slide \"s\" has no duration (add duration = 10"},
        {slide("type = \"imagee\"\nduration = 9\n"),
         "3: unknown slide type \"imagee\" (did you mean \"image\"?)"},
        {"[[slide]]\nid = \"Bad_Id\"\ntype = \"clock\"\nduration = 9\n",
         "2: slide id \"Bad_Id\" may only use a-z, 0-9 and -"},
        {slide("type = \"clock\"\nduration = 9\nlanguage = [\"ja\"]\n"),
         "5: unknown key \"language\" in [[slide]] (did you mean \"languages\"?)"},
        {slide("type = \"page\"\npage = \"nope\"\nduration = 9\n"),
         "1: slide \"s\" shows page \"nope\", which does not exist"},
        {slide("type = \"page\"\nduration = 9\n"), "1: missing \"page\" in slide \"s\""},
        {slide("type = \"image\"\nimage = \"images/mpa.png\"\nduration = 9\ncaption.ja = \"x\"\n"
               "caption.en = \"x\"\n"),
         "1: image \"images/mpa.png\" does not exist in the bundle (did you mean "
         "\"images/map.png\"?)"},
        {slide("type = \"image\"\nimage = \"https://x.org/a.png\"\nduration = 9\ncaption.ja = "
               "\"x\"\ncaption.en = \"x\"\n"),
         "1: image \"https://x.org/a.png\" is not a file in the bundle"},
        {slide("type = \"image\"\nimage = \"\"\nduration = 9\ncaption.ja = \"x\"\ncaption.en = "
               "\"x\"\n"),
         "4: image of slide \"s\" is empty"},
        {slide("type = \"image\"\nimage = \"images/map.png\"\nduration = 9\n"),
         "1: missing caption in slide \"s\" (add caption.ja = \"...\""},
        {slide("type = \"message\"\nduration = 9\ntitle.ja = \"x\"\ntitle.en = \"x\"\ncaption.ja "
               "= \"x\"\n"),
         "7: \"caption\" does not belong on message slide \"s\" (it is for type = \"image\" "
         "slides; remove it)"},
        {slide("type = \"message\"\nduration = 9\ntitle.ja = \"x\"\ntitle.en = \"x\"\ntitle.fr = "
               "\"x\"\n"),
         "7: title.fr: \"fr\" is not a locale of the bundle"},
        {slide("type = \"message\"\nduration = 9\ntitle.ja = \"x\"\ntitle.en = \" \"\n"),
         "6: title.en of slide \"s\" must be text in quotes, not empty"},
        {slide("type = \"message\"\nduration = 9\ntitle = \"x\"\n"),
         "5: \"title\" of slide \"s\" must give the text per language, like title.ja"},
        {slide("type = \"message\"\nduration = 9\n"), "1: missing title in slide \"s\""},
        {slide("type = \"message\"\nduration = 9\ntitle.en = \"x\"\n"),
         "5: slide \"s\" has no title for ja nor for any language it falls back to (add "
         "title.ja)"},
        {slide("type = \"message\"\nduration = 9\ntitle.ja = \"{x|\"\ntitle.en = \"x\"\n"),
         "1: malformed ruby \"{x|\""},
        {slide("type = \"clock\"\nduration = 9\nlanguages = [\"ko\"]\n"),
         "5: language \"ko\" of slide \"s\" is not one of the signage languages"},
        {slide("type = \"clock\"\nduration = 9\nlanguages = []\n"),
         "5: languages of slide \"s\" is empty, so it never shows"},
        {slide("type = \"clock\"\nduration = 9\n") + slide("type = \"clock\"\nduration = 9\n"),
         "5: slide id \"s\" is used twice in playlist \"day\""},
        {"title = \"x\"\n", "1: playlist \"day\" has no slides, so it would show nothing"},
        {"slide = 3\n", "1: slide must be [[slide]] tables, not an integer"},
    };
    for (const auto& [text, expected] : cases) {
        if (expected.empty()) continue;
        const LoadReport report = load({{"signage/playlists/day.toml", text}});
        CAPTURE(expected);
        CHECK_MESSAGE(mentions(report, Severity::Error, day + expected), describe(report));
        // "title" at the top level is also an unknown key: that case has two errors.
        if (text.find("title = \"x\"\n") != 0)
            CHECK_MESSAGE(count(report, Severity::Error) == 1, describe(report));
    }
    // Too many slides: refused whole.
    std::string many;
    for (int i = 0; i <= kMaxSlidesPerPlaylist; ++i)
        many += "[[slide]]\nid = \"s" + std::to_string(i) + "\"\ntype = \"clock\"\nduration = 5\n";
    check_one_error({{"signage/playlists/day.toml", many}},
                    day + "1: playlist \"day\" has 201 slides; the limit is 200");
    // Slide ids are screen ids: unique across playlists too.
    check_one_error({{"signage/playlists/evening.toml", "[[slide]]\nid = \"map\"\ntype = "
                                                        "\"clock\"\nduration = 10\n"}},
                    "signage/playlists/evening.toml:1: slide id \"map\" is also used in ");
    // A playlist file whose name is no id.
    check_one_error({{"signage/playlists/Big Screen.toml", kClosed}},
                    "signage/playlists/Big Screen.toml: playlist id \"Big Screen\" may only use");
}

TEST_CASE("signage authoring: warnings for what falls back or never plays") {
    auto warned = [](const Files& changes, const std::string& expected) {
        const LoadReport report = load(changes);
        CAPTURE(expected);
        CHECK_MESSAGE(count(report, Severity::Error) == 0, describe(report));
        CHECK_MESSAGE(mentions(report, Severity::Warning, expected), describe(report));
    };
    warned({{"signage/playlists/day.toml",
             slide("type = \"message\"\nduration = 9\ntitle.ja = \"x\"\n")}},
           "signage/playlists/day.toml:5: slide \"s\" has no en title; it shows the ja one (add "
           "title.en)");
    warned({{"signage/playlists/spare.toml",
             "[[slide]]\nid = \"spare\"\ntype = \"clock\"\nduration = 5\n"}},
           "signage/playlists/spare.toml: playlist \"spare\" never plays");
    warned({{"playlists/day.toml", kDay}},
           "playlists/day.toml: not read: playlists belong in signage/playlists/<id>.toml");
    warned({{"signage/notes.txt", "x"}}, "signage/notes.txt: not read: signage/ holds");
    const std::string no_transit =
        std::string(kSignage).substr(0, std::string(kSignage).find("[transit]"));
    warned({{"signage/signage.toml", no_transit}},
           "signage/playlists/day.toml:21: transit slide \"trains\" has no data to show");
    warned({{"signage/signage.toml", signage_with(4, "closed_days = [\"2026-05-04\", "
                                                     "\"2026-05-04\"]")}},
           "signage/signage.toml:4: closed day 2026-05-04 is listed more than once");
    warned({{"signage/signage.toml", ""}},
           "signage: playlists without signage/signage.toml never play");
}

TEST_CASE("signage authoring: the parsers alone survive hostile text") {
    Bundle bundle;
    bundle.locales = {"ja", "en"};
    Signage signage;
    SignageLines lines;
    LoadReport report;
    for (const char* text : {"", "[[schedule]]\n[[schedule]]\n", "schedule = 3\ntransit = []\n",
                             "closed_days = [1, {}]\n", "[[slide]]\n", "slide = [[], 1]\n",
                             "[[slide]]\nid = \"a\"\ntype = 1\n", "\xFF"}) {
        CHECK_NOTHROW(parse_signage(text, "signage.toml", bundle, signage, lines, report));
        CHECK_NOTHROW(parse_playlist(text, "p.toml", "p", "signage/playlists/p.toml", bundle,
                                     signage, report));
    }
    CHECK(report.has_errors());
}
