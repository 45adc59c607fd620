// kiosk bundle check DIR: every problem a staff member must fix, as file:line: message.

#include "kiosk/app/app_setup.h"
#include "kiosk/app/screen_audit.h"
#include "kiosk/app/transit_files.h"
#include "kiosk/cli_args.h"
#include "kiosk/commands.h"
#include "kiosk/screens/screen.h"
#include "player/alerts/alert_language.h"
#include "player/alerts/cap_alert.h"
#include "player/content/bundle_loader.h"
#include "player/media/video_probe.h"
#include "player/media/webvtt.h"
#include "player/schedule/signage_schedule.h"
#include "player/text/itemizer.h"
#include "player/text/ruby_markup.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <set>

namespace kiosk::cli {

namespace {

constexpr const char* kUsage =
    "kiosk bundle check DIR [--quick]\n"
    "  Validates a bundle and prints every problem as file:line: message (warnings say\n"
    "  so). Exit 1 when there is any error. Besides the files themselves it checks that\n"
    "  every character has a font and, by laying out every screen in every language at\n"
    "  the largest text size, that no text overflows its box. --quick skips the layout.";

struct Finding {
    bool error = true;
    std::string where; // "file:line" or "file"
    std::string message;
};

std::string location(const bundle::BundleFiles& files, const std::string& relative, int line) {
    std::string where = files.display_path(relative);
    if (line > 0) where += ":" + std::to_string(line);
    return where;
}

// Every character of every text must have a glyph in the locale's font chain.
void check_coverage(const content::Bundle& b, const bundle::BundleFiles& files,
                    const text::FontSet& fonts, std::vector<Finding>& out) {
    auto check = [&](const std::string& markup, const std::string& locale, const std::string& file,
                     int line) {
        std::string plain = text::parse_ruby(markup).text + text::ruby_reading(markup);
        std::replace(plain.begin(), plain.end(), '\n', ' ');
        auto items = text::itemize(plain, fonts, locale, text::locale_direction(locale),
                                   text::Weight::Regular);
        std::set<uint32_t> missing(items.missing.begin(), items.missing.end());
        for (uint32_t cp : missing) {
            char buf[128];
            std::snprintf(buf, sizeof buf,
                          "U+%04X has no glyph in any font for %s (replace it, or add a font to "
                          "fonts/fontset.toml)",
                          cp, locale.c_str());
            out.push_back({true, location(files, file, line), buf});
        }
    };
    for (const auto& [locale, title] : b.title.by_locale)
        check(title, locale, "bundle.toml", 0);
    for (const auto& c : b.categories)
        for (const auto& [locale, title] : c.title.by_locale)
            check(title, locale, "bundle.toml", 0);
    for (const auto& page : b.pages) {
        for (const auto& [locale, words] : page.by_locale) {
            check(words.title, locale, words.file, 0);
            for (const auto& block : words.blocks) {
                check(block.text, locale, words.file, block.source_line);
                for (const auto& cell : block.cells)
                    check(cell, locale, words.file, block.source_line);
            }
        }
    }
    for (const auto& proc : b.procedures) {
        for (const auto& [locale, words] : proc.by_locale) {
            check(words.title + " " + words.intro, locale, words.file, 0);
            for (const auto& [id, q] : words.questions) {
                check(q.text, locale, words.file, 0);
                for (const auto& [aid, a] : q.answers)
                    check(a, locale, words.file, 0);
            }
            for (const auto& [id, item] : words.items) {
                std::string all = item.title + " " + item.fee + " " + item.deadline + " " +
                                  item.hours + " " + item.note;
                for (const auto& x : item.bring)
                    all += " " + x;
                check(all, locale, words.file, 0);
            }
        }
    }
}

// alerts/<id>.xml: CAP that parses, that a drill terminal would show, in the bundle's
// languages. The bundle's signature makes every alert in it authentic on every terminal,
// so an Actual alert here would take them all over: bundles carry drills.
// Returns the ids of the alerts that cannot be shown at all (so the layout audit skips them).
std::set<std::string> check_alerts(const content::Bundle& b, const bundle::BundleFiles& files,
                                   std::vector<Finding>& findings) {
    std::set<std::string> unshowable;
    for (const std::string& id : b.alerts) {
        const std::string path = "alerts/" + id + ".xml";
        auto bytes = files.read(path, alerts::kMaxCapBytes);
        auto alert = bytes ? alerts::parse_cap(*bytes, files.display_path(path))
                           : Result<alerts::CapAlert>(bytes.error());
        if (!alert) {
            const Error& e = alert.error();
            std::string where = e.file.empty() ? files.display_path(path) : e.file;
            if (e.line > 0) where += ":" + std::to_string(e.line);
            findings.push_back({true, where, e.message});
            unshowable.insert(id);
            continue;
        }
        const std::string where = files.display_path(path);
        if (alert->status != alerts::Status::Exercise)
            findings.push_back(
                {true, where,
                 "status must be Exercise: a bundle's alerts are drills, shown only on "
                 "terminals configured for drills (real alerts come from the alert feed, "
                 "the spool folder or MQTT)"});
        if (alert->msg_type != alerts::MsgType::Alert)
            findings.push_back(
                {true, where, "msgType must be Alert: a bundle holds the drills in force"});
        if (alert->infos.empty()) {
            findings.push_back({true, where, "no <info> block: nothing to show"});
            unshowable.insert(id);
            continue;
        }
        for (const alerts::CapInfo& info : alert->infos)
            if (alerts::locale_for(info.language, b.locales).empty())
                findings.push_back(
                    {false, where,
                     "info language " + info.language +
                         " is none of the bundle's locales; it is shown with the fonts of " +
                         b.default_locale + " (use a tag like ja-JP or en-US)"});
        if (alert->msg_type != alerts::MsgType::Alert) unshowable.insert(id);
    }
    return unshowable;
}

// The transit board's files in the bundle (docs/TRANSIT.md): the names and the bundled
// feed, through the parsers a terminal uses; a skipped feed entry is a warning.
void check_transit(const content::Bundle& b, const bundle::BundleFiles& files,
                   std::vector<Finding>& findings) {
    auto add_error = [&](const Error& e) {
        std::string where = e.file.empty() ? std::string("signage/signage.toml") : e.file;
        if (e.line > 0) where += ":" + std::to_string(e.line);
        findings.push_back({true, where, e.message});
    };
    auto names = app::load_transit_names(files);
    if (!names) return add_error(names.error());
    const std::string& feed = b.signage.transit.bundled_file;
    if (feed.empty()) return;
    // Skipped entries come as "transit: FILE:LINE: entry N skipped: why".
    auto board = app::load_bundled_transit(files, feed, *names, [&](const std::string& line) {
        std::string rest = line.rfind("transit: ", 0) == 0 ? line.substr(9) : line;
        const size_t split = rest.find(": ");
        if (split == std::string::npos)
            findings.push_back({false, files.display_path(feed), rest});
        else
            findings.push_back({false, rest.substr(0, split), rest.substr(split + 2)});
    });
    if (!board) add_error(board.error());
}

// Every video the bundle plays, opened and read through as a terminal would (container,
// codecs, size, duration, truncation: media::probe_video), and its captions parsed.
void check_videos(const content::Bundle& b, const bundle::BundleFiles& files,
                  std::vector<Finding>& findings) {
    auto add = [&](bool error, const Error& e) {
        std::string where = e.file;
        if (e.line > 0) where += ":" + std::to_string(e.line);
        findings.push_back({error, where, e.message});
    };
    for (const content::VideoUse& use : b.videos) {
        const std::string shown = files.display_path(use.path);
        double duration = 0;
        if (auto local = files.local_path(use.path); !local) {
            add(true, make_error(use.named_in, use.line, local.error().describe()));
        } else if (auto info = media::probe_video(*local, shown); !info) {
            add(true, info.error());
        } else {
            duration = info->duration_seconds;
        }
        // A slide shorter than its film cuts it off every time.
        for (const content::Playlist& playlist : b.signage.playlists)
            for (const content::Slide& slide : playlist.slides)
                if (slide.kind == content::SlideKind::Video && slide.video == use.path &&
                    duration > 0 && slide.duration_seconds + 0.5 < duration)
                    add(false, make_error(files.display_path(slide.file), slide.line,
                                          "slide " + slide.id + " lasts " +
                                              std::to_string(slide.duration_seconds) +
                                              " s but its video runs " +
                                              std::to_string(int(std::ceil(duration))) +
                                              " s: the end is never seen (lengthen the slide)"));
        int captions = 0;
        for (const std::string& locale : b.locales) {
            const std::string file = content::caption_file(use.path, locale);
            if (!files.contains(file)) continue;
            ++captions;
            auto bytes = files.read(file, media::kMaxWebvttBytes);
            if (!bytes) {
                add(true, bytes.error());
                continue;
            }
            if (auto parsed = media::parse_webvtt(*bytes, files.display_path(file)); !parsed)
                add(true, parsed.error());
        }
        if (!use.signage && captions == 0)
            add(false, make_error(shown, 0,
                                  "a sign-language clip without captions (add " +
                                      content::caption_file(use.path, b.default_locale) +
                                      " in WebVTT, and one per language you can)"));
    }
}

// The file a staff member edits to fix what a screen shows.
std::string file_for_screen(const content::Bundle& b, const std::string& screen,
                            const std::string& locale) {
    screens::ScreenRoute r = screens::parse_screen_id(screen);
    if (r.kind == "page")
        if (const auto* p = b.page(r.id))
            if (const auto* words = b.pick(p->by_locale, locale)) return words->file;
    if (r.kind == "procedure" || r.kind == "checklist")
        if (const auto* p = b.procedure(r.id))
            if (const auto* words = b.pick(p->by_locale, locale)) return words->file;
    if (r.kind == "lang" || r.kind == "staff") return "locales/" + locale + ".json";
    if (r.kind == "alert") return "alerts/" + r.id + ".xml";
    return "bundle.toml";
}

// Signage slides as they play: in the languages of their rotation, at the signage's own
// sizes (text size does not apply), each problem at the slide's line in its playlist.
void audit_signage(app::KioskApp& app, render::Surface& surface, render::TextRenderer& text,
                   const bundle::BundleFiles& files, double now, std::vector<Finding>& findings) {
    const content::Signage& signage = app.bundle().signage;
    for (const content::Playlist& playlist : signage.playlists)
        for (const content::Slide& slide : playlist.slides) {
            const auto& languages = slide.languages.empty() ? signage.languages : slide.languages;
            auto problems = app::audit_screens(app, surface, text, {"signage/" + slide.id},
                                               languages, {1}, now);
            for (const auto& p : problems)
                findings.push_back(
                    {true, files.display_path(slide.file) + ":" + std::to_string(slide.line),
                     "slide " + slide.id + " (" + p.locale + "): " + p.message +
                         " (signage never scrolls: shorten the text)"});
        }
}

} // namespace

int bundle_check_main(const Argv& argv) {
    Args args(argv, {{"--quick", false}});
    if (args.wants_help()) {
        std::puts(kUsage);
        return Exit::Success;
    }
    if (!args.error().empty()) return usage_error("bundle check", args.error(), kUsage);
    if (args.positionals().size() != 1)
        return usage_error("bundle check", "give exactly one bundle folder", kUsage);
    const std::string dir = args.positionals()[0];

    auto files = bundle::BundleFiles::open(dir);
    if (!files) return failure("bundle check", files.error().describe());
    content::LoadReport report;
    content::LoadOptions options;
    options.decode_images = true; // check promises what the terminal will show
    auto loaded = content::load_bundle(*files, &report, options);

    std::vector<Finding> findings;
    for (const auto& p : report.problems) {
        std::string where = p.where.file;
        if (p.where.line > 0) where += ":" + std::to_string(p.where.line);
        findings.push_back({p.severity == content::Severity::Error, where, p.where.message});
    }
    std::set<std::string> unshowable;
    if (loaded.ok()) {
        unshowable = check_alerts(**loaded, *files, findings);
        check_transit(**loaded, *files, findings);
        check_videos(**loaded, *files, findings);
    }
    if (loaded.ok())
        for (const schedule::ScheduleProblem& p : schedule::check_schedule((*loaded)->signage))
            findings.push_back(
                {p.error, location(*files, "signage/signage.toml", p.line), p.message});
    if (loaded.ok() && !report.has_errors()) {
        auto app = app::KioskApp::create(*loaded, *files);
        if (!app) return failure("bundle check", app.error().describe());
        check_coverage(**loaded, *files, (*app)->fonts(), findings);
        if (!args.has("--quick")) {
            // The largest text size is where boxes overflow first.
            auto surface = render::Surface::offscreen(1920, 1080);
            if (!surface) return failure("bundle check", surface.error().describe());
            render::TextRenderer text((*surface)->renderer(), (*app)->atlas());
            const double now =
                app::resolve_clock(std::string("2026-01-05T10:00"), **loaded).value();
            std::vector<std::string> screen_ids = screens::list_screen_ids(**loaded);
            std::erase_if(screen_ids, [&](const std::string& id) {
                return (id.starts_with("alert/") && unshowable.contains(id.substr(6))) ||
                       id.starts_with("signage/");
            });
            auto problems = app::audit_screens(**app, **surface, text, screen_ids,
                                               (*loaded)->locales, {4}, now);
            for (const auto& p : problems) {
                std::string file = file_for_screen(**loaded, p.screen, p.locale);
                std::string where =
                    file.rfind("locales/", 0) == 0 ? file : files->display_path(file);
                findings.push_back({true, where,
                                    "screen " + p.screen + " (" + p.locale + ", text size " +
                                        std::to_string(p.text_size) + "): " + p.message});
            }
            audit_signage(**app, **surface, text, *files, now, findings);
        }
    }

    // Each distinct finding once, errors first, in file order.
    std::stable_sort(findings.begin(), findings.end(), [](const Finding& a, const Finding& b) {
        if (a.error != b.error) return a.error;
        return a.where < b.where;
    });
    findings.erase(std::unique(findings.begin(), findings.end(),
                               [](const Finding& a, const Finding& b) {
                                   return a.error == b.error && a.where == b.where &&
                                          a.message == b.message;
                               }),
                   findings.end());
    int errors = 0, warnings = 0;
    for (const auto& f : findings) {
        std::printf("%s: %s%s\n", f.where.c_str(), f.error ? "" : "warning: ", f.message.c_str());
        (f.error ? errors : warnings)++;
    }
    if (!loaded.ok() && findings.empty()) {
        std::printf("%s\n", loaded.error().describe().c_str());
        errors = 1;
    }
    std::fprintf(stderr, "%s: %d error(s), %d warning(s)\n", dir.c_str(), errors, warnings);
    return errors > 0 ? Exit::Failure : Exit::Success;
}

} // namespace kiosk::cli
