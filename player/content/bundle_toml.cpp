// bundle.toml: its schema, read once for everyone (bundle build takes id and version from
// here, so check and build cannot disagree).

#include "player/content/bundle_loading.h"

#include "player/bundle/manifest.h"
#include "player/content/content_limits.h"
#include "player/content/content_rules.h"

#include <unicode/timezone.h>
#include <unicode/unistr.h>

#include <array>

namespace kiosk::content::loading {

namespace {

constexpr std::string_view kDays[7] = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};

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

// A time zone ICU knows (IANA ids such as "Asia/Tokyo"). ICU quietly maps anything else to
// "Etc/Unknown", which behaves as UTC: a typo would put every clock and opening hour off.
bool is_known_time_zone(const std::string& zone) {
    icu::UnicodeString canonical;
    UBool is_system = false;
    UErrorCode status = U_ZERO_ERROR;
    icu::TimeZone::getCanonicalID(icu::UnicodeString::fromUTF8(zone), canonical, is_system, status);
    return U_SUCCESS(status) && is_system;
}

} // namespace

// ---- bundle.toml ---------------------------------------------------------------
bool Loader::load_manifest() {
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
               {"id", "version", "default_locale", "locales", "time_zone", "theme", "idle_seconds",
                "screen_diagonal_inches", "fallback", "title", "hours", "category"},
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
    if (auto inches = get_number(source, *table, "screen_diagonal_inches", Need::Optional, where)) {
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

void Loader::read_locales(const TomlSource& source, const toml::table& table) {
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
                             " (add it to locales or use one of " + quoted_list(bundle.locales) +
                             ")");
            // Checking the rest against the first offered locale avoids a follow-on
            // error for every page and title.
            bundle.default_locale = bundle.locales.front();
        }
    }
}

void Loader::read_fallback(const TomlSource& source, const toml::table& table) {
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
                source.error(node, "fallback for " + quote(locale) + " names " + quote(tag->get()) +
                                       ", which is not in locales" +
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
LocalizedText Loader::read_localized(const TomlSource& source, const toml::table& table,
                                     const std::string& what, const std::string& where) {
    LocalizedText text;
    for (const auto& [key, value] : table) {
        const std::string locale(key.str());
        if (!offers(locale)) {
            source.error(value, where + " has a " + quote(locale) + " entry, but " + quote(locale) +
                                    " is not in locales" + did_you_mean(locale, m_bundle->locales) +
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
        source.error(source.line(table), "missing " + what + " in the default locale " +
                                             quote(fallback_locale) + " (add " + fallback_locale +
                                             " = \"...\" under " + where + ")");
        return text;
    }
    for (const std::string& locale : m_bundle->locales) {
        if (text.has(locale)) continue;
        std::string to = falls_back_to(locale, [&](std::string_view t) { return text.has(t); });
        source.warning(source.line(table),
                       "missing " + locale + " translation of " + what + "; falls back to " + to);
    }
    return text;
}

void Loader::read_hours(const TomlSource& source, const toml::table& table) {
    const toml::table* hours = get_table(source, table, "hours", Need::Optional, "in bundle.toml");
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

void Loader::read_categories(const TomlSource& source, const toml::table& table) {
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
        if (auto [it, fresh] = seen.emplace(category.id, line_of(source, *entry, "id")); !fresh) {
            source.error(line_of(source, *entry, "id"),
                         "category " + quote(category.id) + " is defined twice (first on line " +
                             std::to_string(it->second) + "; give each category its own id)");
            continue;
        }
        if (auto icon = get_icon(source, *entry, Need::Required, where)) category.icon = *icon;
        if (const toml::table* title = get_table(source, *entry, "title", Need::Required, where))
            category.title = read_localized(
                source, *title, "the title of category " + quote(category.id), "[category.title]");
        m_bundle->categories.push_back(std::move(category));
    }
}

} // namespace kiosk::content::loading
