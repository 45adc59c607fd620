// Which file is what: every file of the bundle sorted into page and procedure folders by
// locale, pictures, the areas other parts of the player read, and the rest (warned about).

#include "player/content/bundle_loading.h"

#include "player/content/content_limits.h"
#include "player/content/content_rules.h"

namespace kiosk::content::loading {

namespace {

std::vector<std::string_view> split_path(std::string_view path) {
    std::vector<std::string_view> parts;
    size_t start = 0;
    while (true) {
        size_t slash = path.find('/', start);
        parts.push_back(
            path.substr(start, slash == std::string_view::npos ? slash : slash - start));
        if (slash == std::string_view::npos) return parts;
        start = slash + 1;
    }
}

} // namespace

// ---- which file is what --------------------------------------------------------
// A page or procedure file named <locale>.<extension>: its locale, or "" after an error.
std::string Loader::locale_of(const std::string& path, std::string_view name,
                              std::string_view extension) {
    std::string locale(name.substr(0, name.size() - extension.size()));
    if (!is_locale_tag(locale)) {
        m_report.error(display(path), 0,
                       quote(name) + " is not named after a locale (name it <locale>" +
                           std::string(extension) + ", e.g. " + m_bundle->default_locale +
                           std::string(extension) + ")");
        return {};
    }
    if (!offers(locale)) {
        m_report.error(display(path), 0,
                       "locale " + quote(locale) + " is not offered by bundle.toml" +
                           did_you_mean(locale, m_bundle->locales) +
                           " (add it to locales, or rename the file to one of " +
                           quoted_list(m_bundle->locales) + ")");
        return {};
    }
    return locale;
}

// alerts/<id>.xml: listed here, parsed by player/alerts (the kiosk and `bundle check`).
void Loader::add_alert_file(const std::string& path, const std::vector<std::string_view>& parts) {
    if (parts.size() != 2 || !ends_with(parts[1], ".xml")) {
        m_report.warning(display(path), 0,
                         "not read: the kiosk reads alerts/<id>.xml CAP files only (move it out "
                         "of alerts/, or name it <id>.xml)");
        return;
    }
    std::string_view id = parts[1].substr(0, parts[1].size() - 4);
    if (!is_valid_id(id)) {
        m_report.error(display(path), 0, "alert id " + quote(id) + " " + std::string(kIdRule));
        return;
    }
    m_bundle->alerts.emplace_back(id);
}

void Loader::sort_files() {
    for (const bundle::FileEntry& entry : m_files.files()) {
        const std::string& path = entry.path;
        if (path == "bundle.toml") continue;
        const std::vector<std::string_view> parts = split_path(path);
        if (parts[0] == "images" && parts.size() > 1) {
            if (is_image_name(path))
                m_images.push_back(path);
            else
                m_report.warning(display(path), 0,
                                 "not a PNG or JPEG image; the kiosk cannot show it (convert "
                                 "it, or move it out of the bundle)");
            continue;
        }
        if (parts[0] == "videos" && parts.size() > 1) {
            add_video_file(path);
            continue;
        }
        if (parts[0] == "alerts" && parts.size() > 1) {
            add_alert_file(path, parts);
            continue;
        }
        if (parts[0] == "signage" && parts.size() > 1) {
            add_signage_file(path, parts);
            continue;
        }
        if (parts[0] == "playlists" && parts.size() > 1) {
            m_report.warning(display(path), 0,
                             "not read: playlists belong in signage/playlists/<id>.toml (move "
                             "it there; see docs/SIGNAGE.md)");
            continue;
        }
        if (parts[0] == "pages" && parts.size() == 3 && ends_with(parts[2], ".md")) {
            add_folder_file(m_page_folders, "page", path, parts[1], parts[2], ".md");
            continue;
        }
        if (parts[0] == "procedures" && parts.size() == 3 && ends_with(parts[2], ".toml")) {
            if (parts[2] == "flow.toml")
                folder(m_procedure_folders, "procedure", parts[1], path).has_flow = true;
            else
                add_folder_file(m_procedure_folders, "procedure", path, parts[1], parts[2],
                                ".toml");
            continue;
        }
        m_report.warning(display(path), 0,
                         "unexpected file; the kiosk ignores it (pages go in "
                         "pages/<id>/<locale>.md, procedures in procedures/<id>/, pictures "
                         "in images/, videos in videos/, signage in signage/)");
    }
}

// signage/: signage.toml and playlists/<id>.toml are parsed (bundle_signage.cpp); the rest
// is sorted out once signage.toml says which transit file it uses.
void Loader::add_signage_file(const std::string& path, const std::vector<std::string_view>& parts) {
    if (parts.size() == 2 && parts[1] == "signage.toml") {
        m_has_signage_toml = true;
    } else if (parts.size() == 3 && parts[1] == "playlists" && ends_with(parts[2], ".toml")) {
        m_playlist_files.push_back(path);
    } else if (parts.size() >= 3 && parts[1] == "playlists") {
        m_report.warning(display(path), 0,
                         "not read: a playlist is one file, signage/playlists/<id>.toml (move "
                         "or rename it)");
    } else {
        m_signage_other.push_back(path);
    }
}

FolderFiles& Loader::folder(std::map<std::string, FolderFiles, std::less<>>& folders,
                            std::string_view kind, std::string_view id, const std::string& path) {
    auto [it, fresh] = folders.try_emplace(std::string(id));
    if (fresh && !is_valid_id(id))
        m_report.error(display(path.substr(0, path.rfind('/'))), 0,
                       std::string(kind) + " id " + quote(id) + " " + std::string(kIdRule));
    return it->second;
}

void Loader::add_folder_file(std::map<std::string, FolderFiles, std::less<>>& folders,
                             std::string_view kind, const std::string& path, std::string_view id,
                             std::string_view name, std::string_view extension) {
    FolderFiles& files = folder(folders, kind, id, path);
    std::string locale = locale_of(path, name, extension);
    if (!locale.empty()) files.by_locale.emplace(std::move(locale), path);
}

// Warns for each offered locale without its own file.
void Loader::warn_untranslated(const std::string& folder_path, const FolderFiles& files) {
    for (const std::string& locale : m_bundle->locales) {
        if (files.by_locale.count(locale)) continue;
        std::string to =
            falls_back_to(locale, [&](std::string_view t) { return files.by_locale.count(t) > 0; });
        if (!to.empty())
            m_report.warning(display(folder_path), 0,
                             "missing " + locale + " translation; falls back to " + to);
    }
}

} // namespace kiosk::content::loading
