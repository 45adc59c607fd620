// signage/: the loader's side of signage. signage.toml and each playlist are parsed by
// signage_toml.h; here the files are found and read, and what they name is checked once
// every playlist is known: playlists in the schedule, pages and pictures of slides, slide
// ids unique across playlists (they name screens), the bundled transit file.

#include "player/content/bundle_loading.h"

#include "player/bundle/relative_path.h"
#include "player/content/content_limits.h"
#include "player/content/content_rules.h"

namespace kiosk::content::loading {

namespace {

constexpr std::string_view kSignageToml = "signage/signage.toml";
// Read by the transit board (player/transit), not by the content loader.
constexpr std::string_view kTransitNames = "signage/transit-names.toml";

std::string playlist_id(std::string_view path) {
    const size_t slash = path.rfind('/');
    return std::string(path.substr(slash + 1, path.size() - slash - 1 - 5)); // minus ".toml"
}

std::vector<std::string> playlist_ids(const Signage& signage) {
    std::vector<std::string> ids;
    for (const Playlist& playlist : signage.playlists)
        ids.push_back(playlist.id);
    return ids;
}

} // namespace

void Loader::load_signage() {
    if (!m_has_signage_toml && m_playlist_files.empty() && m_signage_other.empty()) return;
    Signage& signage = m_bundle->signage;
    SignageLines lines;
    if (m_has_signage_toml) {
        signage.present = true;
        const std::string path(kSignageToml);
        auto text = read_text(path, kMaxTomlFileBytes);
        // Without its languages every slide would report a cascade: fix this file first.
        if (!text || !parse_signage(*text, display(path), *m_bundle, signage, lines, m_report))
            return;
    } else if (!m_playlist_files.empty()) {
        m_report.warning(display("signage"), 0,
                         "playlists without signage/signage.toml never play (add "
                         "signage/signage.toml with a default_playlist or [[schedule]] "
                         "rules; see docs/SIGNAGE.md)");
    }
    load_playlists();
    check_signage_references(lines);
    check_transit_file(lines);
    check_signage_files();
}

void Loader::load_playlists() {
    std::vector<std::string> files = m_playlist_files;
    std::sort(files.begin(), files.end());
    if (files.size() > size_t(kMaxPlaylists)) {
        m_report.error(display("signage/playlists"), 0,
                       std::to_string(files.size()) + " playlists; the limit is " +
                           std::to_string(kMaxPlaylists) + " (merge playlists; only the first " +
                           std::to_string(kMaxPlaylists) + " were read)");
        files.resize(size_t(kMaxPlaylists));
    }
    Signage& signage = m_bundle->signage;
    for (const std::string& path : files) {
        const std::string id = playlist_id(path);
        if (!is_valid_id(id)) {
            m_report.error(display(path), 0,
                           "playlist id " + quote(id) + " " + std::string(kIdRule));
            continue;
        }
        auto text = read_text(path, kMaxTomlFileBytes);
        if (!text) continue;
        auto playlist =
            parse_playlist(*text, display(path), id, path, *m_bundle, signage, m_report);
        if (playlist) signage.playlists.push_back(std::move(*playlist));
    }
    // Signage::playlist() looks them up by binary search.
    std::sort(signage.playlists.begin(), signage.playlists.end(),
              [](const Playlist& a, const Playlist& b) { return a.id < b.id; });
}

void Loader::check_signage_references(const SignageLines& lines) {
    const Signage& signage = m_bundle->signage;
    const std::vector<std::string> ids = playlist_ids(signage);
    const std::string file = display(std::string(kSignageToml));
    auto check = [&](const std::string& id, int line, const std::string& what) {
        if (id.empty() || signage.playlist(id)) return;
        m_report.error(file, line,
                       what + " names playlist " + quote(id) + ", which does not exist" +
                           did_you_mean(id, ids) + " (add signage/playlists/" + id + ".toml" +
                           (ids.empty() ? std::string() : ", or use one of " + quoted_list(ids)) +
                           ")");
    };
    check(signage.default_playlist, lines.default_playlist, "default_playlist");
    check(signage.closed_playlist, lines.closed_playlist, "closed_playlist");
    for (size_t i = 0; i < signage.rules.size(); ++i)
        check(signage.rules[i].playlist,
              i < lines.rule_playlists.size() ? lines.rule_playlists[i] : signage.rules[i].line,
              "[[schedule]]");
    std::map<std::string, const Slide*, std::less<>> slide_ids;
    for (const Playlist& playlist : signage.playlists) {
        const bool used =
            playlist.id == signage.default_playlist || playlist.id == signage.closed_playlist ||
            std::any_of(signage.rules.begin(), signage.rules.end(),
                        [&](const ScheduleRule& rule) { return rule.playlist == playlist.id; });
        if (signage.present && !used)
            m_report.warning(display("signage/playlists/" + playlist.id + ".toml"), 0,
                             "playlist " + quote(playlist.id) +
                                 " never plays: no [[schedule]] rule, default_playlist or "
                                 "closed_playlist names it (add a rule, or remove the file)");
        for (const Slide& slide : playlist.slides) {
            auto [it, fresh] = slide_ids.emplace(slide.id, &slide);
            if (!fresh)
                m_report.error(display(slide.file), slide.line,
                               "slide id " + quote(slide.id) + " is also used in " +
                                   display(it->second->file) + ":" +
                                   std::to_string(it->second->line) +
                                   " (slide ids name the screens signage/<id>: make them "
                                   "unique in the bundle)");
        }
        check_slide_references(playlist);
    }
}

void Loader::check_slide_references(const Playlist& playlist) {
    const TransitSettings& transit = m_bundle->signage.transit;
    for (const Slide& slide : playlist.slides) {
        const std::string file = display(slide.file);
        if (slide.kind == SlideKind::Page && !slide.page.empty() && !m_bundle->page(slide.page)) {
            std::vector<std::string> pages;
            for (const Page& page : m_bundle->pages)
                pages.push_back(page.id);
            m_report.error(file, slide.line,
                           "slide " + quote(slide.id) + " shows page " + quote(slide.page) +
                               ", which does not exist" + did_you_mean(slide.page, pages) +
                               " (use the folder name of a page in pages/)");
        }
        if (slide.kind == SlideKind::Image && !slide.image.empty())
            check_picture(file, slide.line, slide.image);
        if (slide.kind == SlideKind::Video && !slide.video.empty())
            check_video(file, slide.line, slide.video, true);
        if (slide.kind == SlideKind::Transit && transit.feed_url.empty() &&
            transit.bundled_file.empty())
            m_report.warning(file, slide.line,
                             "transit slide " + quote(slide.id) +
                                 " has no data to show (set feed_url or file under [transit] "
                                 "in signage/signage.toml)");
    }
}

// [transit] file: an ODPT feed shipped in the bundle. Parsing it is the transit board's
// job (player/transit); here it must be a JSON file of the bundle.
void Loader::check_transit_file(const SignageLines& lines) {
    const std::string& path = m_bundle->signage.transit.bundled_file;
    if (path.empty()) return;
    const std::string file = display(std::string(kSignageToml));
    std::string problem = bundle::relative_path_problem(path);
    if (!problem.empty())
        problem = "is not usable: " + problem +
                  " (write it relative to the bundle, like "
                  "\"signage/transit.json\")";
    else if (!m_files.contains(path))
        problem = "does not exist in the bundle (add it, or fix the path; paths are relative "
                  "to the bundle, like \"signage/transit.json\")";
    else if (!ends_with(path, ".json"))
        problem = "is not a .json file (the bundled feed is ODPT odpt:TrainInformation JSON)";
    if (!problem.empty())
        m_report.error(file, lines.transit_file, "transit file " + quote(path) + " " + problem);
}

// Files under signage/ that nothing reads.
void Loader::check_signage_files() const {
    for (const std::string& path : m_signage_other) {
        if (path == kTransitNames || path == m_bundle->signage.transit.bundled_file) continue;
        m_report.warning(display(path), 0,
                         "not read: signage/ holds signage.toml, playlists/<id>.toml, "
                         "transit-names.toml and the [transit] file (move it out, or name it "
                         "in signage.toml)");
    }
}

} // namespace kiosk::content::loading
