#pragma once
// Helpers shared by the schedule_*.cpp tests: signage built in code (so each test states
// exactly the schedule it reasons about), instants written as local or UTC text, and the
// row of a timeline that holds an instant.

#include "player/content/bundle_model.h"
#include "player/schedule/signage_schedule.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <string>
#include <vector>

namespace kiosk::schedule::test {

using content::LocalDate;

// Seconds since the epoch of a UTC date and time.
inline int64_t utc(int year, int month, int day, int hour = 0, int minute = 0, int second = 0) {
    return content::day_number({year, month, day}) * 86400 + hour * 3600 + minute * 60 + second;
}

// The instant of a local date and time in `clock`'s zone (the earlier in an overlap).
inline int64_t local(const SignageClock& clock, int year, int month, int day, int hour = 0,
                     int minute = 0, int second = 0) {
    return clock.unix_of({year, month, day}, hour * 60 + minute) + second;
}

inline SignageClock make_clock(const std::string& zone) {
    auto clock = SignageClock::create(zone);
    REQUIRE_MESSAGE(clock.ok(), (clock.ok() ? std::string() : clock.error().describe()));
    return std::move(*clock);
}

inline content::Slide slide(const std::string& id, int seconds,
                            std::vector<std::string> languages = {}) {
    content::Slide s;
    s.id = id;
    s.kind = content::SlideKind::Message;
    s.duration_seconds = seconds;
    s.languages = std::move(languages);
    s.title.by_locale = {{"ja", id}, {"en", id}};
    return s;
}

inline content::Playlist playlist(const std::string& id, std::vector<content::Slide> slides) {
    content::Playlist p;
    p.id = id;
    p.slides = std::move(slides);
    return p;
}

inline content::ScheduleRule rule(const std::string& playlist, std::array<bool, 7> weekdays,
                                  int from_minute, int to_minute, int priority = 0, int line = 0) {
    content::ScheduleRule r;
    r.playlist = playlist;
    r.weekdays = weekdays;
    r.from_minute = from_minute;
    r.to_minute = to_minute;
    r.priority = priority;
    r.line = line;
    return r;
}

inline constexpr std::array<bool, 7> kWeekdays{true, true, true, true, true, false, false};
inline constexpr std::array<bool, 7> kWeekend{false, false, false, false, false, true, true};
inline constexpr std::array<bool, 7> kEveryDay{true, true, true, true, true, true, true};

// A bundle in `zone` whose signage rotates through ja and en.
inline content::Bundle signage_bundle(const std::string& zone) {
    content::Bundle bundle;
    bundle.id = "t";
    bundle.default_locale = "ja";
    bundle.locales = {"ja", "en"};
    bundle.time_zone = zone;
    bundle.signage.present = true;
    bundle.signage.languages = {"ja", "en"};
    return bundle;
}

inline void sort_playlists(content::Signage& signage) {
    std::sort(signage.playlists.begin(), signage.playlists.end(),
              [](const content::Playlist& a, const content::Playlist& b) { return a.id < b.id; });
}

// The row of `rows` (contiguous, in order) whose [start, end) holds `t`, or null.
inline const SlidePlay* row_at(const std::vector<SlidePlay>& rows, int64_t t) {
    auto it =
        std::upper_bound(rows.begin(), rows.end(), t, [](int64_t value, const SlidePlay& row) {
            return value < row.start_unix;
        });
    if (it == rows.begin()) return nullptr;
    --it;
    return t < it->end_unix ? &*it : nullptr;
}

// Deterministic pseudo-random numbers (no global state, the same sequence every run).
struct Lcg {
    uint64_t state = 0x9E3779B97F4A7C15ull;
    uint64_t next() {
        state = state * 6364136223846793005ull + 1442695040888963407ull;
        return state >> 17;
    }
    int64_t below(int64_t n) { return int64_t(next() % uint64_t(n)); }
};

} // namespace kiosk::schedule::test
