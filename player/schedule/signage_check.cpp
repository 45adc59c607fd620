// check_schedule (signage_schedule.h): what is wrong with a schedule as a whole, which no
// single rule shows: rules of equal priority that overlap, and times no rule covers when
// there is no default playlist. Both reason over dates, weekdays and minutes as intervals,
// so the cost depends on the number of rules, never on the length of their date ranges.

#include "player/schedule/signage_schedule.h"

#include <algorithm>
#include <array>
#include <cstdio>
#include <limits>

namespace kiosk::schedule {

using content::LocalDate;
using content::ScheduleRule;

namespace {

constexpr size_t kMaxProblems = 20;
constexpr int64_t kNever = std::numeric_limits<int64_t>::max() / 4;
constexpr std::string_view kWeekdays[7] = {"Mondays", "Tuesdays",  "Wednesdays", "Thursdays",
                                           "Fridays", "Saturdays", "Sundays"};

// A rule's dates as day numbers, -kNever / kNever where it has no bound.
int64_t first_day_number(const ScheduleRule& rule) {
    return content::is_valid_date(rule.first_day) ? content::day_number(rule.first_day) : -kNever;
}
int64_t last_day_number(const ScheduleRule& rule) {
    return content::is_valid_date(rule.last_day) && rule.last_day != LocalDate{9999, 12, 31}
               ? content::day_number(rule.last_day)
               : kNever;
}

std::string minute_text(int minute) {
    char text[32];
    std::snprintf(text, sizeof text, "%02d:%02d", minute / 60, minute % 60);
    return text;
}

bool unbounded(int64_t first, int64_t last) {
    return first == -kNever && last >= kNever - 1;
}

// The first day in [first, last] whose weekday is in `days` (Monday 0), or kNever. With no
// bounds at all any week will do: only the weekday matters then.
int64_t first_day_on(int64_t first, int64_t last, const std::array<bool, 7>& days) {
    if (first == -kNever) first = last >= kNever - 1 ? content::day_number({2026, 1, 5}) : last - 6;
    for (int64_t day = first; day <= last && day < first + 7; ++day)
        if (days[size_t(content::weekday_of(content::date_of_day(day)))]) return day;
    return kNever;
}

// " (e.g. 2026-12-07)" when the dates are bounded, so that the day means something.
std::string example(int64_t day, bool bounded) {
    if (!bounded || day == kNever) return {};
    return " (e.g. " + content::format_date(content::date_of_day(day)) + ")";
}

struct Problems {
    std::vector<ScheduleProblem> list;
    size_t dropped = 0;

    void add(bool error, int line, std::string message) {
        if (list.size() < kMaxProblems)
            list.push_back({error, line, std::move(message)});
        else
            ++dropped;
    }
};

// ---- overlaps --------------------------------------------------------------------

void check_pair(const ScheduleRule& a, const ScheduleRule& b, Problems& problems) {
    if (a.priority != b.priority || a.playlist == b.playlist) return;
    const int from = std::max(a.from_minute, b.from_minute);
    const int to = std::min(a.to_minute, b.to_minute);
    if (from >= to) return;
    const int64_t first = std::max(first_day_number(a), first_day_number(b));
    const int64_t last = std::min(last_day_number(a), last_day_number(b));
    if (first > last) return;
    std::array<bool, 7> days{};
    for (size_t d = 0; d < 7; ++d)
        days[d] = a.weekdays[d] && b.weekdays[d];
    const int64_t day = first_day_on(first, last, days);
    if (day == kNever) return; // their common dates fall on none of their common weekdays
    const int weekday = content::weekday_of(content::date_of_day(day));
    problems.add(true, b.line,
                 "this rule and the rule on line " + std::to_string(a.line) +
                     " both have priority " + std::to_string(a.priority) + " and overlap on " +
                     std::string(kWeekdays[weekday]) + " from " + minute_text(from) + " to " +
                     minute_text(to) + example(day, !unbounded(first, last)) + ", playing \"" +
                     b.playlist + "\" and \"" + a.playlist + "\" (line " + std::to_string(a.line) +
                     " would win; give one a higher priority, or change their days, times or "
                     "dates)");
}

// ---- gaps ------------------------------------------------------------------------

// The first minute range of the day that none of `spans` covers, or {-1, -1}.
std::pair<int, int> first_gap(std::vector<std::pair<int, int>> spans) {
    std::sort(spans.begin(), spans.end());
    int covered = 0;
    for (const auto& [from, to] : spans) {
        if (from > covered) return {covered, from};
        covered = std::max(covered, to);
    }
    return covered < 24 * 60 ? std::pair{covered, 24 * 60} : std::pair{-1, -1};
}

// The dates where the set of rules in force changes, within the rules' own span.
std::vector<int64_t> date_cuts(const std::vector<ScheduleRule>& rules) {
    std::vector<int64_t> cuts;
    int64_t low = kNever, high = -kNever;
    for (const ScheduleRule& rule : rules) {
        low = std::min(low, first_day_number(rule));
        high = std::max(high, last_day_number(rule) == kNever ? kNever : last_day_number(rule) + 1);
        cuts.push_back(first_day_number(rule));
        if (last_day_number(rule) != kNever) cuts.push_back(last_day_number(rule) + 1);
    }
    cuts.push_back(high);
    std::sort(cuts.begin(), cuts.end());
    cuts.erase(std::unique(cuts.begin(), cuts.end()), cuts.end());
    std::erase_if(cuts, [&](int64_t cut) { return cut < low || cut > high; });
    return cuts;
}

// One weekday and time with no rule in [first, next), or false.
bool report_gap_between(const std::vector<ScheduleRule>& rules, int64_t first, int64_t next,
                        Problems& problems) {
    for (size_t weekday = 0; weekday < 7; ++weekday) {
        std::array<bool, 7> only{};
        only[weekday] = true;
        const int64_t day = first_day_on(first, next - 1, only);
        if (day == kNever) continue; // this stretch of dates has no such weekday
        std::vector<std::pair<int, int>> spans;
        for (const ScheduleRule& rule : rules)
            if (rule.weekdays[weekday] && first_day_number(rule) <= first &&
                next - 1 <= last_day_number(rule) && rule.from_minute < rule.to_minute)
                spans.emplace_back(rule.from_minute, rule.to_minute);
        const auto [from, to] = first_gap(spans);
        if (from < 0) continue;
        problems.add(false, 0,
                     "no [[schedule]] rule plays on " + std::string(kWeekdays[weekday]) + " from " +
                         minute_text(from) + " to " + minute_text(to) +
                         example(day, !unbounded(first, next - 1)) +
                         " and there is no default_playlist: the kiosk shows its home screen "
                         "then (add a rule for that time, or a default_playlist)");
        return true;
    }
    return false;
}

void check_gaps(const content::Signage& signage, Problems& problems) {
    if (!signage.default_playlist.empty()) return;
    if (signage.rules.empty()) {
        if (signage.closed_playlist.empty() || signage.closed_days.empty())
            problems.add(true, 0,
                         "nothing ever plays: there is no [[schedule]] rule and no "
                         "default_playlist (add default_playlist = \"<playlist id>\", or "
                         "rules)");
        else
            problems.add(false, 0,
                         "signage plays only on closed days: there is no [[schedule]] rule "
                         "and no default_playlist (add default_playlist = \"<playlist id>\", "
                         "or rules)");
        return;
    }
    const std::vector<int64_t> cuts = date_cuts(signage.rules);
    for (size_t i = 0; i + 1 < cuts.size(); ++i)
        if (report_gap_between(signage.rules, cuts[i], cuts[i + 1], problems)) break;
    if (!signage.closed_days.empty() && signage.closed_playlist.empty())
        problems.add(false, 0,
                     "on closed days (e.g. " + content::format_date(signage.closed_days.front()) +
                         ") no rule applies and there is neither a closed_playlist nor a "
                         "default_playlist: the kiosk shows its home screen (add one)");
}

} // namespace

std::vector<ScheduleProblem> check_schedule(const content::Signage& signage) {
    Problems problems;
    if (!signage.present) return {};
    for (size_t j = 0; j < signage.rules.size(); ++j)
        for (size_t i = 0; i < j; ++i)
            check_pair(signage.rules[i], signage.rules[j], problems);
    check_gaps(signage, problems);
    if (problems.dropped > 0)
        problems.list.push_back({true, 0,
                                 "... and " + std::to_string(problems.dropped) +
                                     " more schedule problems, not shown (fix the first ones)"});
    return problems.list;
}

} // namespace kiosk::schedule
