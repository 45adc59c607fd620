// When signage plays what (signage_schedule.h): the bundle's wall clock through ICU, the
// plan of one day (which playlist wins between cuts), runs of one playlist, and the
// position inside a run's loop, found by arithmetic rather than by replaying the run.

#include "player/schedule/signage_schedule.h"

#include <unicode/basictz.h>
#include <unicode/gregocal.h>
#include <unicode/tztrans.h>
#include <unicode/unistr.h>

#include <algorithm>
#include <cstdio>

namespace kiosk::schedule {

using content::LocalDate;

// ---- the wall clock --------------------------------------------------------------

struct SignageClock::Impl {
    // Calendars keep state between calls (setTime, set): one thread (see the header).
    std::unique_ptr<icu::Calendar> calendar;
    std::unique_ptr<icu::TimeZone> zone;       // a copy, for the offset transitions
    const icu::BasicTimeZone* basic = nullptr; // `zone` when ICU can list its transitions

    int64_t instant(const LocalDate& date, int minute, UCalendarWallTimeOption repeated) {
        LocalDate day = date;
        if (minute >= 24 * 60) {
            day = content::date_of_day(content::day_number(date) + minute / (24 * 60));
            minute %= 24 * 60;
        }
        UErrorCode status = U_ZERO_ERROR;
        calendar->clear();
        calendar->setRepeatedWallTimeOption(repeated);
        calendar->set(day.year, day.month - 1, day.day, minute / 60, minute % 60, 0);
        const UDate ms = calendar->getTime(status);
        return U_SUCCESS(status) ? static_cast<int64_t>(ms / 1000) : 0;
    }
};

SignageClock::SignageClock(std::unique_ptr<Impl> impl) : m_impl(std::move(impl)) {}
SignageClock::~SignageClock() = default;
SignageClock::SignageClock(SignageClock&&) noexcept = default;
SignageClock& SignageClock::operator=(SignageClock&&) noexcept = default;

Result<SignageClock> SignageClock::create(const std::string& time_zone) {
    const icu::UnicodeString id = icu::UnicodeString::fromUTF8(time_zone);
    // ICU maps a zone it does not know to "Etc/Unknown" (UTC) without failing: every
    // slide would change hours off. Only its system zones are accepted.
    icu::UnicodeString canonical;
    UBool is_system = false;
    UErrorCode status = U_ZERO_ERROR;
    icu::TimeZone::getCanonicalID(id, canonical, is_system, status);
    if (U_FAILURE(status) || !is_system)
        return make_error("unknown time zone \"" + time_zone +
                          "\" (use an IANA zone name like \"Asia/Tokyo\")");
    auto impl = std::make_unique<Impl>();
    impl->zone.reset(icu::TimeZone::createTimeZone(id));
    impl->basic = dynamic_cast<const icu::BasicTimeZone*>(impl->zone.get());
    impl->calendar = std::make_unique<icu::GregorianCalendar>(impl->zone->clone(), status);
    if (U_FAILURE(status) || !impl->calendar)
        return make_error("cannot make a calendar for the time zone \"" + time_zone + "\"");
    // A skipped minute means the first one after the gap (a rule "from 02:30" on the day
    // the clock jumps from 02:00 to 03:00 starts at 03:00).
    impl->calendar->setSkippedWallTimeOption(UCAL_WALLTIME_NEXT_VALID);
    return SignageClock(std::move(impl));
}

LocalTime SignageClock::local(int64_t unix_seconds) const {
    icu::Calendar& calendar = *m_impl->calendar;
    UErrorCode status = U_ZERO_ERROR;
    calendar.setTime(static_cast<UDate>(unix_seconds) * 1000.0, status);
    LocalTime time;
    time.date.year = calendar.get(UCAL_EXTENDED_YEAR, status);
    time.date.month = calendar.get(UCAL_MONTH, status) + 1;
    time.date.day = calendar.get(UCAL_DATE, status);
    time.minute_of_day =
        calendar.get(UCAL_HOUR_OF_DAY, status) * 60 + calendar.get(UCAL_MINUTE, status);
    time.second = calendar.get(UCAL_SECOND, status);
    time.weekday = content::weekday_of(time.date);
    return time;
}

int64_t SignageClock::unix_of(const LocalDate& date, int minute_of_day) const {
    return m_impl->instant(date, minute_of_day, UCAL_WALLTIME_FIRST);
}

int64_t SignageClock::last_unix_of(const LocalDate& date, int minute_of_day) const {
    return m_impl->instant(date, minute_of_day, UCAL_WALLTIME_LAST);
}

std::optional<int64_t> SignageClock::next_transition(int64_t after_unix) const {
    if (!m_impl->basic) return std::nullopt;
    icu::TimeZoneTransition transition;
    if (!m_impl->basic->getNextTransition(static_cast<UDate>(after_unix) * 1000.0, false,
                                          transition))
        return std::nullopt;
    return static_cast<int64_t>(transition.getTime() / 1000);
}

namespace {

// ---- one day's plan --------------------------------------------------------------

// Between two cuts of a day, one playlist ("" for none); neighbours with the same playlist
// are merged, so each segment is the longest stretch of one winner within the day.
struct Segment {
    int from = 0, to = 24 * 60;
    std::string_view playlist;
};

bool applies_on(const content::ScheduleRule& rule, const LocalDate& date, int weekday) {
    return rule.weekdays[size_t(weekday)] && rule.first_day <= date && date <= rule.last_day;
}

// The rule of highest priority at `minute` (the first in the file among equals).
std::string_view rule_winner(const std::vector<const content::ScheduleRule*>& rules, int minute,
                             std::string_view otherwise) {
    const content::ScheduleRule* best = nullptr;
    for (const content::ScheduleRule* rule : rules)
        if (rule->from_minute <= minute && minute < rule->to_minute &&
            (!best || rule->priority > best->priority))
            best = rule;
    return best ? std::string_view(best->playlist) : otherwise;
}

std::vector<Segment> day_plan(const content::Signage& signage, const LocalDate& date) {
    if (std::binary_search(signage.closed_days.begin(), signage.closed_days.end(), date)) {
        const std::string& closed =
            signage.closed_playlist.empty() ? signage.default_playlist : signage.closed_playlist;
        return {Segment{0, 24 * 60, closed}};
    }
    const int weekday = content::weekday_of(date);
    std::vector<const content::ScheduleRule*> rules;
    std::vector<int> cuts{0, 24 * 60};
    for (const content::ScheduleRule& rule : signage.rules)
        if (applies_on(rule, date, weekday) && rule.from_minute < rule.to_minute) {
            rules.push_back(&rule);
            cuts.push_back(rule.from_minute);
            cuts.push_back(rule.to_minute);
        }
    std::sort(cuts.begin(), cuts.end());
    cuts.erase(std::unique(cuts.begin(), cuts.end()), cuts.end());
    std::vector<Segment> plan;
    for (size_t i = 0; i + 1 < cuts.size(); ++i) {
        const std::string_view winner = rule_winner(rules, cuts[i], signage.default_playlist);
        if (!plan.empty() && plan.back().playlist == winner)
            plan.back().to = cuts[i + 1];
        else
            plan.push_back({cuts[i], cuts[i + 1], winner});
    }
    return plan;
}

// ---- runs ------------------------------------------------------------------------

// A stretch of real time in which one playlist wins; positions count from `start`.
struct Run {
    std::string_view playlist; // "" when nothing plays
    int64_t start = 0, end = 0;
};

// The run at `now` as the wall clock shows it, ignoring offset changes before its end.
Run plain_run(const content::Signage& signage, const SignageClock& clock, int64_t now) {
    const LocalTime time = clock.local(now);
    const std::vector<Segment> plan = day_plan(signage, time.date);
    Segment segment = plan.back();
    for (const Segment& s : plan)
        if (s.from <= time.minute_of_day && time.minute_of_day < s.to) segment = s;
    Run run{segment.playlist, 0, 0};
    // In a repeated hour a wall time happens twice: the run began at the latest one that
    // has passed and ends at the first one still to come.
    run.start = clock.last_unix_of(time.date, segment.from);
    if (run.start > now) run.start = clock.unix_of(time.date, segment.from);
    run.start = std::min(run.start, now);
    run.end = clock.unix_of(time.date, segment.to);
    if (run.end <= now) run.end = clock.last_unix_of(time.date, segment.to);
    run.end = std::max(run.end, now + 1); // always forward, whatever the zone data says
    return run;
}

// The run at `now`, ended early where a change of UTC offset moves the wall clock into
// another run (the hour repeated in autumn can bring back the previous playlist).
Run run_at(const content::Signage& signage, const SignageClock& clock, int64_t now) {
    Run run = plain_run(signage, clock, now);
    std::optional<int64_t> change = clock.next_transition(now);
    for (int i = 0; i < 4 && change && *change < run.end; ++i) {
        const Run after = plain_run(signage, clock, *change);
        if (after.playlist != run.playlist || after.start != run.start) {
            run.end = *change;
            break;
        }
        change = clock.next_transition(*change);
    }
    return run;
}

// ---- the loop of a playlist ------------------------------------------------------

const std::vector<std::string>& rotation(const content::Bundle& bundle,
                                         const content::Slide& slide) {
    if (!slide.languages.empty()) return slide.languages;
    if (!bundle.signage.languages.empty()) return bundle.signage.languages;
    return bundle.locales;
}

int64_t slide_seconds(const content::Bundle& bundle, const content::Slide& slide) {
    return int64_t(std::max(slide.duration_seconds, 0)) * int64_t(rotation(bundle, slide).size());
}

int64_t loop_seconds(const content::Bundle& bundle, const content::Playlist& playlist) {
    int64_t total = 0;
    for (const content::Slide& slide : playlist.slides)
        total += slide_seconds(bundle, slide);
    return total;
}

// Where in the loop: which slide, which of its languages, and that showing's span.
struct Position {
    size_t slide = 0, language = 0;
    int64_t start = 0, end = 0;
};

SlidePlay to_play(const content::Bundle& bundle, const content::Playlist& playlist,
                  const Position& at) {
    const content::Slide& slide = playlist.slides[at.slide];
    return SlidePlay{&playlist, &slide, rotation(bundle, slide)[at.language], at.start, at.end};
}

// The showing at `now` of a run of `playlist` (whose loop is `loop` > 0 seconds long).
Position position_at(const content::Bundle& bundle, const content::Playlist& playlist,
                     const Run& run, int64_t loop, int64_t now) {
    int64_t offset = (now - run.start) % loop;
    Position at;
    for (size_t i = 0; i < playlist.slides.size(); ++i) {
        const int64_t span = slide_seconds(bundle, playlist.slides[i]);
        if (offset >= span) {
            offset -= span;
            continue;
        }
        const int64_t duration = playlist.slides[i].duration_seconds;
        at.slide = i;
        at.language = size_t(offset / duration);
        at.start = now - offset % duration;
        at.end = std::min(at.start + duration, run.end);
        return at;
    }
    return at; // not reached: offset < loop
}

// The showing after `at` in the same run (its end may be cut by the run's end).
Position next_position(const content::Bundle& bundle, const content::Playlist& playlist,
                       const Run& run, Position at) {
    at.start = at.end;
    do {
        const content::Slide& slide = playlist.slides[at.slide];
        if (++at.language >= rotation(bundle, slide).size()) {
            at.language = 0;
            at.slide = (at.slide + 1) % playlist.slides.size();
        }
    } while (slide_seconds(bundle, playlist.slides[at.slide]) == 0);
    at.end = std::min(at.start + playlist.slides[at.slide].duration_seconds, run.end);
    return at;
}

// The playlist of a run when it can play: known, with slides and a loop longer than 0.
const content::Playlist* playable(const content::Bundle& bundle, const Run& run, int64_t* loop) {
    if (run.playlist.empty()) return nullptr;
    const content::Playlist* playlist = bundle.signage.playlist(run.playlist);
    if (!playlist || playlist->slides.empty()) return nullptr;
    *loop = loop_seconds(bundle, *playlist);
    return *loop > 0 ? playlist : nullptr;
}

std::string format_instant(const SignageClock& clock, int64_t unix) {
    const LocalTime time = clock.local(unix);
    char text[48];
    std::snprintf(text, sizeof text, "%sT%02d:%02d:%02d", content::format_date(time.date).c_str(),
                  time.minute_of_day / 60, time.minute_of_day % 60, time.second);
    return text;
}

} // namespace

std::string playlist_at(const content::Signage& signage, const SignageClock& clock,
                        int64_t now_unix) {
    if (!signage.present) return {};
    return std::string(run_at(signage, clock, now_unix).playlist);
}

std::optional<SlidePlay> slide_at(const content::Bundle& bundle, const SignageClock& clock,
                                  int64_t now_unix) {
    if (!bundle.signage.present) return std::nullopt;
    const Run run = run_at(bundle.signage, clock, now_unix);
    int64_t loop = 0;
    const content::Playlist* playlist = playable(bundle, run, &loop);
    if (!playlist) return std::nullopt;
    return to_play(bundle, *playlist, position_at(bundle, *playlist, run, loop, now_unix));
}

Result<std::vector<SlidePlay>> timeline(const content::Bundle& bundle, const SignageClock& clock,
                                        int64_t from_unix, int64_t to_unix, size_t max_rows) {
    std::vector<SlidePlay> rows;
    if (!bundle.signage.present) return rows;
    for (int64_t now = from_unix; now < to_unix;) {
        const Run run = run_at(bundle.signage, clock, now);
        int64_t loop = 0;
        if (const content::Playlist* playlist = playable(bundle, run, &loop)) {
            Position at = position_at(bundle, *playlist, run, loop, now);
            at.start = std::max(at.start, now); // the first row starts at `from`
            while (at.start < to_unix && at.start < run.end) {
                if (rows.size() == max_rows)
                    return make_error("more than " + std::to_string(max_rows) + " showings from " +
                                      format_instant(clock, from_unix) + " to " +
                                      format_instant(clock, to_unix) +
                                      " (ask for a shorter range)");
                rows.push_back(to_play(bundle, *playlist, at));
                at = next_position(bundle, *playlist, run, at);
            }
        }
        now = run.end;
    }
    return rows;
}

} // namespace kiosk::schedule
