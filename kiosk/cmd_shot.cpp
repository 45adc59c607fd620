// kiosk shot: render one screen offscreen to a PNG. kiosk screens: list screen IDs.

#include "kiosk/app/app_setup.h"
#include "kiosk/app/transit_files.h"
#include "kiosk/cli_args.h"
#include "kiosk/commands.h"
#include "kiosk/screens/screen.h"
#include "player/alerts/cap_alert.h"
#include "player/bundle/file_io.h"

#include <nlohmann/json.hpp>

#include <cstdio>
#include <fstream>

namespace kiosk::cli {

namespace {

constexpr const char* kShotUsage =
    "kiosk shot --bundle DIR --screen ID [--lang TAG] [--text-size 1..4] [--theme NAME]\n"
    "           [--size WxH] [--alert FILE] [--transit FILE] [--clock YYYY-MM-DDTHH:MM]\n"
    "           [--at SECONDS] [--targets OUT.json] -o OUT.png\n"
    "  Renders one screen offscreen (no display needed) and writes a PNG.\n"
    "  `kiosk screens --bundle DIR` lists the screen IDs. --clock fixes the time shown.\n"
    "  --targets writes every touch target of the screen (id, x, y, w, h in pixels) as JSON.\n"
    "  --transit FILE: an ODPT odpt:TrainInformation feed for the transit slide (without\n"
    "  --screen: the bundle's first transit slide); its age is judged at --clock.\n"
    "  --at SECONDS: the time into the screen's video (a video slide, sign/<screen> for a\n"
    "  sign-language clip): that decoded frame is drawn, with its caption (default 0).";

constexpr const char* kScreensUsage = "kiosk screens --bundle DIR\n"
                                      "  Lists every screen ID the bundle can show, one a line.";

} // namespace

int shot_main(const Argv& argv) {
    Args args(argv, {{"--bundle", true},
                     {"--screen", true},
                     {"--lang", true},
                     {"--text-size", true},
                     {"--theme", true},
                     {"--size", true},
                     {"--alert", true},
                     {"--transit", true},
                     {"--clock", true},
                     {"-o", true},
                     {"--at", true},
                     {"--targets", true}});
    if (args.wants_help()) {
        std::puts(kShotUsage);
        return Exit::Success;
    }
    if (!args.error().empty()) return usage_error("shot", args.error(), kShotUsage);
    if (!args.positionals().empty())
        return usage_error("shot", "unexpected argument " + args.positionals()[0], kShotUsage);
    auto out = args.get("-o");
    if (!out) return usage_error("shot", "-o OUT.png is required", kShotUsage);
    auto screen = args.get("--screen");
    if (!screen && !args.get("--transit"))
        return usage_error("shot", "--screen ID is required", kShotUsage);
    int width = 1920, height = 1080;
    if (auto size = args.get("--size"); size && !parse_size(*size, width, height))
        return usage_error("shot", kSizeRule, kShotUsage);
    if (auto clock = args.get("--clock"); clock && !is_valid_clock(*clock))
        return usage_error("shot",
                           "--clock " + *clock +
                               " is not a real time; write YYYY-MM-DDTHH:MM, e.g. 2026-11-27T10:05",
                           kShotUsage);

    double at = 0;
    if (auto text = args.get("--at")) {
        char* end = nullptr;
        at = std::strtod(text->c_str(), &end);
        if (text->empty() || *end != '\0' || !(at >= 0 && at <= 24 * 3600))
            return usage_error("shot",
                               "--at " + *text +
                                   " is not a time into a video; write seconds from 0 to 86400, "
                                   "e.g. 2.5",
                               kShotUsage);
    }

    auto app = app::open_app(args.get_or("--bundle", app::default_bundle_dir().string()));
    if (!app) return failure("shot", app.error().describe());
    (*app)->video().set_still_time(at); // a real decoded frame, never a player
    if (auto applied = app::apply_view_options(**app, args.get("--lang"), args.get("--text-size"),
                                               args.get("--theme"));
        !applied)
        return failure("shot", applied.error().describe());
    if (auto feed = args.get("--transit")) {
        auto names = (*app)->transit_names();
        if (!names) return failure("shot", names.error().describe());
        auto board = app::load_transit_file(*feed, *names, [](const std::string& line) {
            std::fprintf(stderr, "kiosk shot: %s\n", line.c_str());
        });
        if (!board) return failure("shot", board.error().describe());
        (*app)->set_transit(std::move(*board));
        if (!screen) {
            for (const auto& playlist : (*app)->bundle().signage.playlists)
                for (const auto& slide : playlist.slides)
                    if (!screen && slide.kind == content::SlideKind::Transit)
                        screen = "signage/" + slide.id;
            if (!screen) return failure("shot", "--transit: this bundle has no transit slide");
        }
    } else if (Status loaded = (*app)->load_bundled_transit(); !loaded) {
        // As on a terminal: the transit slide says it has no data; the rest is unaffected.
        std::fprintf(stderr, "kiosk shot: transit: %s\n", loaded.error().describe().c_str());
    }
    if (std::string why = screens::validate_screen_id((*app)->bundle(), *screen); !why.empty())
        return failure("shot", why);
    auto now = app::resolve_clock(args.get("--clock"), (*app)->bundle());
    if (!now) return failure("shot", now.error().describe());
    if (auto opened = (*app)->open_screen(*screen); !opened)
        return failure("shot", opened.error().describe());
    (*app)->note_input(*now);
    if (auto file = args.get("--alert")) {
        // The alert as a terminal would show it at --clock; drills too, so staff can
        // preview them.
        auto bytes = bundle::read_file(*file, alerts::kMaxCapBytes);
        if (!bytes) return failure("shot", bytes.error().describe());
        auto alert = alerts::parse_cap(*bytes, *file);
        if (!alert) return failure("shot", alert.error().describe());
        (*app)->set_alert_policy({true, {}, alerts::Severity::Severe});
        auto applied = (*app)->alerts().apply(*alert, static_cast<int64_t>(*now / 1000));
        if (applied.outcome != alerts::Outcome::Shown)
            return failure("shot", "--alert " + *file + ": not shown: " + applied.message);
    }

    auto surface = render::Surface::offscreen(width, height);
    if (!surface) return failure("shot", surface.error().describe());
    render::TextRenderer text((*surface)->renderer(), (*app)->atlas());
    app::PointerInput no_input;
    // A first, undrawn frame measures what scrolls; the second is the picture.
    (*app)->frame(**surface, text, no_input, *now, /*present=*/false);
    (*app)->frame(**surface, text, no_input, *now);
    // A video that does not play fails the shot, naming the file and mpv's reason.
    if (auto log = (*app)->video().take_log(); !log.empty()) return failure("shot", log.front());
    if (auto written = (*surface)->write_png(*out); !written)
        return failure("shot", written.error().describe());
    if (auto targets_file = args.get("--targets")) {
        nlohmann::json targets = nlohmann::json::array();
        for (const auto& t : (*app)->last_targets())
            targets.push_back({{"id", t.id},
                               {"x", t.visible.x},
                               {"y", t.visible.y},
                               {"w", t.visible.w},
                               {"h", t.visible.h}});
        std::ofstream file(*targets_file);
        file << targets.dump(1) << "\n";
        if (!file) return failure("shot", *targets_file + ": cannot write");
    }
    return Exit::Success;
}

int screens_main(const Argv& argv) {
    Args args(argv, {{"--bundle", true}});
    if (args.wants_help()) {
        std::puts(kScreensUsage);
        return Exit::Success;
    }
    if (!args.error().empty()) return usage_error("screens", args.error(), kScreensUsage);
    auto app = app::open_app(args.get_or("--bundle", app::default_bundle_dir().string()));
    if (!app) return failure("screens", app.error().describe());
    for (const auto& id : screens::list_screen_ids((*app)->bundle()))
        std::puts(id.c_str());
    return Exit::Success;
}

} // namespace kiosk::cli
