// The one reader of date-times with an offset (player/core/date_time.h), which CAP, Atom
// and the ODPT transit feed share.

#include "player/core/date_time.h"

#include <doctest/doctest.h>

#include <cstdint>
#include <string>

using namespace kiosk;

TEST_CASE("date_time: RFC 3339 date-times") {
    int64_t t = 0;
    CHECK(parse_rfc3339("2026-12-01T01:00:00Z", t));
    CHECK(t == 1796086800);
    CHECK(parse_rfc3339("2026-12-01t10:00:00.999999+09:00", t));
    CHECK(t == 1796086800);
    CHECK(parse_rfc3339("2026-12-01T01:00:00-00:00", t));
    CHECK(t == 1796086800);
    CHECK(parse_rfc3339("2026-12-31T23:59:60z", t)); // a leap second reads as :59
    CHECK(t == 1798761599);
    CHECK(parse_rfc3339("2028-02-29T00:00:00-05:30", t));
    CHECK(t == 1835415000);
    t = 42;
    for (const char* bad :
         {"", "2026-12-01", "2026-12-01T01:00:00", "2026-12-01T01:00:00.Z",
          "2026-12-01T01:00:00+0900", "2026-02-30T00:00:00Z", "2026-12-01 01:00:00Z",
          "2026-12-01T25:00:00Z", "2026-12-01T01:00:00ZZ", "2026-12-01T01:00:00.5",
          "1970-01-01T00:00:00Z", "2026-12-01T01:00:00+14:01", "２０２６-12-01T01:00:00Z"}) {
        CAPTURE(bad);
        CHECK_FALSE(parse_rfc3339(bad, t));
    }
    CHECK(t == 42);
}

TEST_CASE("date_time: each refusal says why") {
    int64_t t = 42;
    CHECK(rfc3339_problem("2026-12-01T10:00:00", t) ==
          "the time zone offset (like +09:00) is missing");
    CHECK(rfc3339_problem("2026-12-01T10:00:00.25", t) ==
          "the time zone offset (like +09:00) is missing");
    CHECK(rfc3339_problem("2026-04-31T10:00:00+09:00", t) == "day 31 does not exist in that month");
    CHECK(rfc3339_problem("2026-13-01T10:00:00+09:00", t) == "month 13 does not exist");
    CHECK(rfc3339_problem("2026-12-01T10:00:00+15:00", t) ==
          "the offset is out of range (-14:00 to +14:00)");
    CHECK(rfc3339_problem("yesterday", t) == "not in that form");
    // The strict form refuses what RFC 3339 adds.
    CHECK(offset_date_time_problem("2026-12-01T10:00:00Z", t) == "not in that form");
    CHECK(offset_date_time_problem("2026-12-01T10:00:00", t) ==
          "the time zone offset (like +09:00) is missing");
    CHECK(t == 42);
    CHECK(offset_date_time_problem("2026-12-01T10:00:00+09:00", t).empty());
    CHECK(t == 1796086800);
}
