#include "player/content/signage_model.h"

#include <algorithm>
#include <cstdio>

namespace kiosk::content {

// Howard Hinnant's days_from_civil / civil_from_days (public domain): exact for every
// proleptic Gregorian date, no tables, no time zone.
int64_t day_number(const LocalDate& date) {
    const int64_t y = int64_t(date.year) - (date.month <= 2 ? 1 : 0);
    const int64_t era = (y >= 0 ? y : y - 399) / 400;
    const auto yoe = static_cast<unsigned>(y - era * 400);
    const auto m = static_cast<unsigned>(date.month), d = static_cast<unsigned>(date.day);
    const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + int64_t(doe) - 719468;
}

LocalDate date_of_day(int64_t z) {
    z += 719468;
    const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    const auto doe = static_cast<unsigned>(z - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const int64_t y = int64_t(yoe) + era * 400;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    const unsigned d = doy - (153 * mp + 2) / 5 + 1;
    const unsigned m = mp < 10 ? mp + 3 : mp - 9;
    return {static_cast<int>(y + (m <= 2 ? 1 : 0)), static_cast<int>(m), static_cast<int>(d)};
}

bool is_valid_date(const LocalDate& date) {
    if (date.year < 1 || date.year > 9999 || date.month < 1 || date.month > 12 || date.day < 1)
        return false;
    static constexpr int kDays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    const bool leap = (date.year % 4 == 0 && date.year % 100 != 0) || date.year % 400 == 0;
    return date.day <= kDays[date.month - 1] + (date.month == 2 && leap ? 1 : 0);
}

int weekday_of(const LocalDate& date) {
    // 1970-01-01 was a Thursday (3 when Monday is 0).
    const int64_t days = day_number(date) + 3;
    return static_cast<int>(((days % 7) + 7) % 7);
}

std::string format_date(const LocalDate& date) {
    char text[32];
    std::snprintf(text, sizeof text, "%04d-%02d-%02d", date.year, date.month, date.day);
    return text;
}

bool parse_date(std::string_view text, LocalDate& out) {
    if (text.size() != 10 || text[4] != '-' || text[7] != '-') return false;
    int fields[3] = {0, 0, 0};
    const size_t starts[3] = {0, 5, 8}, lengths[3] = {4, 2, 2};
    for (int f = 0; f < 3; ++f)
        for (size_t i = starts[f]; i < starts[f] + lengths[f]; ++i) {
            if (text[i] < '0' || text[i] > '9') return false;
            fields[f] = fields[f] * 10 + (text[i] - '0');
        }
    const LocalDate date{fields[0], fields[1], fields[2]};
    if (!is_valid_date(date)) return false;
    out = date;
    return true;
}

const Playlist* Signage::playlist(std::string_view id) const {
    auto it = std::lower_bound(playlists.begin(), playlists.end(), id,
                               [](const Playlist& p, std::string_view key) { return p.id < key; });
    return it != playlists.end() && it->id == id ? &*it : nullptr;
}

const Slide* Signage::slide(std::string_view id, const Playlist** in) const {
    for (const Playlist& p : playlists)
        for (const Slide& s : p.slides)
            if (s.id == id) {
                if (in) *in = &p;
                return &s;
            }
    if (in) *in = nullptr;
    return nullptr;
}

} // namespace kiosk::content
