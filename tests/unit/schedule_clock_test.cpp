// SignageClock: the bundle's wall clock over ICU, in a zone without DST (Asia/Tokyo) and
// one with it (Europe/Berlin: 2026-03-29 02:00 CET -> 03:00 CEST at 01:00 UTC, and
// 2026-10-25 03:00 CEST -> 02:00 CET at 01:00 UTC); and the date arithmetic it relies on.

#include "schedule_test_support.h"

using namespace kiosk;
using namespace kiosk::schedule;
using namespace kiosk::schedule::test;

TEST_CASE("schedule clock: date arithmetic is exact from year 1 to 9999") {
    CHECK(content::day_number({1970, 1, 1}) == 0);
    CHECK(content::day_number({2026, 12, 7}) == 20794);
    CHECK(content::weekday_of({2026, 12, 7}) == 0); // a Monday
    CHECK(content::weekday_of({2027, 1, 3}) == 6);  // a Sunday
    CHECK(content::weekday_of({2000, 2, 29}) == 1); // a Tuesday
    for (int64_t day : {-719162LL, -1LL, 0LL, 11016LL, 20794LL, 2932896LL}) {
        const LocalDate date = content::date_of_day(day);
        CAPTURE(day);
        CHECK(content::is_valid_date(date));
        CHECK(content::day_number(date) == day);
    }
    LocalDate parsed;
    CHECK(content::parse_date("2028-02-29", parsed));
    CHECK(parsed == LocalDate{2028, 2, 29});
    CHECK_FALSE(content::parse_date("2026-02-29", parsed));
    CHECK_FALSE(content::parse_date("2026-1-05", parsed));
    CHECK_FALSE(content::parse_date("2026-13-01", parsed));
    CHECK(content::format_date({2026, 1, 5}) == "2026-01-05");
}

TEST_CASE("schedule clock: Asia/Tokyo is UTC+9 all year, with no transitions") {
    const SignageClock clock = make_clock("Asia/Tokyo");
    CHECK(clock.unix_of({2026, 12, 7}, 10 * 60) == utc(2026, 12, 7, 1));
    CHECK(clock.unix_of({2026, 7, 1}, 10 * 60) == utc(2026, 7, 1, 1));
    // 24:00 is the next day's midnight, across a month and a year.
    CHECK(clock.unix_of({2026, 12, 31}, 24 * 60) == clock.unix_of({2027, 1, 1}, 0));
    const LocalTime time = clock.local(utc(2026, 12, 6, 15, 0, 42)); // Monday 00:00:42 JST
    CHECK(time.date == LocalDate{2026, 12, 7});
    CHECK(time.weekday == 0);
    CHECK(time.minute_of_day == 0);
    CHECK(time.second == 42);
    CHECK_FALSE(clock.next_transition(utc(2026, 1, 1)).has_value());
    // Far from now, the arithmetic holds.
    CHECK(clock.unix_of({2090, 6, 5}, 0) == utc(2090, 6, 4, 15));
}

TEST_CASE("schedule clock: Europe/Berlin, the hour skipped in spring and repeated in autumn") {
    const SignageClock clock = make_clock("Europe/Berlin");
    // Winter: UTC+1; summer: UTC+2.
    CHECK(clock.unix_of({2026, 1, 15}, 12 * 60) == utc(2026, 1, 15, 11));
    CHECK(clock.unix_of({2026, 7, 15}, 12 * 60) == utc(2026, 7, 15, 10));
    // Spring: 02:30 does not exist on 2026-03-29; it means the first instant after the gap.
    CHECK(clock.unix_of({2026, 3, 29}, 150) == utc(2026, 3, 29, 1));
    CHECK(clock.last_unix_of({2026, 3, 29}, 150) == utc(2026, 3, 29, 1));
    CHECK(clock.local(utc(2026, 3, 29, 1)).minute_of_day == 180);
    CHECK(clock.local(utc(2026, 3, 29, 0, 59, 59)).minute_of_day == 119);
    // Autumn: 02:30 happens twice on 2026-10-25, first in CEST, then in CET.
    CHECK(clock.unix_of({2026, 10, 25}, 150) == utc(2026, 10, 25, 0, 30));
    CHECK(clock.last_unix_of({2026, 10, 25}, 150) == utc(2026, 10, 25, 1, 30));
    CHECK(clock.local(utc(2026, 10, 25, 0, 30)).minute_of_day == 150);
    CHECK(clock.local(utc(2026, 10, 25, 1, 30)).minute_of_day == 150);
    // The day is 23 and 25 hours long.
    CHECK(clock.unix_of({2026, 3, 29}, 24 * 60) - clock.unix_of({2026, 3, 29}, 0) == 23 * 3600);
    CHECK(clock.unix_of({2026, 10, 25}, 24 * 60) - clock.unix_of({2026, 10, 25}, 0) == 25 * 3600);
    // Transitions, strictly after the given instant.
    CHECK(clock.next_transition(utc(2026, 1, 1)) == utc(2026, 3, 29, 1));
    CHECK(clock.next_transition(utc(2026, 3, 29, 1)) == utc(2026, 10, 25, 1));
}

TEST_CASE("schedule clock: an unknown zone is refused by name") {
    auto clock = SignageClock::create("Asia/Tokio");
    REQUIRE_FALSE(clock.ok());
    CHECK(clock.error().message.find("\"Asia/Tokio\"") != std::string::npos);
    CHECK_FALSE(SignageClock::create("").ok());
    CHECK(SignageClock::create("UTC").ok());
}
