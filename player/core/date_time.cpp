#include "player/core/date_time.h"

namespace kiosk {

namespace {

int64_t days_from_civil(int64_t year, unsigned month, unsigned day) {
    // Howard Hinnant's algorithm: days since 1970-01-01 in the proleptic Gregorian calendar.
    year -= month <= 2;
    const int64_t era = (year >= 0 ? year : year - 399) / 400;
    const auto year_of_era = static_cast<unsigned>(year - era * 400);
    const unsigned day_of_year = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
    const unsigned day_of_era =
        year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    return era * 146097 + static_cast<int64_t>(day_of_era) - 719468;
}

unsigned days_in_month(int year, int month) {
    static constexpr unsigned kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    return month == 2 && leap ? 29 : kDays[month - 1];
}

} // namespace

std::string offset_date_time_problem(std::string_view text, int64_t& unix_seconds) {
    if (text.size() == 19) return "the time zone offset (like +09:00) is missing";
    static constexpr std::string_view shape = "dddd-dd-ddTdd:dd:dd+dd:dd";
    if (text.size() != shape.size()) return "not in that form";
    for (size_t i = 0; i < shape.size(); ++i) {
        const bool digit = text[i] >= '0' && text[i] <= '9';
        const bool fits = shape[i] == 'd'   ? digit
                          : shape[i] == '+' ? (text[i] == '+' || text[i] == '-')
                                            : text[i] == shape[i];
        if (!fits) return "not in that form";
    }
    auto number = [&](size_t at, size_t n) {
        int value = 0;
        for (size_t i = at; i < at + n; ++i)
            value = value * 10 + (text[i] - '0');
        return value;
    };
    const int year = number(0, 4), month = number(5, 2), day = number(8, 2);
    const int hour = number(11, 2), minute = number(14, 2), second = number(17, 2);
    const int offset_hours = number(20, 2), offset_minutes = number(23, 2);
    if (month < 1 || month > 12) return "month " + std::to_string(month) + " does not exist";
    if (day < 1 || static_cast<unsigned>(day) > days_in_month(year, month))
        return "day " + std::to_string(day) + " does not exist in that month";
    if (hour > 23 || minute > 59 || second > 59) return "the time of day is out of range";
    if (offset_minutes > 59 || offset_hours * 60 + offset_minutes > 14 * 60)
        return "the offset is out of range (-14:00 to +14:00)";
    const int64_t offset = (offset_hours * 3600 + offset_minutes * 60) * (text[19] == '-' ? -1 : 1);
    const int64_t seconds =
        days_from_civil(year, static_cast<unsigned>(month), static_cast<unsigned>(day)) * 86400 +
        hour * 3600 + minute * 60 + second - offset;
    if (seconds <= 0) return "it is not after 1970-01-01T00:00:00Z";
    unix_seconds = seconds;
    return {};
}

std::string rfc3339_problem(std::string_view text, int64_t& unix_seconds) {
    // Rewritten into the strict form, whose reader checks the fields: RFC 3339 adds only
    // "Z", lowercase t and z, fractions, and a leap second.
    if (text.size() < 19) return "not in that form";
    std::string strict(text.substr(0, 19));
    if (strict[10] == 't') strict[10] = 'T';
    if (strict.substr(17, 2) == "60") strict.replace(17, 2, "59");
    std::string_view rest = text.substr(19);
    if (!rest.empty() && rest.front() == '.') {
        size_t digits = 1;
        while (digits < rest.size() && rest[digits] >= '0' && rest[digits] <= '9')
            ++digits;
        if (digits == 1) return "not in that form";
        rest.remove_prefix(digits);
    }
    if (rest.empty()) return "the time zone offset (like +09:00) is missing";
    if (rest == "Z" || rest == "z")
        strict += "+00:00";
    else if (rest.size() == 6 && (rest[0] == '+' || rest[0] == '-'))
        strict += rest;
    else
        return "not in that form";
    return offset_date_time_problem(strict, unix_seconds);
}

} // namespace kiosk
