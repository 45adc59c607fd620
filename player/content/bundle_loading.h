#pragma once
// The content loader's internals, shared by the files that implement it by job:
//   bundle_loader.cpp      the pass as a whole, pages, procedures, order, load_bundle()
//   bundle_toml.cpp        the schema of bundle.toml (the one reader of that file)
//   bundle_layout.cpp      which file is what: sorting the bundle's files into pages,
//                          procedures and pictures, and their locales
//   bundle_references.cpp  references between files: links, pictures, ruby
//   bundle_signage.cpp     signage/: signage.toml and the playlists (parsed by
//                          signage_toml.h), and what they name
// Not part of the content API: include bundle_loader.h instead.

#include "player/bundle/bundle_files.h"
#include "player/content/bundle_loader.h"
#include "player/content/content_rules.h"
#include "player/content/markdown_page.h"
#include "player/content/signage_toml.h"
#include "player/content/toml_fields.h"

#include <algorithm>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace kiosk::content::loading {

inline bool starts_with(std::string_view text, std::string_view prefix) {
    return text.substr(0, prefix.size()) == prefix;
}

inline bool ends_with(std::string_view text, std::string_view suffix) {
    return text.size() >= suffix.size() && text.substr(text.size() - suffix.size()) == suffix;
}

inline bool is_image_name(std::string_view path) {
    std::string lower(path);
    std::transform(lower.begin(), lower.end(), lower.begin(), [](char c) {
        return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
    });
    return ends_with(lower, ".png") || ends_with(lower, ".jpg") || ends_with(lower, ".jpeg");
}

// Containers the kiosk plays (player/media): MP4 (H.264) and WebM (VP9).
inline bool is_video_name(std::string_view path) {
    std::string lower(path);
    std::transform(lower.begin(), lower.end(), lower.begin(), [](char c) {
        return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
    });
    return ends_with(lower, ".mp4") || ends_with(lower, ".m4v") || ends_with(lower, ".webm");
}

// The files of one page or procedure folder, by locale.
struct FolderFiles {
    std::map<std::string, std::string, std::less<>> by_locale; // locale -> relative path
    bool has_flow = false;
};

class Loader {
  public:
    Loader(const bundle::BundleFiles& files, LoadReport& report, const LoadOptions& options)
        : m_files(files), m_report(report), m_options(options),
          m_bundle(std::make_shared<Bundle>()) {}
    std::shared_ptr<Bundle> run();

  private:
    std::string display(std::string_view path) const { return m_files.display_path(path); }

    bool offers(std::string_view locale) const {
        return std::find(m_bundle->locales.begin(), m_bundle->locales.end(), locale) !=
               m_bundle->locales.end();
    }

    template <typename T>
    void check_same(const std::string& file, const std::string& decided_file, std::string_view key,
                    const std::optional<T>& value, const std::optional<T>& decided, int line) {
        if (!value || (decided && *value == *decided)) return;
        auto show = [](const std::optional<T>& v) {
            if (!v) return std::string("nothing");
            if constexpr (std::is_same_v<T, std::string>)
                return quote(*v);
            else
                return std::to_string(*v);
        };
        m_report.error(file, line,
                       std::string(key) + " " + show(value) + " differs from " + decided_file +
                           " (" + show(decided) + "); " + std::string(key) +
                           " must be the same in every locale (make it match or remove it here)");
    }

    // The first locale after `locale` on its fallback chain that `has` - what a visitor
    // choosing `locale` actually sees - or "" when none does.
    template <typename Has> std::string falls_back_to(std::string_view locale, Has has) const {
        for (const std::string& tag : m_bundle->fallback_chain(locale))
            if (tag != locale && has(tag)) return tag;
        return {};
    }

    // The bytes of one file as text, or nothing after reporting why not.
    std::optional<std::string> read_text(std::string_view path, uint64_t max_bytes);

    // ---- bundle.toml ---------------------------------------------------------------

    bool load_manifest();

    void read_locales(const TomlSource& source, const toml::table& table);

    void read_fallback(const TomlSource& source, const toml::table& table);

    // A table of locale = "text". The default locale is required; other offered locales
    // fall back, with a warning so that translators see what is left.
    LocalizedText read_localized(const TomlSource& source, const toml::table& table,
                                 const std::string& what, const std::string& where);

    void read_hours(const TomlSource& source, const toml::table& table);

    void read_categories(const TomlSource& source, const toml::table& table);

    // ---- which file is what --------------------------------------------------------

    // A page or procedure file named <locale>.<extension>: its locale, or "" after an error.
    std::string locale_of(const std::string& path, std::string_view name,
                          std::string_view extension);

    void sort_files();
    void add_alert_file(const std::string& path, const std::vector<std::string_view>& parts);

    FolderFiles& folder(std::map<std::string, FolderFiles, std::less<>>& folders,
                        std::string_view kind, std::string_view id, const std::string& path);

    void add_folder_file(std::map<std::string, FolderFiles, std::less<>>& folders,
                         std::string_view kind, const std::string& path, std::string_view id,
                         std::string_view name, std::string_view extension);

    // Warns for each offered locale without its own file.
    void warn_untranslated(const std::string& folder_path, const FolderFiles& files);

    // ---- pages ---------------------------------------------------------------------

    void load_page(const std::string& id, const FolderFiles& files);

    std::vector<std::string> category_ids() const;

    void check_category(const std::string& file, int line, const std::string& category);

    // ---- procedures ----------------------------------------------------------------

    void load_procedure(const std::string& id, const FolderFiles& files);

    // ---- references between files ------------------------------------------------

    void check_references();

    void check_ruby();

    // The picture itself, read once however many pages show it: a missing or damaged blob
    // fails here like a missing page blob, and a picture the kiosk cannot show (not PNG or
    // JPEG inside, too many pixels, truncated when decode_images is on) is refused.
    void check_image_file(const std::string& file, int line, const std::string& path);

    void check_link(const std::string& file, int line, const Link& link,
                    const std::set<std::string, std::less<>>& page_ids,
                    const std::vector<std::string>& page_list,
                    const std::set<std::string, std::less<>>& procedure_ids,
                    const std::vector<std::string>& procedure_list);

    void check_image(const std::string& file, const MarkdownImage& image);

    bool check_named_file(const std::string& file, int line, const std::string& path,
                          std::string_view noun, std::string_view example,
                          const std::vector<std::string>& known);
    // A picture named by a page or a slide: a file of the bundle the kiosk can show.
    void check_picture(const std::string& file, int line, const std::string& path);

    // ---- videos (bundle_videos.cpp) ---------------------------------------------------

    void add_video_file(const std::string& path);
    // A video named by a slide, page or procedure step: a video file of the bundle; noted in
    // Bundle::videos for bundle check (which opens it) and previews.
    void check_video(const std::string& file, int line, const std::string& path, bool signage);
    // Captions next to a video in a language of the bundle; videos nothing plays.
    void check_video_files();

    // ---- signage -------------------------------------------------------------------

    void add_signage_file(const std::string& path, const std::vector<std::string_view>& parts);

    // signage/signage.toml, then the playlists, then what they name.
    void load_signage();
    void load_playlists();
    void check_signage_references(const SignageLines& lines);
    void check_slide_references(const Playlist& playlist);
    void check_transit_file(const SignageLines& lines);
    void check_signage_files() const;

    // ---- order -------------------------------------------------------------------

    void sort_model();

    const bundle::BundleFiles& m_files;
    LoadReport& m_report;
    const LoadOptions& m_options;
    std::shared_ptr<Bundle> m_bundle;
    std::map<std::string, std::string, std::less<>> m_checked_images; // path -> problem or ""
    std::map<std::string, FolderFiles, std::less<>> m_page_folders;
    std::map<std::string, FolderFiles, std::less<>> m_procedure_folders;
    std::vector<std::string> m_images;
    std::vector<std::string> m_video_files, m_caption_files; // under videos/
    bool m_has_signage_toml = false;
    std::vector<std::string> m_playlist_files; // signage/playlists/*.toml
    std::vector<std::string> m_signage_other;  // other files under signage/
    // Images per page file (display path), checked with the links once all ids are known.
    std::vector<std::pair<std::string, std::vector<MarkdownImage>>> m_pending_images;
};

} // namespace kiosk::content::loading
