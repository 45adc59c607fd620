#pragma once
// When signage plays what: the schedule of a bundle's signage (content/signage_model.h)
// resolved in the bundle's time zone with ICU's calendar. Deterministic: what plays at a
// moment depends only on the bundle and that moment, so `kiosk signage timeline`, `kiosk
// shot --screen signage/<slide> --clock T` and a running terminal agree to the second.
//
// How a moment maps to a slide. The day is cut at every rule's from/to minute and at
// midnight; between two cuts one playlist wins (closed day -> closed playlist; else the
// matching rule of highest priority; else the default playlist). A run of the same playlist
// starts at the first cut where it began winning (looking back at most to the start of the
// local day), and from there the playlist loops: each slide once per language of its
// rotation (the slide's languages, else the signage languages), for its duration each.
// A run that ends mid-slide cuts that slide short.
//
// Details the above leaves open. Rules do not apply on closed days (the closed playlist,
// else the default, plays all day). Of equal-priority rules that overlap (check_schedule
// reports them) the first in the file wins. Runs are real stretches of time: one starts
// at the latest instant its first cut had, and ends at the next instant the wall clock
// leaves its stretch, which in a zone with DST may be the moment the clock goes back. The
// position in the loop is (now - run start) modulo the loop's length, so finding the
// slide costs the same whenever the run began.
//
// Threading: a SignageClock holds an ICU calendar and belongs to one thread.

#include "player/content/bundle_model.h"
#include "player/content/signage_model.h"
#include "player/core/result.h"

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace kiosk::schedule {

// A moment as the bundle's wall clock shows it.
struct LocalTime {
    content::LocalDate date;
    int weekday = 0;       // 0 Monday .. 6 Sunday
    int minute_of_day = 0; // 0..1439
    int second = 0;        // 0..59
};

class SignageClock {
  public:
    // Fails with a message naming the zone when ICU does not know it.
    static Result<SignageClock> create(const std::string& time_zone);
    ~SignageClock();
    SignageClock(SignageClock&&) noexcept;
    SignageClock& operator=(SignageClock&&) noexcept;

    LocalTime local(int64_t unix_seconds) const;
    // The instant of a local date and minute (the earlier one in a DST overlap; Japan has
    // none, but the kiosk is not only for Japan). A minute the clock skips (the hour lost
    // in spring) is the first instant after the gap. minute_of_day may be 1440: the next
    // day's midnight.
    int64_t unix_of(const content::LocalDate& date, int minute_of_day) const;
    // The same, but the later instant in a DST overlap (the hour repeated in autumn).
    int64_t last_unix_of(const content::LocalDate& date, int minute_of_day) const;
    // The first change of the zone's UTC offset strictly after `after_unix`, if there is one.
    std::optional<int64_t> next_transition(int64_t after_unix) const;

  private:
    struct Impl;
    explicit SignageClock(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> m_impl;
};

// One slide as it plays.
struct SlidePlay {
    const content::Playlist* playlist = nullptr;
    const content::Slide* slide = nullptr;
    std::string language;                 // a bundle locale
    int64_t start_unix = 0, end_unix = 0; // [start, end): when this showing begins and ends
};

// The playlist that wins at `now` ("" when none: the terminal shows its home screen).
std::string playlist_at(const content::Signage& signage, const SignageClock& clock,
                        int64_t now_unix);

// What plays at `now`, or nothing (no signage, no playlist at that time, or an empty one).
std::optional<SlidePlay> slide_at(const content::Bundle& bundle, const SignageClock& clock,
                                  int64_t now_unix);

// Every showing that overlaps [from, to), in order, the first cut at `from` (the last one
// keeps its real end). Within a run the showings follow one another; each run is found
// as slide_at finds it. Refuses more than `max_rows` (a range too long for its slides)
// with a message saying how to narrow it.
Result<std::vector<SlidePlay>> timeline(const content::Bundle& bundle, const SignageClock& clock,
                                        int64_t from_unix, int64_t to_unix,
                                        size_t max_rows = 100000);

// What `bundle check` reports about the schedule itself (the loader has checked each file
// and reference): rules of equal priority that overlap with different playlists (errors,
// at the later rule's line, naming both lines), and, when there is no default playlist,
// one example of a weekday and time no rule covers within the rules' dates (a warning: the
// home screen shows then) or, when nothing ever plays, an error. At most 20 problems, then
// one line counting the rest.
struct ScheduleProblem {
    bool error = true;
    int line = 0; // in signage/signage.toml; 0 for the file as a whole
    std::string message;
};
std::vector<ScheduleProblem> check_schedule(const content::Signage& signage);

} // namespace kiosk::schedule
