// The top bar's clock formats per locale and time zone, and keeps its formatters.

#include "kiosk/screens/clock_text.h"

#include <doctest/doctest.h>

using kiosk::screens::ClockFormatter;

TEST_CASE("the clock formats each locale in the bundle's time zone, the same on every call") {
    const double at = 1795741500000.0; // 2026-11-27T01:05:00Z, a Friday
    ClockFormatter clock;
    const std::string ja = clock.format(at, "ja", "Asia/Tokyo");
    CHECK(ja.find("2026") != std::string::npos);
    CHECK(ja.find("10:05") != std::string::npos); // UTC+9
    CHECK(clock.format(at, "ja", "Asia/Tokyo", true) == "10:05");
    CHECK(clock.format(at, "en", "Europe/London", true) == "01:05");
    CHECK(clock.format(at, "en", "Europe/London").find("Fri") != std::string::npos);
    // Kept formatters give what fresh ones give, a minute later too.
    for (int minute = 0; minute < 3; ++minute) {
        ClockFormatter fresh;
        const double t = at + minute * 60000.0;
        CHECK(clock.format(t, "ja", "Asia/Tokyo") == fresh.format(t, "ja", "Asia/Tokyo"));
        CHECK(clock.format(t, "ar", "Asia/Tokyo") == fresh.format(t, "ar", "Asia/Tokyo"));
    }
    CHECK(clock.format(at + 60000.0, "ja", "Asia/Tokyo", true) == "10:06");
}
