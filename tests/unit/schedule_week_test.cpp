// A simulated week of a small signage in Asia/Tokyo: dayparting, weekdays, a closed day,
// a higher-priority rule limited to two dates, a default; runs cut mid-slide; slide_at
// (position by arithmetic) against timeline (showings one after another), this week and
// decades ahead; the timeline's row limit; the same in Europe/Berlin across both DST changes.

#include "schedule_test_support.h"

#include <map>

using namespace kiosk;
using namespace kiosk::schedule;
using namespace kiosk::schedule::test;

namespace {

// The week of Monday 2026-12-07. Loops: day = a (10 s) x ja,en + b (9 s, ja only) = 29 s;
// lunch 30 s; weekend, evening and closed 20 s.
content::Bundle week_bundle(const std::string& zone = "Asia/Tokyo") {
    content::Bundle bundle = signage_bundle(zone);
    content::Signage& s = bundle.signage;
    s.playlists = {playlist("day", {slide("a", 10), slide("b", 9, {"ja"})}),
                   playlist("lunch", {slide("l", 15)}), playlist("weekend", {slide("w", 10)}),
                   playlist("evening", {slide("e", 10)}), playlist("closed", {slide("c", 10)})};
    sort_playlists(s);
    s.rules = {rule("day", kWeekdays, 9 * 60, 17 * 60, 10, 5),
               rule("weekend", kWeekend, 0, 24 * 60, 10, 11),
               rule("lunch", kWeekdays, 12 * 60, 13 * 60, 20, 16)};
    s.rules[2].first_day = {2026, 12, 8};
    s.rules[2].last_day = {2026, 12, 9};
    s.default_playlist = "evening";
    s.closed_playlist = "closed";
    s.closed_days = {{2026, 12, 10}};
    return bundle;
}

struct Seen {
    std::string playlist, slide, language;
    int64_t start = 0, end = 0;
};

Seen seen(const content::Bundle& bundle, const SignageClock& clock, int64_t t) {
    auto play = slide_at(bundle, clock, t);
    if (!play) return {};
    return {play->playlist->id, play->slide->id, play->language, play->start_unix, play->end_unix};
}

} // namespace

TEST_CASE("schedule week: each day plays what its rules, closed days and default say") {
    const content::Bundle bundle = week_bundle();
    const SignageClock clock = make_clock("Asia/Tokyo");
    auto at = [&](int day, int hour, int minute, int second = 0) {
        return local(clock, 2026, 12, day, hour, minute, second);
    };
    auto playlist_of = [&](int64_t t) { return playlist_at(bundle.signage, clock, t); };
    // Monday: evening until 09:00, then office hours; no lunch rule yet (from the 8th).
    CHECK(playlist_of(at(7, 8, 59, 59)) == "evening");
    CHECK(playlist_of(at(7, 9, 0)) == "day");
    CHECK(playlist_of(at(7, 12, 30)) == "day");
    CHECK(playlist_of(at(7, 17, 0)) == "evening");
    // Tuesday and Wednesday: the lunch rule's higher priority wins from 12:00 to 13:00.
    CHECK(playlist_of(at(8, 11, 59, 59)) == "day");
    CHECK(playlist_of(at(8, 12, 0)) == "lunch");
    CHECK(playlist_of(at(9, 12, 59, 59)) == "lunch");
    CHECK(playlist_of(at(9, 13, 0)) == "day");
    // Thursday is closed: the closed playlist all day, rules or not.
    CHECK(playlist_of(at(10, 0, 0)) == "closed");
    CHECK(playlist_of(at(10, 12, 30)) == "closed");
    CHECK(playlist_of(at(10, 23, 59, 59)) == "closed");
    // Friday: office hours again, no lunch (after the 9th).
    CHECK(playlist_of(at(11, 12, 30)) == "day");
    CHECK(playlist_of(at(11, 20, 0)) == "evening");
    // The weekend rule, all day.
    CHECK(playlist_of(at(12, 3, 0)) == "weekend");
    CHECK(playlist_of(at(13, 23, 59, 59)) == "weekend");
    CHECK(playlist_of(at(14, 0, 0)) == "evening");

    // Positions: a run starts where its playlist began winning.
    Seen s = seen(bundle, clock, at(7, 9, 0));
    CHECK(s.slide == "a");
    CHECK(s.language == "ja");
    CHECK(s.start == at(7, 9, 0));
    CHECK(s.end == at(7, 9, 0, 10));
    CHECK(seen(bundle, clock, at(7, 9, 0, 10)).language == "en");
    s = seen(bundle, clock, at(7, 9, 0, 20));
    CHECK(s.slide == "b"); // b rotates through ja only
    CHECK(s.end == at(7, 9, 0, 29));
    CHECK(seen(bundle, clock, at(7, 9, 0, 29)).slide == "a");
    // Tuesday 13:00: the run after lunch starts again from the first slide.
    s = seen(bundle, clock, at(8, 13, 0, 3));
    CHECK(s.slide == "a");
    CHECK(s.start == at(8, 13, 0));
    // Saturday 03:00: the weekend run began at midnight; 10800 s is a whole number of loops.
    s = seen(bundle, clock, at(12, 3, 0, 5));
    CHECK(s.slide == "w");
    CHECK(s.start == at(12, 3, 0));
}

TEST_CASE("schedule week: a run that ends mid-slide cuts that slide short") {
    const content::Bundle bundle = week_bundle();
    const SignageClock clock = make_clock("Asia/Tokyo");
    // Tuesday 09:00-12:00 is 10800 s = 372 loops of 29 s and 12 s more: the last loop starts
    // at 11:59:48 with a in ja (10 s), then a in en from 11:59:58, cut after 2 s by lunch.
    const Seen cut = seen(bundle, clock, local(clock, 2026, 12, 8, 11, 59, 59));
    CHECK(cut.playlist == "day");
    CHECK(cut.slide == "a");
    CHECK(cut.language == "en");
    CHECK(cut.start == local(clock, 2026, 12, 8, 11, 59, 58));
    CHECK(cut.end == local(clock, 2026, 12, 8, 12, 0));
    const Seen next = seen(bundle, clock, cut.end);
    CHECK(next.playlist == "lunch");
    CHECK(next.start == cut.end);
}

TEST_CASE("schedule week: the timeline of the whole week agrees with slide_at everywhere") {
    const content::Bundle bundle = week_bundle();
    const SignageClock clock = make_clock("Asia/Tokyo");
    const int64_t from = local(clock, 2026, 12, 7), to = local(clock, 2026, 12, 14);
    auto rows = timeline(bundle, clock, from, to);
    REQUIRE(rows.ok());
    REQUIRE(!rows->empty());
    CHECK(rows->front().start_unix == from);
    std::map<std::string, int64_t> seconds; // per playlist
    for (size_t i = 0; i < rows->size(); ++i) {
        const SlidePlay& row = (*rows)[i];
        CAPTURE(i);
        // With a default there is no gap: each showing starts where the last one ended.
        if (i > 0) CHECK(row.start_unix == (*rows)[i - 1].end_unix);
        CHECK(row.end_unix > row.start_unix);
        CHECK(row.end_unix - row.start_unix <= row.slide->duration_seconds);
        seconds[row.playlist->id] += row.end_unix - row.start_unix;
    }
    CHECK(rows->back().end_unix == to);
    CHECK(seconds["closed"] == 86400);
    CHECK(seconds["lunch"] == 2 * 3600);
    CHECK(seconds["weekend"] == 2 * 86400);
    CHECK(seconds["day"] == 4 * 8 * 3600 - 2 * 3600);
    CHECK(seconds["evening"] == 4 * 16 * 3600);
    Lcg random;
    for (int i = 0; i < 3000; ++i) {
        const int64_t t = from + random.below(to - from);
        const SlidePlay* row = row_at(*rows, t);
        REQUIRE(row);
        auto play = slide_at(bundle, clock, t);
        REQUIRE(play);
        CAPTURE(t);
        CHECK(play->slide == row->slide);
        CHECK(play->language == row->language);
        CHECK(play->start_unix == row->start_unix);
        CHECK(play->end_unix == row->end_unix);
    }
}

TEST_CASE("schedule week: decades ahead, slide_at costs the same and matches the timeline") {
    const content::Bundle bundle = week_bundle();
    const SignageClock clock = make_clock("Asia/Tokyo");
    // A Monday in 2090, when the day run has been going for an hour: 3600 s = 124 loops of
    // 29 s and 4 s more, so a in ja, which began 4 s ago.
    LocalDate monday{2090, 6, 5};
    while (content::weekday_of(monday) != 0)
        monday = content::date_of_day(content::day_number(monday) + 1);
    const int64_t ten = clock.unix_of(monday, 10 * 60);
    const Seen s = seen(bundle, clock, ten);
    CHECK(s.slide == "a");
    CHECK(s.language == "ja");
    CHECK(s.start == ten - 4);
    // The whole day, row by row, against slide_at at random instants.
    const int64_t from = clock.unix_of(monday, 0), to = clock.unix_of(monday, 24 * 60);
    auto rows = timeline(bundle, clock, from, to);
    REQUIRE(rows.ok());
    Lcg random;
    for (int i = 0; i < 1000; ++i) {
        const int64_t t = from + random.below(to - from);
        const SlidePlay* row = row_at(*rows, t);
        REQUIRE(row);
        auto play = slide_at(bundle, clock, t);
        REQUIRE(play);
        CHECK(play->slide->id == row->slide->id);
        CHECK(play->language == row->language);
        CHECK(play->start_unix == row->start_unix);
        CHECK(play->end_unix == row->end_unix);
    }
}

TEST_CASE("schedule week: the timeline starts at from, cut, and refuses too many rows") {
    const content::Bundle bundle = week_bundle();
    const SignageClock clock = make_clock("Asia/Tokyo");
    const int64_t from = local(clock, 2026, 12, 7, 9, 0, 5); // 5 s into a in ja
    auto rows = timeline(bundle, clock, from, from + 60);
    REQUIRE(rows.ok());
    CHECK(rows->front().start_unix == from);
    CHECK(rows->front().end_unix == from + 5);
    CHECK(rows->back().start_unix < from + 60);
    auto limited = timeline(bundle, clock, from, from + 3600, 5);
    REQUIRE_FALSE(limited.ok());
    CHECK(limited.error().message.find("more than 5 showings from 2026-12-07T09:00:05") == 0);
    CHECK(limited.error().message.find("shorter range") != std::string::npos);
    CHECK(timeline(bundle, clock, from, from + 3600, 500).ok());
}

TEST_CASE("schedule week: nothing plays without signage, or in a gap with no default") {
    content::Bundle bundle = week_bundle();
    const SignageClock clock = make_clock("Asia/Tokyo");
    const int64_t evening = local(clock, 2026, 12, 7, 20);
    bundle.signage.default_playlist.clear();
    CHECK(playlist_at(bundle.signage, clock, evening).empty());
    CHECK_FALSE(slide_at(bundle, clock, evening).has_value());
    auto rows = timeline(bundle, clock, local(clock, 2026, 12, 7, 16, 59), evening);
    REQUIRE(rows.ok());
    REQUIRE(!rows->empty());
    CHECK(rows->back().end_unix == local(clock, 2026, 12, 7, 17)); // then nothing
    // A playlist without slides, or one the schedule names but the bundle lacks, plays
    // nothing rather than failing.
    bundle.signage.default_playlist = "missing";
    CHECK_FALSE(slide_at(bundle, clock, evening).has_value());
    bundle.signage.present = false;
    CHECK_FALSE(slide_at(bundle, clock, local(clock, 2026, 12, 7, 10)).has_value());
    CHECK(timeline(bundle, clock, evening, evening + 3600)->empty());
}

TEST_CASE("schedule week: Europe/Berlin across both DST changes") {
    content::Bundle bundle = week_bundle("Europe/Berlin");
    // A night rule whose start, 02:30, is skipped in spring and repeated in autumn.
    bundle.signage.playlists.push_back(playlist("night", {slide("n", 7)}));
    sort_playlists(bundle.signage);
    bundle.signage.rules.push_back(rule("night", kEveryDay, 150, 300, 30));
    bundle.signage.closed_days.clear();
    const SignageClock clock = make_clock("Europe/Berlin");

    // Spring, Sunday 2026-03-29: 02:30 does not exist, so the night run starts at 03:00 CEST.
    CHECK(playlist_at(bundle.signage, clock, utc(2026, 3, 29, 0, 59, 59)) == "weekend");
    CHECK(playlist_at(bundle.signage, clock, utc(2026, 3, 29, 1)) == "night");
    CHECK(slide_at(bundle, clock, utc(2026, 3, 29, 1))->start_unix == utc(2026, 3, 29, 1));
    // Autumn, Sunday 2026-10-25: night from 02:30 CEST; at 03:00 CEST the clock goes back to
    // 02:00 CET, before the night rule, so the weekend run comes back, then night again
    // from 02:30 CET.
    CHECK(playlist_at(bundle.signage, clock, utc(2026, 10, 25, 0, 45)) == "night");
    CHECK(playlist_at(bundle.signage, clock, utc(2026, 10, 25, 1, 15)) == "weekend");
    CHECK(playlist_at(bundle.signage, clock, utc(2026, 10, 25, 1, 45)) == "night");
    // 1799 s into the night run (14 s loops): n in en since 00:59:59 for 7 s, cut after 1.
    auto cut = slide_at(bundle, clock, utc(2026, 10, 25, 0, 59, 59));
    REQUIRE(cut);
    CHECK(cut->language == "en");
    CHECK(cut->start_unix == utc(2026, 10, 25, 0, 59, 59));
    CHECK(cut->end_unix == utc(2026, 10, 25, 1));

    for (const auto& [from, to] : {std::pair{utc(2026, 3, 28, 12), utc(2026, 3, 30, 12)},
                                   std::pair{utc(2026, 10, 24, 12), utc(2026, 10, 26, 12)}}) {
        auto rows = timeline(bundle, clock, from, to);
        REQUIRE(rows.ok());
        for (size_t i = 1; i < rows->size(); ++i)
            REQUIRE((*rows)[i].start_unix == (*rows)[i - 1].end_unix);
        CHECK(rows->back().end_unix >= to);
        Lcg random;
        for (int i = 0; i < 2000; ++i) {
            const int64_t t = from + random.below(to - from);
            const SlidePlay* row = row_at(*rows, t);
            REQUIRE(row);
            auto play = slide_at(bundle, clock, t);
            REQUIRE(play);
            CAPTURE(t);
            CHECK(play->playlist == row->playlist);
            CHECK(play->slide == row->slide);
            CHECK(play->language == row->language);
            CHECK(play->end_unix == row->end_unix);
            // Rows that may start later than slide_at says: the first (cut at `from`) and
            // the one the clock going back began (that run counts from its midnight).
            if (play->start_unix != row->start_unix)
                CHECK((row->start_unix == from || row->start_unix == utc(2026, 10, 25, 1)));
        }
    }
}
