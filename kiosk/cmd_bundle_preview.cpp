// kiosk bundle preview DIR -o OUT: a PNG of every screen in every locale at text sizes 1
// and 4, and an index.html contact sheet, so that staff can look instead of read.

#include "kiosk/app/app_setup.h"
#include "kiosk/cli_args.h"
#include "kiosk/commands.h"
#include "kiosk/screens/screen.h"

#include <cstdio>
#include <fstream>
#include <future>

namespace kiosk::cli {

namespace {

constexpr const char* kUsage =
    "kiosk bundle preview DIR -o OUTDIR [--lang TAG[,TAG...]] [--text-size N[,N...]] [--size WxH]\n"
    "  Draws every screen of the bundle in every locale (or those given) at text sizes 1\n"
    "  and 4 (or those given) into OUTDIR/<locale>/size<N>/<screen>.png, and writes\n"
    "  OUTDIR/index.html, a contact sheet of them all.";

std::vector<std::string> split(const std::string& s) {
    std::vector<std::string> out;
    size_t start = 0;
    while (start <= s.size()) {
        size_t comma = s.find(',', start);
        if (comma == std::string::npos) comma = s.size();
        if (comma > start) out.push_back(s.substr(start, comma - start));
        start = comma + 1;
    }
    return out;
}

std::string file_name(std::string screen) {
    for (char& c : screen)
        if (c == '/' || c == ',' || c == '=') c = c == '/' ? '~' : c == ',' ? '+' : '-';
    return screen + ".png";
}

std::string html_escape(const std::string& s) {
    std::string out;
    for (char c : s) {
        if (c == '<')
            out += "&lt;";
        else if (c == '>')
            out += "&gt;";
        else if (c == '&')
            out += "&amp;";
        else if (c == '"')
            out += "&quot;";
        else
            out += c;
    }
    return out;
}

} // namespace

int bundle_preview_main(const Argv& argv) {
    Args args(argv, {{"-o", true}, {"--lang", true}, {"--text-size", true}, {"--size", true}});
    if (args.wants_help()) {
        std::puts(kUsage);
        return Exit::Success;
    }
    if (!args.error().empty()) return usage_error("bundle preview", args.error(), kUsage);
    if (args.positionals().size() != 1)
        return usage_error("bundle preview", "give exactly one bundle folder", kUsage);
    auto out = args.get("-o");
    if (!out) return usage_error("bundle preview", "-o OUTDIR is required", kUsage);
    int width = 1920, height = 1080;
    if (auto size = args.get("--size"); size && !parse_size(*size, width, height))
        return usage_error("bundle preview", "--size must be WxH, e.g. 1080x1920", kUsage);

    auto app = app::open_app(args.positionals()[0]);
    if (!app) return failure("bundle preview", app.error().describe());
    (*app)->video().set_still_time(0); // each video slide and clip shows its first frame
    const content::Bundle& bundle = (*app)->bundle();
    std::vector<std::string> locales =
        args.get("--lang") ? split(*args.get("--lang")) : bundle.locales;
    std::vector<int> sizes;
    for (const auto& s : split(args.get_or("--text-size", "1,4"))) {
        if (s.size() != 1 || s[0] < '1' || s[0] > '4')
            return usage_error("bundle preview", "--text-size takes 1..4", kUsage);
        sizes.push_back(s[0] - '0');
    }
    for (const auto& l : locales)
        if (auto ok = app::apply_view_options(**app, l, std::nullopt, std::nullopt); !ok)
            return failure("bundle preview", ok.error().describe());

    std::error_code ec;
    std::filesystem::create_directories(*out, ec);
    if (ec)
        return failure("bundle preview", *out + ": cannot create folder (" + ec.message() + ")");
    auto surface = render::Surface::offscreen(width, height);
    if (!surface) return failure("bundle preview", surface.error().describe());
    render::TextRenderer text((*surface)->renderer(), (*app)->atlas());
    const double now = app::resolve_clock(std::string("2026-01-05T10:00"), bundle).value();
    const auto screen_ids = screens::list_screen_ids(bundle);
    app::PointerInput no_input;

    std::ofstream html(std::filesystem::path(*out) / "index.html");
    html << "<!doctype html><meta charset=utf-8><title>" << html_escape(bundle.id) << " "
         << html_escape(bundle.version)
         << "</"
            "title><style>body{font-family:sans-serif}td{vertical-align:top;font-size:12px}img{"
            "width:240px;border:1px "
            "solid #888}</style><h1>"
         << html_escape(bundle.id) << " " << html_escape(bundle.version)
         << "</h1><table><tr><th>screen</th>";
    for (const auto& l : locales)
        for (int s : sizes)
            html << "<th>" << html_escape(l) << " " << s << "</th>";
    html << "</tr>\n";

    // The PNG of one screen is deflated and written on a worker thread while the next
    // screen is drawn. One write in flight bounds memory to one extra frame, and its
    // buffer comes back for the next capture (no fresh pages to fault in per screen).
    struct Written {
        Status status;
        std::vector<uint8_t> buffer;
    };
    std::future<Written> pending_write;
    std::vector<uint8_t> spare_buffer;
    auto finish_pending = [&]() -> Status {
        if (!pending_write.valid()) return Ok{};
        Written done = pending_write.get();
        spare_buffer = std::move(done.buffer);
        return done.status;
    };
    int written = 0;
    for (const auto& screen : screen_ids) {
        html << "<tr><td>" << html_escape(screen) << "</td>";
        for (const auto& locale : locales) {
            for (int size : sizes) {
                (*app)->reset_session();
                (*app)->session().locale = locale;
                (*app)->session().text_size = size;
                if (auto opened = (*app)->open_screen(screen); !opened)
                    return failure("bundle preview", opened.error().describe());
                (*app)->note_input(now);
                (*app)->frame(**surface, text, no_input, now, /*present=*/false);
                (*app)->frame(**surface, text, no_input, now);
                std::filesystem::path rel = std::filesystem::path(locale) /
                                            ("size" + std::to_string(size)) / file_name(screen);
                std::filesystem::create_directories(std::filesystem::path(*out) / rel.parent_path(),
                                                    ec);
                if (auto ok = finish_pending(); !ok)
                    return failure("bundle preview", ok.error().describe());
                pending_write = std::async(
                    std::launch::async, [frame = (*surface)->capture_png(std::move(spare_buffer)),
                                         path = std::filesystem::path(*out) / rel]() mutable {
                        Status status = frame.write(path);
                        return Written{std::move(status), std::move(frame).release()};
                    });
                html << "<td><a href=\"" << html_escape(rel.string())
                     << "\"><img loading=lazy src=\"" << html_escape(rel.string())
                     << "\"></a></td>";
                ++written;
            }
        }
        html << "</tr>\n";
    }
    if (auto ok = finish_pending(); !ok) return failure("bundle preview", ok.error().describe());
    html << "</table>\n";
    if (!html) return failure("bundle preview", *out + "/index.html: cannot write");
    std::printf(
        "wrote %d screens (%zu screens x %zu locales x %zu text sizes) and index.html to %s\n",
        written, screen_ids.size(), locales.size(), sizes.size(), out->c_str());
    return Exit::Success;
}

} // namespace kiosk::cli
