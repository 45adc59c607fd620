// check_schedule: rules of equal priority that overlap (both lines named), and, without a
// default playlist, a weekday and time no rule covers (within the rules' dates).

#include "schedule_test_support.h"

using namespace kiosk;
using namespace kiosk::schedule;
using namespace kiosk::schedule::test;

namespace {

content::Signage base() {
    content::Signage signage;
    signage.present = true;
    signage.languages = {"ja"};
    signage.default_playlist = "evening";
    return signage;
}

std::string all(const std::vector<ScheduleProblem>& problems) {
    std::string text;
    for (const ScheduleProblem& p : problems)
        text +=
            (p.error ? "error " : "warning ") + std::to_string(p.line) + ": " + p.message + "\n";
    return text;
}

} // namespace

TEST_CASE("schedule check: equal priorities that overlap are errors naming both lines") {
    content::Signage signage = base();
    signage.rules = {
        rule("day", kWeekdays, 9 * 60, 17 * 60, 10, 5),
        rule("lunch", {false, false, true, false, false, false, false}, 12 * 60, 13 * 60, 10, 12)};
    auto problems = check_schedule(signage);
    REQUIRE_MESSAGE(problems.size() == 1, all(problems));
    CHECK(problems[0].error);
    CHECK(problems[0].line == 12);
    CHECK_MESSAGE(problems[0].message.find("the rule on line 5 both have priority 10 and overlap "
                                           "on Wednesdays from 12:00 to 13:00") !=
                      std::string::npos,
                  all(problems));
    CHECK(problems[0].message.find("\"lunch\" and \"day\"") != std::string::npos);

    // A higher priority, different weekdays, times that only touch, or the same playlist:
    // no ambiguity, nothing to report.
    for (auto change :
         {+[](content::ScheduleRule& r) { r.priority = 20; },
          +[](content::ScheduleRule& r) { r.weekdays = kWeekend; },
          +[](content::ScheduleRule& r) { r.from_minute = 17 * 60, r.to_minute = 18 * 60; },
          +[](content::ScheduleRule& r) { r.playlist = "day"; }}) {
        content::Signage other = signage;
        change(other.rules[1]);
        CHECK_MESSAGE(check_schedule(other).empty(), all(check_schedule(other)));
    }
}

TEST_CASE("schedule check: overlaps need a common date on a common weekday") {
    content::Signage signage = base();
    signage.rules = {rule("a", kEveryDay, 0, 24 * 60, 0, 3), rule("b", kWeekend, 600, 700, 0, 9)};
    // Common dates Monday 2026-12-07 to Friday 12-11, common weekdays Saturday and Sunday.
    signage.rules[0].first_day = {2026, 12, 1};
    signage.rules[0].last_day = {2026, 12, 11};
    signage.rules[1].first_day = {2026, 12, 7};
    CHECK_MESSAGE(check_schedule(signage).empty(), all(check_schedule(signage)));
    // One more day reaches Saturday the 12th: now they overlap, and the example says when.
    signage.rules[0].last_day = {2026, 12, 12};
    auto problems = check_schedule(signage);
    REQUIRE(problems.size() == 1);
    CHECK(problems[0].line == 9);
    CHECK(problems[0].message.find("on Saturdays from 10:00 to 11:40 (e.g. 2026-12-12)") !=
          std::string::npos);
}

TEST_CASE("schedule check: without a default, one uncovered weekday and time is named") {
    content::Signage signage = base();
    signage.default_playlist.clear();
    signage.rules = {rule("day", kWeekdays, 0, 24 * 60, 0, 3),
                     rule("weekend", kWeekend, 0, 17 * 60, 0, 8)};
    auto problems = check_schedule(signage);
    REQUIRE_MESSAGE(problems.size() == 1, all(problems));
    CHECK_FALSE(problems[0].error); // the home screen shows: allowed, but worth knowing
    CHECK(problems[0].message.find("no [[schedule]] rule plays on Saturdays from 17:00 to 24:00 "
                                   "and there is no default_playlist") == 0);
    // Covered: no report. With a default: no report either.
    signage.rules[1].to_minute = 24 * 60;
    CHECK(check_schedule(signage).empty());
    signage.rules[1].to_minute = 17 * 60;
    signage.default_playlist = "evening";
    CHECK(check_schedule(signage).empty());
}

TEST_CASE("schedule check: gaps are looked for within the rules' dates, with an example day") {
    content::Signage signage = base();
    signage.default_playlist.clear();
    // December: every day all day; but from the 14th only until 18:00 on weekdays.
    signage.rules = {rule("a", kEveryDay, 0, 24 * 60, 0, 3), rule("b", kWeekdays, 0, 18 * 60, 0, 9),
                     rule("c", kWeekend, 0, 24 * 60, 0, 14)};
    signage.rules[0].first_day = {2026, 12, 1};
    signage.rules[0].last_day = {2026, 12, 13};
    for (size_t i : {1, 2}) {
        signage.rules[i].first_day = {2026, 12, 14};
        signage.rules[i].last_day = {2026, 12, 31};
    }
    auto problems = check_schedule(signage);
    REQUIRE_MESSAGE(problems.size() == 1, all(problems));
    CHECK(problems[0].message.find("on Mondays from 18:00 to 24:00 (e.g. 2026-12-14)") !=
          std::string::npos);
    // Before December and after it nothing plays, but that is outside the rules' dates.
    signage.rules[1].to_minute = 24 * 60;
    CHECK_MESSAGE(check_schedule(signage).empty(), all(check_schedule(signage)));
    // A hole of one day between two date ranges is found, on its own weekday.
    signage.rules[1].first_day = signage.rules[2].first_day = {2026, 12, 15};
    problems = check_schedule(signage);
    REQUIRE(problems.size() == 1);
    CHECK(problems[0].message.find("on Mondays from 00:00 to 24:00 (e.g. 2026-12-14)") !=
          std::string::npos);
}

TEST_CASE("schedule check: nothing ever plays is an error; closed days need a playlist") {
    content::Signage signage = base();
    signage.default_playlist.clear();
    auto problems = check_schedule(signage);
    REQUIRE(problems.size() == 1);
    CHECK(problems[0].error);
    CHECK(problems[0].message.find("nothing ever plays") == 0);

    signage.rules = {rule("day", kEveryDay, 0, 24 * 60)};
    signage.closed_days = {{2026, 12, 29}};
    problems = check_schedule(signage);
    REQUIRE(problems.size() == 1);
    CHECK_FALSE(problems[0].error);
    CHECK(problems[0].message.find("on closed days (e.g. 2026-12-29)") == 0);
    signage.closed_playlist = "closed";
    CHECK(check_schedule(signage).empty());
    // No signage.toml at all: nothing to say.
    signage.present = false;
    signage.rules.clear();
    CHECK(check_schedule(signage).empty());
}

TEST_CASE("schedule check: 256 overlapping rules give 20 problems and a count") {
    content::Signage signage = base();
    for (int i = 0; i < 256; ++i)
        signage.rules.push_back(rule("p" + std::to_string(i), kEveryDay, 0, 24 * 60, 0, i + 1));
    auto problems = check_schedule(signage);
    REQUIRE(problems.size() == 21);
    CHECK(problems.back().message.find("... and " + std::to_string(256 * 255 / 2 - 20) +
                                       " more schedule problems") == 0);
}
