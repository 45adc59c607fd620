#include "player/content/bundle_loader.h"

#include "player/bundle/manifest.h"
#include "player/bundle/relative_path.h"
#include "player/content/content_limits.h"
#include "player/content/content_rules.h"
#include "player/content/front_matter.h"
#include "player/content/image_check.h"
#include "player/content/markdown_page.h"
#include "player/content/procedure_flow.h"
#include "player/content/toml_fields.h"

#include <unicode/timezone.h>
#include <unicode/unistr.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <set>

namespace kiosk::content {

bool LoadReport::has_errors() const {
    return std::any_of(problems.begin(), problems.end(),
                       [](const Problem& p) { return p.severity == Severity::Error; });
}

void LoadReport::error(std::string file, int line, std::string message) {
    problems.push_back({Severity::Error, make_error(std::move(file), line, std::move(message))});
}

void LoadReport::warning(std::string file, int line, std::string message) {
    problems.push_back({Severity::Warning, make_error(std::move(file), line, std::move(message))});
}

namespace {

constexpr std::string_view kDays[7] = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};

// Top-level folders other parts of the player read (signage playlists, alerts); the
// content loader neither parses nor warns about them.
constexpr std::string_view kOtherAreas[] = {"signage/", "playlists/", "alerts/"};

bool starts_with(std::string_view text, std::string_view prefix) {
    return text.substr(0, prefix.size()) == prefix;
}

bool ends_with(std::string_view text, std::string_view suffix) {
    return text.size() >= suffix.size() && text.substr(text.size() - suffix.size()) == suffix;
}

bool is_image_name(std::string_view path) {
    std::string lower(path);
    std::transform(lower.begin(), lower.end(), lower.begin(), [](char c) {
        return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
    });
    return ends_with(lower, ".png") || ends_with(lower, ".jpg") || ends_with(lower, ".jpeg");
}

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

// "08:30" -> minutes since midnight, or -1.
int parse_clock(std::string_view text) {
    if (text.size() != 5 || text[2] != ':') return -1;
    for (size_t i : {0, 1, 3, 4})
        if (text[i] < '0' || text[i] > '9') return -1;
    int hours = (text[0] - '0') * 10 + (text[1] - '0');
    int minutes = (text[3] - '0') * 10 + (text[4] - '0');
    if (minutes > 59 || hours > 24 || (hours == 24 && minutes > 0)) return -1;
    return hours * 60 + minutes;
}

int day_index(std::string_view name) {
    for (int i = 0; i < 7; ++i)
        if (kDays[i] == name) return i;
    return -1;
}

// The files of one page or procedure folder, by locale.
struct FolderFiles {
    std::map<std::string, std::string, std::less<>> by_locale; // locale -> relative path
    bool has_flow = false;
};

// A time zone ICU knows (IANA ids such as "Asia/Tokyo"). ICU quietly maps anything else to
// "Etc/Unknown", which behaves as UTC: a typo would put every clock and opening hour off.
bool is_known_time_zone(const std::string& zone) {
    icu::UnicodeString canonical;
    UBool is_system = false;
    UErrorCode status = U_ZERO_ERROR;
    icu::TimeZone::getCanonicalID(icu::UnicodeString::fromUTF8(zone), canonical, is_system, status);
    return U_SUCCESS(status) && is_system;
}

// Why `text` has malformed ruby markup, or "". Ruby is {base|reading}; a "{" followed by a
// "|" before its "}" is an attempt at it, and one the text engine would show as typed.
std::string ruby_problem(std::string_view text) {
    for (size_t open = text.find('{'); open != std::string_view::npos;
         open = text.find('{', open + 1)) {
        const size_t stop = text.find_first_of("{}", open + 1);
        const size_t bar = text.find('|', open + 1);
        const bool attempt =
            bar != std::string_view::npos && (stop == std::string_view::npos || bar < stop);
        if (!attempt) continue;
        const bool closed = stop != std::string_view::npos && text[stop] == '}';
        const size_t second_bar = text.find('|', bar + 1);
        const bool well_formed = closed && bar > open + 1 && stop > bar + 1 &&
                                 (second_bar == std::string_view::npos || second_bar > stop);
        if (well_formed) continue;
        const size_t end = stop == std::string_view::npos ? text.size() : stop + 1;
        std::string shown(text.substr(open, std::min<size_t>(end - open, 40)));
        return "malformed ruby " + quote(shown) +
               " (write {base|reading} with both parts, e.g. {漢字|かんじ})";
    }
    return {};
}

class Loader {
  public:
    Loader(const bundle::BundleFiles& files, LoadReport& report, const LoadOptions& options)
        : m_files(files), m_report(report), m_options(options),
          m_bundle(std::make_shared<Bundle>()) {}

    std::shared_ptr<Bundle> run() {
        if (!load_manifest()) return m_bundle;
        sort_files();
        for (auto& [id, files] : m_page_folders)
            load_page(id, files);
        for (auto& [id, files] : m_procedure_folders)
            load_procedure(id, files);
        check_references();
        sort_model();
        return m_bundle;
    }

  private:
    std::string display(std::string_view path) const { return m_files.display_path(path); }

    bool offers(std::string_view locale) const {
        return std::find(m_bundle->locales.begin(), m_bundle->locales.end(), locale) !=
               m_bundle->locales.end();
    }

    // The first locale after `locale` on its fallback chain that `has` - what a visitor
    // choosing `locale` actually sees - or "" when none does.
    template <typename Has> std::string falls_back_to(std::string_view locale, Has has) const {
        for (const std::string& tag : m_bundle->fallback_chain(locale))
            if (tag != locale && has(tag)) return tag;
        return {};
    }

    // The bytes of one file as text, or nothing after reporting why not.
    std::optional<std::string> read_text(std::string_view path, uint64_t max_bytes) {
        auto bytes = m_files.read(path, max_bytes);
        if (!bytes) {
            m_report.error(display(path), 0, bytes.error().message);
            return std::nullopt;
        }
        // A NUL byte is never text: editors and terminals disagree about what follows it.
        if (size_t nul = bytes->find('\0'); nul != std::string::npos) {
            LineIndex lines(*bytes);
            m_report.error(display(path), lines.line_of(nul),
                           "contains a NUL byte (column " + std::to_string(lines.column_of(nul)) +
                               "); this is not a text file, or it was saved as UTF-16 (save it "
                               "as UTF-8)");
            return std::nullopt;
        }
        size_t bad = find_invalid_utf8(*bytes);
        if (bad != std::string::npos) {
            LineIndex lines(*bytes);
            m_report.error(display(path), lines.line_of(bad),
                           "invalid UTF-8 at byte " + std::to_string(bad) + " (column " +
                               std::to_string(lines.column_of(bad)) +
                               "); save the file as UTF-8 in your editor");
            return std::nullopt;
        }
        return std::move(*bytes);
    }

    // ---- bundle.toml ---------------------------------------------------------------

    bool load_manifest() {
        const std::string path = "bundle.toml";
        if (!m_files.contains(path)) {
            m_report.error(display(path), 0,
                           "missing bundle.toml (every bundle starts with one; see "
                           "docs/CONTENT.md)");
            return false;
        }
        auto text = read_text(path, kMaxTomlFileBytes);
        if (!text) return false;
        const TomlSource source{display(path), 1, &m_report};
        auto table = parse_toml(*text, source);
        // Without bundle.toml's locales and categories every page would report a cascade
        // of follow-on errors; fix this one first.
        if (!table) return false;
        constexpr std::string_view where = "in bundle.toml";
        check_keys(source, *table,
                   {"id", "version", "default_locale", "locales", "time_zone", "theme",
                    "idle_seconds", "screen_diagonal_inches", "fallback", "title", "hours",
                    "category"},
                   where);
        Bundle& bundle = *m_bundle;
        // The one reader of bundle.toml: `bundle build` takes id and version from here, so
        // the rules are the manifest's own (bundle::is_valid_bundle_id, version_problem).
        if (auto id = get_string(source, *table, "id", Need::Required, where)) {
            bundle.id = *id;
            if (!is_valid_id(*id))
                source.error(line_of(source, *table, "id"),
                             "bundle id " + quote(*id) + " " + std::string(kIdRule));
        }
        bundle.version = get_string(source, *table, "version", Need::Required, where).value_or("");
        if (table->get("version") && table->get("version")->is_string())
            if (std::string problem = bundle::version_problem(bundle.version); !problem.empty())
                source.error(line_of(source, *table, "version"), problem);
        read_locales(source, *table);
        read_fallback(source, *table);
        if (auto zone = get_string(source, *table, "time_zone", Need::Optional, where)) {
            if (is_known_time_zone(*zone))
                bundle.time_zone = *zone;
            else
                source.error(line_of(source, *table, "time_zone"),
                             "unknown time_zone " + quote(*zone) +
                                 " (use an IANA zone name like \"Asia/Tokyo\")");
        }
        if (auto theme = get_string(source, *table, "theme", Need::Optional, where)) {
            if (*theme == "default" || *theme == "high-contrast")
                bundle.theme = *theme;
            else
                source.error(line_of(source, *table, "theme"),
                             "unknown theme " + quote(*theme) +
                                 " (use \"default\" or \"high-contrast\")");
        }
        if (auto idle = get_integer(source, *table, "idle_seconds", Need::Optional, where)) {
            if (*idle < 10 || *idle > 3600)
                source.error(line_of(source, *table, "idle_seconds"),
                             "idle_seconds = " + std::to_string(*idle) +
                                 " is out of range (use 10 to 3600; 90 is typical)");
            else
                bundle.idle_seconds = static_cast<int>(*idle);
        }
        if (auto inches =
                get_number(source, *table, "screen_diagonal_inches", Need::Optional, where)) {
            // Written so that NaN fails too: every comparison with NaN is false, and a NaN
            // size would switch the 20 mm touch target check off.
            if (!(*inches >= 5 && *inches <= 200))
                source.error(line_of(source, *table, "screen_diagonal_inches"),
                             "screen_diagonal_inches is out of range (use the display's size, "
                             "e.g. 32)");
            else
                bundle.screen_diagonal_inches = static_cast<float>(*inches);
        }
        if (const toml::table* title = get_table(source, *table, "title", Need::Required, where))
            bundle.title = read_localized(source, *title, "the bundle title", "[title]");
        read_hours(source, *table);
        read_categories(source, *table);
        return true;
    }

    void read_locales(const TomlSource& source, const toml::table& table) {
        constexpr std::string_view where = "in bundle.toml";
        Bundle& bundle = *m_bundle;
        const int line = line_of(source, table, "locales");
        for (std::string& tag : get_string_array(source, table, "locales", Need::Required, where)
                                    .value_or(std::vector<std::string>{})) {
            if (!is_locale_tag(tag))
                source.error(line, quote(tag) + " in locales is not a locale tag (use BCP 47 "
                                                "tags like \"ja\", \"en\", \"zh-Hans\")");
            else if (offers(tag))
                source.error(line, quote(tag) + " is listed twice in locales");
            else
                bundle.locales.push_back(std::move(tag));
        }
        if (bundle.locales.empty() && table.get("locales"))
            source.error(line, "locales is empty (list the languages the bundle offers)");
        if (auto tag = get_string(source, table, "default_locale", Need::Required, where)) {
            bundle.default_locale = *tag;
            if (!bundle.locales.empty() && !offers(*tag)) {
                source.error(line_of(source, table, "default_locale"),
                             "default_locale " + quote(*tag) + " is not in locales" +
                                 did_you_mean(*tag, bundle.locales) +
                                 " (add it to locales or use one of " +
                                 quoted_list(bundle.locales) + ")");
                // Checking the rest against the first offered locale avoids a follow-on
                // error for every page and title.
                bundle.default_locale = bundle.locales.front();
            }
        }
    }

    void read_fallback(const TomlSource& source, const toml::table& table) {
        const toml::table* fallback =
            get_table(source, table, "fallback", Need::Optional, "in bundle.toml");
        if (!fallback) return;
        for (const auto& [key, value] : *fallback) {
            const std::string locale(key.str());
            const int line = source.line(value);
            if (locale != "default" && !offers(locale)) {
                source.error(line, "[fallback] has an entry for " + quote(locale) +
                                       ", which is not in locales" +
                                       did_you_mean(locale, m_bundle->locales) +
                                       " (add it to locales or remove the entry)");
                continue;
            }
            const toml::array* chain = value.as_array();
            if (!chain) {
                source.error(line, "fallback " + locale +
                                       " must be a list of locales like "
                                       "[\"en\", \"ja\"], not " +
                                       type_name(value));
                continue;
            }
            std::vector<std::string> tags;
            for (const toml::node& node : *chain) {
                const auto* tag = node.as_string();
                if (!tag) {
                    source.error(node, "fallback " + locale + " must list locales in quotes");
                } else if (!offers(tag->get())) {
                    source.error(node, "fallback for " + quote(locale) + " names " +
                                           quote(tag->get()) + ", which is not in locales" +
                                           did_you_mean(tag->get(), m_bundle->locales) +
                                           " (add it to locales or remove it from the list)");
                } else {
                    tags.push_back(tag->get());
                }
            }
            m_bundle->fallback.emplace(locale, std::move(tags));
        }
    }

    // A table of locale = "text". The default locale is required; other offered locales
    // fall back, with a warning so that translators see what is left.
    LocalizedText read_localized(const TomlSource& source, const toml::table& table,
                                 const std::string& what, const std::string& where) {
        LocalizedText text;
        for (const auto& [key, value] : table) {
            const std::string locale(key.str());
            if (!offers(locale)) {
                source.error(value, where + " has a " + quote(locale) + " entry, but " +
                                        quote(locale) + " is not in locales" +
                                        did_you_mean(locale, m_bundle->locales) +
                                        " (add it to locales or remove the entry)");
                continue;
            }
            const auto* string = value.as_string();
            if (!string || string->get().find_first_not_of(" \t\r\n") == std::string::npos) {
                source.error(value, where + " " + locale + " must be a non-empty string");
                continue;
            }
            text.by_locale.emplace(locale, string->get());
        }
        const std::string& fallback_locale = m_bundle->default_locale;
        if (!text.has(fallback_locale)) {
            source.error(source.line(table),
                         "missing " + what + " in the default locale " + quote(fallback_locale) +
                             " (add " + fallback_locale + " = \"...\" under " + where + ")");
            return text;
        }
        for (const std::string& locale : m_bundle->locales) {
            if (text.has(locale)) continue;
            std::string to = falls_back_to(locale, [&](std::string_view t) { return text.has(t); });
            source.warning(source.line(table), "missing " + locale + " translation of " + what +
                                                   "; falls back to " + to);
        }
        return text;
    }

    void read_hours(const TomlSource& source, const toml::table& table) {
        const toml::table* hours =
            get_table(source, table, "hours", Need::Optional, "in bundle.toml");
        if (!hours) return;
        std::array<bool, 7> given{};
        for (const auto& [key, value] : *hours) {
            const std::string days(key.str());
            const int line = source.line(value);
            size_t dash = days.find('-');
            int first = day_index(days.substr(0, dash));
            int last = dash == std::string::npos ? first : day_index(days.substr(dash + 1));
            if (first < 0 || last < 0 || last < first) {
                source.error(line, "unknown days " + quote(days) +
                                       " in [hours] (use mon, tue, wed, thu, fri, sat, sun or "
                                       "a range like mon-fri)");
                continue;
            }
            const auto* text = value.as_string();
            std::string span = text ? text->get() : std::string();
            bool valid = span == "closed";
            if (!valid && span.size() == 11 && span[5] == '-') {
                int open = parse_clock(span.substr(0, 5));
                int close = parse_clock(span.substr(6));
                valid = open >= 0 && close > open;
            }
            if (!valid) {
                source.error(line, "hours for " + days +
                                       " must be like \"08:30-17:15\" (opening "
                                       "before closing, 24-hour) or \"closed\"");
                continue;
            }
            for (int day = first; day <= last; ++day) {
                if (given[day])
                    source.error(line, std::string(kDays[day]) +
                                           " has hours twice in [hours] (give each day once)");
                given[day] = true;
                m_bundle->hours[day] = span;
            }
        }
        // A day nobody mentioned is a day the office is closed.
        for (int day = 0; day < 7; ++day)
            if (!given[day]) m_bundle->hours[day] = "closed";
    }

    void read_categories(const TomlSource& source, const toml::table& table) {
        const toml::array* categories =
            get_array(source, table, "category", Need::Optional, "in bundle.toml");
        if (!categories) return;
        std::map<std::string, int, std::less<>> seen;
        for (const toml::node& node : *categories) {
            const toml::table* entry = node.as_table();
            if (!entry) {
                source.error(node, "each [[category]] must be a table");
                continue;
            }
            constexpr std::string_view where = "in [[category]]";
            check_keys(source, *entry, {"id", "icon", "title"}, where);
            Category category;
            auto id = get_string(source, *entry, "id", Need::Required, where);
            category.id = id.value_or("");
            if (category.id.empty()) {
                if (id)
                    source.error(line_of(source, *entry, "id"),
                                 "a [[category]] has an empty id (give it a name like "
                                 "\"living\")");
                continue;
            }
            if (!is_valid_id(category.id))
                source.error(line_of(source, *entry, "id"),
                             "category id " + quote(category.id) + " " + std::string(kIdRule));
            if (auto [it, fresh] = seen.emplace(category.id, line_of(source, *entry, "id"));
                !fresh) {
                source.error(line_of(source, *entry, "id"),
                             "category " + quote(category.id) +
                                 " is defined twice (first on line " + std::to_string(it->second) +
                                 "; give each category its own id)");
                continue;
            }
            if (auto icon = get_icon(source, *entry, Need::Required, where)) category.icon = *icon;
            if (const toml::table* title =
                    get_table(source, *entry, "title", Need::Required, where))
                category.title =
                    read_localized(source, *title, "the title of category " + quote(category.id),
                                   "[category.title]");
            m_bundle->categories.push_back(std::move(category));
        }
    }

    // ---- which file is what --------------------------------------------------------

    // A page or procedure file named <locale>.<extension>: its locale, or "" after an error.
    std::string locale_of(const std::string& path, std::string_view name,
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

    void sort_files() {
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
            bool other_area = false;
            for (std::string_view area : kOtherAreas)
                other_area = other_area || starts_with(path, area);
            if (other_area) continue;
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
                             "in images/)");
        }
    }

    FolderFiles& folder(std::map<std::string, FolderFiles, std::less<>>& folders,
                        std::string_view kind, std::string_view id, const std::string& path) {
        auto [it, fresh] = folders.try_emplace(std::string(id));
        if (fresh && !is_valid_id(id))
            m_report.error(display(path.substr(0, path.rfind('/'))), 0,
                           std::string(kind) + " id " + quote(id) + " " + std::string(kIdRule));
        return it->second;
    }

    void add_folder_file(std::map<std::string, FolderFiles, std::less<>>& folders,
                         std::string_view kind, const std::string& path, std::string_view id,
                         std::string_view name, std::string_view extension) {
        FolderFiles& files = folder(folders, kind, id, path);
        std::string locale = locale_of(path, name, extension);
        if (!locale.empty()) files.by_locale.emplace(std::move(locale), path);
    }

    // Warns for each offered locale without its own file.
    void warn_untranslated(const std::string& folder_path, const FolderFiles& files) {
        for (const std::string& locale : m_bundle->locales) {
            if (files.by_locale.count(locale)) continue;
            std::string to = falls_back_to(
                locale, [&](std::string_view t) { return files.by_locale.count(t) > 0; });
            if (!to.empty())
                m_report.warning(display(folder_path), 0,
                                 "missing " + locale + " translation; falls back to " + to);
        }
    }

    // ---- pages ---------------------------------------------------------------------

    void load_page(const std::string& id, const FolderFiles& files) {
        const std::string folder_path = "pages/" + id;
        const std::string& default_locale = m_bundle->default_locale;
        if (!files.by_locale.count(default_locale)) {
            m_report.error(display(folder_path), 0,
                           "page " + quote(id) + " has no " + default_locale +
                               ".md (the default locale's file is required; add " + folder_path +
                               "/" + default_locale + ".md)");
        }
        warn_untranslated(folder_path, files);

        Page page;
        page.id = id;
        // The default locale's front matter decides category, order and icon; the others
        // may repeat them but must agree.
        std::vector<std::pair<std::string, std::string>> order(files.by_locale.begin(),
                                                               files.by_locale.end());
        std::stable_partition(order.begin(), order.end(),
                              [&](const auto& entry) { return entry.first == default_locale; });
        std::optional<FrontMatter> decided;
        std::string decided_file;
        std::vector<std::pair<std::string, MarkdownPage>> bodies;
        for (const auto& [locale, path] : order) {
            const std::string file = display(path);
            auto text = read_text(path, kMaxPageFileBytes);
            if (!text) continue;
            auto split = split_page_file(*text, file, m_report);
            if (!split) continue;
            auto front = parse_front_matter(*split, file, m_report);
            MarkdownPage body = parse_markdown(split->body, split->body_line, file, m_report);
            if (!front) continue;
            if (!decided) {
                decided = front;
                decided_file = path.substr(path.rfind('/') + 1);
                if (!front->category)
                    m_report.error(file, front->category_line,
                                   "missing \"category\" in front matter (add category = \"...\" "
                                   "with one of " +
                                       quoted_list(category_ids()) + ")");
                else
                    check_category(file, front->category_line, *front->category);
            } else {
                check_same(file, decided_file, "category", front->category, decided->category,
                           front->category_line);
                check_same(file, decided_file, "icon", front->icon, decided->icon,
                           front->icon_line);
                check_same(file, decided_file, "order", front->order, decided->order,
                           front->order_line);
            }
            PageText words;
            words.title = std::move(front->title);
            words.blocks = std::move(body.blocks);
            words.file = path;
            page.by_locale.emplace(locale, std::move(words));
            m_pending_images.emplace_back(file, std::move(body.images));
        }
        if (decided) {
            page.category = decided->category.value_or("");
            page.icon = decided->icon.value_or("");
            page.order = decided->order.value_or(0);
        }
        m_bundle->pages.push_back(std::move(page));
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

    std::vector<std::string> category_ids() const {
        std::vector<std::string> ids;
        for (const Category& category : m_bundle->categories)
            ids.push_back(category.id);
        return ids;
    }

    void check_category(const std::string& file, int line, const std::string& category) {
        if (m_bundle->category(category)) return;
        const std::vector<std::string> ids = category_ids();
        m_report.error(
            file, line,
            "unknown category " + quote(category) + did_you_mean(category, ids) +
                (ids.empty() ? std::string(" (bundle.toml declares no [[category]])")
                             : " (use one of " + quoted_list(ids) + ", or add it to bundle.toml)"));
    }

    // ---- procedures ----------------------------------------------------------------

    void load_procedure(const std::string& id, const FolderFiles& files) {
        const std::string folder_path = "procedures/" + id;
        const std::string& default_locale = m_bundle->default_locale;
        if (!files.has_flow) {
            m_report.error(display(folder_path), 0,
                           "procedure " + quote(id) + " has no flow.toml (add " + folder_path +
                               "/flow.toml with its questions and checklist items)");
            return;
        }
        Procedure procedure;
        procedure.id = id;
        const std::string flow_path = folder_path + "/flow.toml";
        auto text = read_text(flow_path, kMaxTomlFileBytes);
        int category_line = 0;
        if (!text || !parse_flow(*text, display(flow_path), procedure, &category_line, m_report)) {
            m_bundle->procedures.push_back(std::move(procedure)); // so links to it still resolve
            return;
        }
        if (!procedure.category.empty())
            check_category(display(flow_path), category_line, procedure.category);
        if (!files.by_locale.count(default_locale))
            m_report.error(display(folder_path), 0,
                           "procedure " + quote(id) + " has no " + default_locale +
                               ".toml (the default locale's words are required; add " +
                               folder_path + "/" + default_locale + ".toml)");
        warn_untranslated(folder_path, files);
        for (const auto& [locale, path] : files.by_locale) {
            auto words_text = read_text(path, kMaxTomlFileBytes);
            if (!words_text) continue;
            std::string to = falls_back_to(
                locale, [&](std::string_view t) { return files.by_locale.count(t) > 0; });
            const bool is_default = locale == default_locale;
            auto words = parse_procedure_text(*words_text, display(path), procedure, locale,
                                              is_default ? nullptr : &to, m_report);
            if (!words) continue;
            words->file = path;
            procedure.by_locale.emplace(locale, std::move(*words));
        }
        m_bundle->procedures.push_back(std::move(procedure));
    }

    // ---- references between files ------------------------------------------------

    void check_references() {
        std::set<std::string, std::less<>> page_ids, procedure_ids;
        std::vector<std::string> page_list, procedure_list;
        for (const Page& page : m_bundle->pages) {
            page_ids.insert(page.id);
            page_list.push_back(page.id);
        }
        for (const Procedure& procedure : m_bundle->procedures) {
            procedure_ids.insert(procedure.id);
            procedure_list.push_back(procedure.id);
        }
        for (const Page& page : m_bundle->pages)
            for (const auto& [locale, words] : page.by_locale)
                for (const Block& block : words.blocks)
                    for (const Link& link : block.links)
                        check_link(display(words.file), block.source_line, link, page_ids,
                                   page_list, procedure_ids, procedure_list);
        for (const auto& [file, images] : m_pending_images)
            for (const MarkdownImage& image : images)
                check_image(file, image);
        check_ruby();
    }

    void check_ruby() {
        auto check = [&](const std::string& file, int line, const std::string& text) {
            if (std::string problem = ruby_problem(text); !problem.empty())
                m_report.error(display(file), line, problem);
        };
        for (const Page& page : m_bundle->pages)
            for (const auto& [locale, words] : page.by_locale) {
                check(words.file, 0, words.title);
                for (const Block& block : words.blocks) {
                    check(words.file, block.source_line, block.text);
                    for (const std::string& cell : block.cells)
                        check(words.file, block.source_line, cell);
                }
            }
        for (const Procedure& procedure : m_bundle->procedures)
            for (const auto& [locale, words] : procedure.by_locale) {
                check(words.file, 0, words.title);
                check(words.file, 0, words.intro);
                for (const auto& [id, question] : words.questions) {
                    check(words.file, 0, question.text);
                    for (const auto& [answer, label] : question.answers)
                        check(words.file, 0, label);
                }
                for (const auto& [id, item] : words.items)
                    for (const std::string* text :
                         {&item.title, &item.fee, &item.deadline, &item.hours, &item.note})
                        check(words.file, 0, *text);
            }
    }

    // The picture itself, read once however many pages show it: a missing or damaged blob
    // fails here like a missing page blob, and a picture the kiosk cannot show (not PNG or
    // JPEG inside, too many pixels, truncated when decode_images is on) is refused.
    void check_image_file(const std::string& file, int line, const std::string& path) {
        auto [it, fresh] = m_checked_images.emplace(path, std::string());
        if (fresh) {
            auto bytes = m_files.read(path, kMaxImageFileBytes);
            if (!bytes)
                it->second = bytes.error().message;
            else if (std::string problem = image_problem(*bytes, m_options.decode_images);
                     !problem.empty())
                it->second = "image " + quote(path) + " " + problem;
        }
        if (!it->second.empty()) m_report.error(file, line, it->second);
    }

    void check_link(const std::string& file, int line, const Link& link,
                    const std::set<std::string, std::less<>>& page_ids,
                    const std::vector<std::string>& page_list,
                    const std::set<std::string, std::less<>>& procedure_ids,
                    const std::vector<std::string>& procedure_list) {
        const std::string& target = link.target;
        if (starts_with(target, "page:")) {
            std::string id = target.substr(5);
            if (!page_ids.count(id))
                m_report.error(file, line,
                               "link to unknown page " + quote(id) + did_you_mean(id, page_list) +
                                   " (write page:<id> with the folder name of a page "
                                   "in pages/)");
        } else if (starts_with(target, "procedure:")) {
            std::string id = target.substr(10);
            if (!procedure_ids.count(id))
                m_report.error(file, line,
                               "link to unknown procedure " + quote(id) +
                                   did_you_mean(id, procedure_list) +
                                   " (write procedure:<id> with the folder name of a "
                                   "procedure in procedures/)");
        } else if (starts_with(target, "http:") || starts_with(target, "https:") ||
                   starts_with(target, "www.") || starts_with(target, "mailto:")) {
            m_report.warning(file, line,
                             "web link " + target +
                                 " cannot be followed on the kiosk (there is no browser; write "
                                 "the address as text instead)");
        } else {
            m_report.error(file, line,
                           "link target " + quote(target) +
                               " is neither page:<page-id> nor procedure:<procedure-id>");
        }
    }

    void check_image(const std::string& file, const MarkdownImage& image) {
        const std::string& path = image.path;
        if (image.alt.empty())
            m_report.error(file, image.line,
                           "image " + quote(path) +
                               " has no alt text (describe the picture between ![ and ]; "
                               "speech reads it)");
        constexpr std::string_view example =
            " (write it relative to the bundle, like images/floor-1.png)";
        if (path.find("://") != std::string::npos) {
            m_report.error(file, image.line,
                           "image " + quote(path) +
                               " is not a file in the bundle (put the picture in images/ and "
                               "write images/<name>.png)");
        } else if (!path.empty() && path.front() == '/') {
            m_report.error(file, image.line,
                           "image path " + quote(path) + " is absolute" + std::string(example));
        } else if (std::string problem = bundle::relative_path_problem(path); !problem.empty()) {
            m_report.error(file, image.line,
                           "image path " + quote(path) + " is not usable: " + problem +
                               std::string(example));
        } else if (!m_files.contains(path)) {
            m_report.error(file, image.line,
                           "image " + quote(path) + " does not exist in the bundle" +
                               did_you_mean(path, m_images) +
                               " (add the file or fix the path; paths are relative to the "
                               "bundle, like images/floor-1.png)");
        } else if (!is_image_name(path)) {
            m_report.error(file, image.line, "image " + quote(path) + " is not a PNG or JPEG file");
        } else {
            check_image_file(file, image.line, path);
        }
    }

    // ---- order -------------------------------------------------------------------

    void sort_model() {
        std::map<std::string, size_t, std::less<>> category_rank;
        for (size_t i = 0; i < m_bundle->categories.size(); ++i)
            category_rank.emplace(m_bundle->categories[i].id, i);
        auto rank = [&](const std::string& category) {
            auto it = category_rank.find(category);
            return it == category_rank.end() ? std::numeric_limits<size_t>::max() : it->second;
        };
        std::sort(m_bundle->pages.begin(), m_bundle->pages.end(),
                  [&](const Page& a, const Page& b) {
                      return std::tuple(rank(a.category), a.order, a.id) <
                             std::tuple(rank(b.category), b.order, b.id);
                  });
        std::sort(m_bundle->procedures.begin(), m_bundle->procedures.end(),
                  [](const Procedure& a, const Procedure& b) {
                      return std::tie(a.order, a.id) < std::tie(b.order, b.id);
                  });
    }

    const bundle::BundleFiles& m_files;
    LoadReport& m_report;
    const LoadOptions& m_options;
    std::shared_ptr<Bundle> m_bundle;
    std::map<std::string, std::string, std::less<>> m_checked_images; // path -> problem or ""
    std::map<std::string, FolderFiles, std::less<>> m_page_folders;
    std::map<std::string, FolderFiles, std::less<>> m_procedure_folders;
    std::vector<std::string> m_images;
    // Images per page file (display path), checked with the links once all ids are known.
    std::vector<std::pair<std::string, std::vector<MarkdownImage>>> m_pending_images;
};

} // namespace

namespace {

// One cause can make many errors in one file (a wrong locale in every key of a big
// table); past kMaxErrorsPerFile the rest of that file's errors become one line, so the
// first cause stays visible. Expects problems sorted by file.
void cap_errors_per_file(std::vector<Problem>& problems, size_t first) {
    std::vector<Problem> kept(problems.begin(),
                              problems.begin() + static_cast<std::ptrdiff_t>(first));
    for (size_t i = first; i < problems.size();) {
        size_t end = i;
        while (end < problems.size() && problems[end].where.file == problems[i].where.file)
            ++end;
        size_t errors = 0, dropped = 0;
        for (size_t k = i; k < end; ++k) {
            const bool error = problems[k].severity == Severity::Error;
            if (error && ++errors > kMaxErrorsPerFile) {
                ++dropped;
                continue;
            }
            kept.push_back(std::move(problems[k]));
        }
        if (dropped > 0)
            kept.push_back({Severity::Error,
                            make_error(problems[i].where.file, 0,
                                       "... and " + std::to_string(dropped) +
                                           " more errors in this file, not shown (fix the first "
                                           "ones: they often cause the rest)")});
        i = end;
    }
    problems = std::move(kept);
}

} // namespace

Result<std::shared_ptr<const Bundle>> load_bundle(const bundle::BundleFiles& files,
                                                  LoadReport* report, const LoadOptions& options) {
    LoadReport local;
    LoadReport& out = report ? *report : local;
    const size_t first_new = out.problems.size();
    std::shared_ptr<Bundle> bundle = Loader(files, out, options).run();
    // Staff read the report top to bottom: by file, then by line.
    std::stable_sort(out.problems.begin() + static_cast<std::ptrdiff_t>(first_new),
                     out.problems.end(), [](const Problem& a, const Problem& b) {
                         return std::tie(a.where.file, a.where.line) <
                                std::tie(b.where.file, b.where.line);
                     });
    cap_errors_per_file(out.problems, first_new);
    for (size_t i = first_new; i < out.problems.size(); ++i)
        if (out.problems[i].severity == Severity::Error) return out.problems[i].where;
    return std::shared_ptr<const Bundle>(std::move(bundle));
}

Result<std::shared_ptr<const Bundle>> load_bundle(const std::filesystem::path& dir,
                                                  LoadReport* report, const LoadOptions& options) {
    auto files = bundle::BundleFiles::open(dir);
    if (!files) {
        if (report) report->problems.push_back({Severity::Error, files.error()});
        return files.error();
    }
    return load_bundle(*files, report, options);
}

} // namespace kiosk::content
