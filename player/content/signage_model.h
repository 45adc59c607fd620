#pragma once
// Signage as authored (docs/SIGNAGE.md): what the terminal plays when nobody touches it.
// Plain values inside content::Bundle, loaded from signage/signage.toml and
// signage/playlists/<id>.toml by the content loader, which also checks every reference
// (pages, pictures, playlists) with file:line messages. When it plays what is decided by
// player/schedule (time of day, weekday, dates, in the bundle's time zone).

#include "player/content/localized_text.h"

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace kiosk::content {

enum class SlideKind {
    Page,         // a page of the bundle, large: its title and first blocks
    Image,        // a picture of the bundle with a caption
    Message,      // a title and a body, per locale
    Transit,      // the transit board (player/transit): line status per locale
    Clock,        // the date and time, large
    TouchToStart, // an invitation to touch the screen, in the slide's language
    Video         // a video of the bundle (player/media), muted, fitted to the slide
};

// Bounds of a slide's duration: a slide that flashes by cannot be read, one that stays an
// hour is a frozen screen.
inline constexpr int kMinSlideSeconds = 3;
inline constexpr int kMaxSlideSeconds = 600;
inline constexpr int kMaxSlidesPerPlaylist = 200;
inline constexpr int kMaxPlaylists = 64;
inline constexpr int kMaxScheduleRules = 256;
inline constexpr int kMaxClosedDays = 1000;
inline constexpr int kMaxRulePriority = 1000; // priorities are 0..1000, higher wins

struct Slide {
    std::string id; // unique in the bundle; the screen ID is "signage/<id>"
    SlideKind kind = SlideKind::Message;
    int duration_seconds = 10;
    std::string page;          // Page: a page id
    std::string image;         // Image: a bundle path, "images/..."
    LocalizedText title, body; // Message (title and body); Page: an optional title override
    LocalizedText caption;     // Image
    std::string video;         // Video: a bundle path, "videos/..."
    bool loop = true;          // Video: loop for the slide's time; false: once, then hold
    std::vector<std::string> languages; // empty: the signage languages
    std::string file;                   // "signage/playlists/<id>.toml"
    int line = 0;                       // of its [[slide]] table
};

struct Playlist {
    std::string id; // the file name, signage/playlists/<id>.toml
    std::vector<Slide> slides;
};

// A local calendar date in the bundle's time zone.
struct LocalDate {
    int year = 0, month = 0, day = 0; // month 1..12, day 1..31
    auto operator<=>(const LocalDate&) const = default;
};

// Proleptic Gregorian date arithmetic, without a time zone: the schedule steps from day to
// day and the loader counts closed-day ranges with these, ICU is needed only to map a
// local date and time to an instant (player/schedule).
bool is_valid_date(const LocalDate& date);              // a day that exists, years 1..9999
int64_t day_number(const LocalDate& date);              // days since 1970-01-01 (valid dates)
LocalDate date_of_day(int64_t day_number);              // the inverse
int weekday_of(const LocalDate& date);                  // 0 Monday .. 6 Sunday (valid dates)
std::string format_date(const LocalDate& date);         // "2026-12-29"
bool parse_date(std::string_view text, LocalDate& out); // exactly "YYYY-MM-DD", a real day

// When a playlist plays: on these weekdays, between these times of day, within these
// dates (inclusive). The matching rule of highest priority wins; equal priorities must
// not overlap (bundle check says where).
struct ScheduleRule {
    std::string playlist;
    int priority = 0;
    std::array<bool, 7> weekdays{true, true, true, true, true, true, true}; // Monday..Sunday
    int from_minute = 0, to_minute = 24 * 60;             // [from, to) in local minutes of the day
    LocalDate first_day{0, 0, 0}, last_day{9999, 12, 31}; // inclusive
    int line = 0;                                         // in signage/signage.toml
};

struct TransitSettings {
    std::string feed_url;     // ODPT odpt:TrainInformation JSON, polled; empty: none
    int poll_seconds = 60;    // 15..3600
    int stale_minutes = 15;   // data older than this is shown as out of date, never current
    std::string bundled_file; // a feed shipped in the bundle ("signage/transit.json"), or ""
};

struct Signage {
    bool present = false;               // the bundle has signage/signage.toml
    std::vector<std::string> languages; // the rotation, bundle locales; default: all of them
    std::string default_playlist;       // when no rule matches; "" for none (the home screen)
    std::string closed_playlist;        // on closed days; "" for the default playlist
    std::vector<LocalDate> closed_days; // sorted
    std::vector<ScheduleRule> rules;    // in file order
    std::vector<Playlist> playlists;    // sorted by id
    TransitSettings transit;

    const Playlist* playlist(std::string_view id) const;
    // The slide with this id and the playlist holding it (first match), or nulls.
    const Slide* slide(std::string_view id, const Playlist** in = nullptr) const;
};

} // namespace kiosk::content
