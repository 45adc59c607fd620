#pragma once
// Date-times with a UTC offset, as feeds and alerts write them, read strictly into seconds
// since 1970 UTC. One reader for the whole engine: CAP (player/alerts/cap_parser.cpp), Atom
// (atom_feed.cpp) and ODPT (player/transit) each accept a form built on these two.
//
// Both return an empty string when `text` is a date-time (then stored in `unix_seconds`),
// else why not, in words for a message ("the time zone offset (like +09:00) is missing");
// `unix_seconds` is then unchanged. Dates must exist (no 31 April, 29 February only in leap
// years) and be after 1970-01-01T00:00:00Z; offsets are within -14:00..+14:00.

#include <cstdint>
#include <string>
#include <string_view>

namespace kiosk {

// "2026-12-01T10:00:00+09:00": exactly this form, a numeric offset required ("-00:00" and
// "+00:00" are UTC), no "Z", no fraction of a second. CAP 1.2's dateTime.
std::string offset_date_time_problem(std::string_view text, int64_t& unix_seconds);

// RFC 3339's date-time: the form above, and also "Z" (or "z") for UTC, a lowercase "t",
// fractions of a second (dropped) and a leap second (":60" reads as ":59"). A time without
// an offset ("2026-12-01T10:00:00", local time of an unknown place) is refused.
std::string rfc3339_problem(std::string_view text, int64_t& unix_seconds);

inline bool parse_rfc3339(std::string_view text, int64_t& unix_seconds) {
    return rfc3339_problem(text, unix_seconds).empty();
}

} // namespace kiosk
