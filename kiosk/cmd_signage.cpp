// kiosk signage timeline: what signage plays when, so staff can check a schedule before
// publishing it. It draws nothing, so it lives in the executable (kiosk_cli), not in a
// module.

#include "kiosk/cli_args.h"
#include "kiosk/commands.h"
#include "player/content/bundle_loader.h"
#include "player/schedule/signage_schedule.h"

#include <cstdio>

namespace kiosk::cli {

namespace {

constexpr const char* kUsage =
    "kiosk signage timeline --bundle DIR --from T --to T\n"
    "  Prints every slide showing that overlaps [--from, --to), one a line:\n"
    "    START END PLAYLIST SLIDE LANGUAGE\n"
    "  with START and END as YYYY-MM-DDTHH:MM:SS in the bundle's time zone (the first\n"
    "  line starts at --from). T is YYYY-MM-DDTHH:MM, local time of the bundle, as in\n"
    "  `kiosk shot --clock`; --to at most 366 days after --from. DIR may be an authored\n"
    "  bundle, a built bundle or a store. See docs/SIGNAGE.md.";

constexpr int64_t kMaxRangeSeconds = 366LL * 24 * 3600;

// "2026-12-01T09:00" -> the instant, in the bundle's zone (is_valid_clock checked it).
int64_t instant_of(const std::string& clock_text, const schedule::SignageClock& clock) {
    const content::LocalDate date{std::stoi(clock_text.substr(0, 4)),
                                  std::stoi(clock_text.substr(5, 2)),
                                  std::stoi(clock_text.substr(8, 2))};
    const int minute =
        std::stoi(clock_text.substr(11, 2)) * 60 + std::stoi(clock_text.substr(14, 2));
    return clock.unix_of(date, minute);
}

std::string local_text(const schedule::SignageClock& clock, int64_t unix) {
    const schedule::LocalTime time = clock.local(unix);
    char text[48];
    std::snprintf(text, sizeof text, "%sT%02d:%02d:%02d", content::format_date(time.date).c_str(),
                  time.minute_of_day / 60, time.minute_of_day % 60, time.second);
    return text;
}

// The bundle, or nothing after printing its errors (file:line: message) to stderr.
std::shared_ptr<const content::Bundle> load(const std::string& dir) {
    content::LoadReport report;
    auto loaded = content::load_bundle(dir, &report);
    if (loaded && !report.has_errors()) return *loaded;
    for (const auto& problem : report.problems)
        if (problem.severity == content::Severity::Error)
            std::fprintf(stderr, "%s\n", problem.where.describe().c_str());
    if (report.problems.empty()) std::fprintf(stderr, "%s\n", loaded.error().describe().c_str());
    return nullptr;
}

int timeline_main(const Argv& argv) {
    constexpr std::string_view command = "signage timeline";
    Args args(argv, {{"--bundle", true}, {"--from", true}, {"--to", true}});
    if (args.wants_help()) {
        std::puts(kUsage);
        return Exit::Success;
    }
    if (!args.error().empty()) return usage_error(command, args.error(), kUsage);
    if (!args.positionals().empty())
        return usage_error(command, "unexpected argument " + args.positionals()[0], kUsage);
    if (!args.get("--bundle") || !args.get("--from") || !args.get("--to"))
        return usage_error(command, "--bundle, --from and --to are required", kUsage);
    for (const char* option : {"--from", "--to"})
        if (!is_valid_clock(*args.get(option)))
            return usage_error(command,
                               std::string(option) +
                                   " must look like 2026-12-01T09:00 (a real local date and "
                                   "time of the bundle)",
                               kUsage);

    auto bundle = load(*args.get("--bundle"));
    if (!bundle)
        return failure(command, "the bundle has errors (kiosk bundle check lists them all)");
    if (!bundle->signage.present)
        return failure(command, "the bundle has no signage/signage.toml, so nothing plays (see "
                                "docs/SIGNAGE.md)");
    auto clock = schedule::SignageClock::create(bundle->time_zone);
    if (!clock) return failure(command, clock.error().describe());
    const int64_t from = instant_of(*args.get("--from"), *clock);
    const int64_t to = instant_of(*args.get("--to"), *clock);
    if (to <= from) return usage_error(command, "--to must be after --from", kUsage);
    if (to - from > kMaxRangeSeconds)
        return usage_error(command, "--to must be at most 366 days after --from", kUsage);

    auto rows = schedule::timeline(*bundle, *clock, from, to);
    if (!rows) return failure(command, rows.error().describe());
    for (const schedule::SlidePlay& play : *rows)
        std::printf("%s %s %s %s %s\n", local_text(*clock, play.start_unix).c_str(),
                    local_text(*clock, play.end_unix).c_str(), play.playlist->id.c_str(),
                    play.slide->id.c_str(), play.language.c_str());
    if (rows->empty())
        std::fprintf(stderr,
                     "kiosk signage timeline: nothing plays in that range (no rule matches and "
                     "there is no default_playlist)\n");
    return Exit::Success;
}

} // namespace

int signage_main(const Argv& args) {
    constexpr const char* kCommands = "kiosk signage timeline --bundle DIR --from T --to T\n"
                                      "  what signage plays when (kiosk signage timeline --help)";
    if (args.empty()) return usage_error("signage", "give a subcommand: timeline", kCommands);
    if (args[0] == "--help" || args[0] == "-h") {
        std::puts(kCommands);
        return Exit::Success;
    }
    if (args[0] == "timeline") return timeline_main(Argv(args.begin() + 1, args.end()));
    return usage_error("signage", "unknown subcommand " + args[0] + " (use timeline)", kCommands);
}

} // namespace kiosk::cli
