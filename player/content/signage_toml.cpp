// signage/signage.toml and signage/playlists/<id>.toml: their schema (docs/SIGNAGE.md).
// Each file is checked on its own here; references between files are the loader's
// (bundle_loading.h, Loader::load_signage).

#include "player/content/signage_toml.h"

#include "player/content/content_limits.h"
#include "player/content/content_rules.h"
#include "player/content/toml_fields.h"

#include <algorithm>
#include <array>
#include <cstdio>
#include <set>

namespace kiosk::content {

namespace {

constexpr std::string_view kSignageFile = "signage/signage.toml";

// ---- small values --------------------------------------------------------------

// "08:30" -> minutes since midnight; "24:00" only when `allow_end`; else -1.
int parse_minute(std::string_view text, bool allow_end) {
    if (text.size() != 5 || text[2] != ':') return -1;
    for (size_t i : {0, 1, 3, 4})
        if (text[i] < '0' || text[i] > '9') return -1;
    const int hours = (text[0] - '0') * 10 + (text[1] - '0');
    const int minutes = (text[3] - '0') * 10 + (text[4] - '0');
    if (minutes > 59 || hours > 24 || (hours == 24 && (minutes > 0 || !allow_end))) return -1;
    return hours * 60 + minutes;
}

std::string format_minute(int minute) {
    char text[32];
    std::snprintf(text, sizeof text, "%02d:%02d", minute / 60, minute % 60);
    return text;
}

// A date written "2026-12-29" (or as a TOML date, 2026-12-29 without quotes).
std::optional<LocalDate> read_date(const TomlSource& source, const toml::node& node,
                                   std::string_view what) {
    LocalDate date;
    if (const auto* native = node.as_date()) {
        const toml::date& d = native->get();
        date = {int(d.year), int(d.month), int(d.day)};
        if (is_valid_date(date)) return date;
    } else if (const auto* text = node.as_string(); text && parse_date(text->get(), date)) {
        return date;
    }
    source.error(node, std::string(what) +
                           " must be a date that exists, written like \"2026-12-29\" (year, "
                           "month, day)" +
                           (node.is_string() ? ", not " + quote(node.as_string()->get())
                                             : ", not " + type_name(node)));
    return std::nullopt;
}

// A time of day "08:30" (or a TOML time, 08:30:00): minutes since midnight.
std::optional<int> read_minute(const TomlSource& source, const toml::table& table,
                               std::string_view key, bool allow_end) {
    const toml::node* node = table.get(key);
    if (!node) return std::nullopt;
    if (const auto* native = node->as_time()) {
        const toml::time& t = native->get();
        if (t.second == 0 && t.nanosecond == 0) return int(t.hour) * 60 + int(t.minute);
    } else if (const auto* text = node->as_string()) {
        if (int minute = parse_minute(text->get(), allow_end); minute >= 0) return minute;
    }
    source.error(*node, quote(key) + " must be a time of day in quotes like \"08:30\" (24-hour, " +
                            (allow_end ? "00:00 to 24:00" : "00:00 to 23:59") + ")");
    return std::nullopt;
}

// An id that names a file or a screen: valid, or nothing after an error.
std::optional<std::string> read_id(const TomlSource& source, const toml::table& table,
                                   std::string_view key, Need need, std::string_view where,
                                   std::string_view what) {
    auto id = get_string(source, table, key, need, where);
    if (!id) return std::nullopt;
    if (is_valid_id(*id)) return id;
    source.error(line_of(source, table, key),
                 std::string(what) + " " + quote(*id) + " " + std::string(kIdRule));
    return std::nullopt;
}

// ---- signage.toml ----------------------------------------------------------------

void read_languages(const TomlSource& source, const toml::table& table, const Bundle& bundle,
                    Signage& signage) {
    auto tags = get_string_array(source, table, "languages", Need::Optional,
                                 "in " + std::string(kSignageFile));
    if (!tags) {
        if (!table.get("languages")) signage.languages = bundle.locales; // default: all
        return;
    }
    const int line = line_of(source, table, "languages");
    for (std::string& tag : *tags) {
        const bool offered =
            std::find(bundle.locales.begin(), bundle.locales.end(), tag) != bundle.locales.end();
        if (!offered)
            source.error(
                line, "language " + quote(tag) + " is not a locale of the bundle" +
                          did_you_mean(tag, bundle.locales) +
                          " (use locales from bundle.toml: " + quoted_list(bundle.locales) + ")");
        else if (std::find(signage.languages.begin(), signage.languages.end(), tag) !=
                 signage.languages.end())
            source.error(line, "language " + quote(tag) + " is listed twice in languages");
        else
            signage.languages.push_back(std::move(tag));
    }
    if (tags->empty())
        source.error(line, "languages is empty, so no slide would show (list the languages "
                           "signage rotates through, or remove the key for all of the "
                           "bundle's)");
}

// One entry of closed_days: a date, or a range "2026-12-29..2027-01-03" (inclusive).
// Appends the days; false once the limit is passed.
bool read_closed_entry(const TomlSource& source, const toml::node& node,
                       std::vector<LocalDate>& days) {
    LocalDate first, last;
    const auto* text = node.as_string();
    const size_t dots = text ? text->get().find("..") : std::string::npos;
    if (dots != std::string::npos) {
        const std::string& range = text->get();
        if (!parse_date(range.substr(0, dots), first) ||
            !parse_date(range.substr(dots + 2), last)) {
            source.error(node, "closed day range " + quote(range) +
                                   " must be two existing dates like \"2026-12-29..2027-01-03\"");
            return true;
        }
        if (last < first) {
            source.error(node, "closed day range " + quote(range) +
                                   " ends before it starts (write the earlier date first)");
            return true;
        }
    } else {
        auto date = read_date(source, node, "each entry of closed_days");
        if (!date) return true;
        first = last = *date;
    }
    // Counted before anything is expanded: "0001-01-01..9999-12-31" must not fill memory.
    const int64_t count = day_number(last) - day_number(first) + 1;
    if (int64_t(days.size()) + count > kMaxClosedDays) {
        source.error(node, "closed_days lists more than " + std::to_string(kMaxClosedDays) +
                               " days (remove days that have passed)");
        return false;
    }
    for (int64_t day = day_number(first); day <= day_number(last); ++day)
        days.push_back(date_of_day(day));
    return true;
}

void read_closed_days(const TomlSource& source, const toml::table& table, Signage& signage) {
    const toml::array* entries =
        get_array(source, table, "closed_days", Need::Optional, "in " + std::string(kSignageFile));
    if (!entries) return;
    std::vector<LocalDate> days;
    for (const toml::node& node : *entries)
        if (!read_closed_entry(source, node, days)) return;
    std::sort(days.begin(), days.end());
    for (size_t i = 1; i < days.size(); ++i)
        if (days[i] == days[i - 1])
            source.warning(source.line(*entries),
                           "closed day " + format_date(days[i]) +
                               " is listed more than once in closed_days (list it once)");
    days.erase(std::unique(days.begin(), days.end()), days.end());
    signage.closed_days = std::move(days);
}

// The weekday words of a rule's `days`: one day, a range like "mon-fri", or a group.
constexpr std::string_view kDayNames[7] = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};
const std::initializer_list<std::string_view> kDayWords = {
    "mon", "tue", "wed", "thu", "fri", "sat", "sun", "weekdays", "weekend", "every day"};

int day_index(std::string_view name) {
    for (int i = 0; i < 7; ++i)
        if (kDayNames[i] == name) return i;
    return -1;
}

// Marks the days `word` names; false when it names none.
bool mark_days(std::string_view word, std::array<bool, 7>& days) {
    int first = -1, last = -1;
    if (word == "every day") {
        first = 0, last = 6;
    } else if (word == "weekdays") {
        first = 0, last = 4;
    } else if (word == "weekend") {
        first = 5, last = 6;
    } else if (size_t dash = word.find('-'); dash != std::string_view::npos) {
        first = day_index(word.substr(0, dash));
        last = day_index(word.substr(dash + 1));
    } else {
        first = last = day_index(word);
    }
    if (first < 0 || last < first) return false;
    for (int day = first; day <= last; ++day)
        days[size_t(day)] = true;
    return true;
}

void read_rule_days(const TomlSource& source, const toml::table& table, ScheduleRule& rule) {
    auto words = get_string_array(source, table, "days", Need::Optional, "in [[schedule]]");
    if (!words) return; // every day
    const int line = line_of(source, table, "days");
    std::array<bool, 7> days{};
    for (const std::string& word : *words)
        if (!mark_days(word, days))
            source.error(line, "unknown day " + quote(word) + " in days" +
                                   did_you_mean(word, kDayWords) +
                                   " (use mon, tue, wed, thu, fri, sat, sun, a range like "
                                   "\"mon-fri\", \"weekdays\", \"weekend\" or \"every day\")");
    if (words->empty())
        source.error(line, "days is empty, so the rule never plays (list days, or remove the "
                           "key for every day)");
    rule.weekdays = days;
}

void read_rule_times(const TomlSource& source, const toml::table& table, ScheduleRule& rule) {
    auto from = read_minute(source, table, "from", false);
    auto to = read_minute(source, table, "to", true);
    rule.from_minute = from.value_or(0);
    rule.to_minute = to.value_or(24 * 60);
    if (rule.from_minute < rule.to_minute) return;
    const int line = line_of(source, table, table.get("to") ? "to" : "from");
    if (rule.from_minute == rule.to_minute)
        source.error(line, "from and to are both " + format_minute(rule.from_minute) +
                               ", so the rule never plays (to is the end, after from)");
    else
        source.error(line, "to " + format_minute(rule.to_minute) + " is before from " +
                               format_minute(rule.from_minute) +
                               ": a rule cannot run past midnight (split it into one rule "
                               "from " +
                               format_minute(rule.from_minute) +
                               " to \"24:00\" and one from \"00:00\" to " +
                               format_minute(rule.to_minute) + ")");
    rule.to_minute = rule.from_minute; // matches nothing: the error stands for it
}

void read_rule_dates(const TomlSource& source, const toml::table& table, ScheduleRule& rule) {
    if (const toml::node* first = table.get("first_day"))
        if (auto date = read_date(source, *first, "first_day")) rule.first_day = *date;
    if (const toml::node* last = table.get("last_day"))
        if (auto date = read_date(source, *last, "last_day")) rule.last_day = *date;
    if (rule.last_day < rule.first_day)
        source.error(line_of(source, table, "last_day"),
                     "last_day " + format_date(rule.last_day) + " is before first_day " +
                         format_date(rule.first_day) + " (swap them)");
}

void read_rule(const TomlSource& source, const toml::table& table, Signage& signage,
               SignageLines& lines) {
    constexpr std::string_view where = "in [[schedule]]";
    check_keys(source, table,
               {"playlist", "priority", "days", "from", "to", "first_day", "last_day"}, where);
    ScheduleRule rule;
    rule.line = source.line(table);
    rule.playlist =
        read_id(source, table, "playlist", Need::Required, where, "playlist").value_or("");
    if (auto priority = get_integer(source, table, "priority", Need::Optional, where)) {
        if (*priority < 0 || *priority > kMaxRulePriority)
            source.error(line_of(source, table, "priority"),
                         "priority " + std::to_string(*priority) + " is out of range (use 0 to " +
                             std::to_string(kMaxRulePriority) + "; the higher wins)");
        else
            rule.priority = int(*priority);
    }
    read_rule_days(source, table, rule);
    read_rule_times(source, table, rule);
    read_rule_dates(source, table, rule);
    lines.rule_playlists.push_back(line_of(source, table, "playlist"));
    signage.rules.push_back(std::move(rule));
}

void read_rules(const TomlSource& source, const toml::table& table, Signage& signage,
                SignageLines& lines) {
    const toml::array* rules =
        get_array(source, table, "schedule", Need::Optional, "in " + std::string(kSignageFile));
    if (!rules) return;
    if (rules->size() > size_t(kMaxScheduleRules)) {
        source.error(*rules, std::to_string(rules->size()) + " [[schedule]] rules; the limit is " +
                                 std::to_string(kMaxScheduleRules) +
                                 " (merge rules: one rule takes several days and a date range)");
        return;
    }
    for (const toml::node& node : *rules) {
        if (const toml::table* entry = node.as_table())
            read_rule(source, *entry, signage, lines);
        else
            source.error(node, "each [[schedule]] must be a table, not " + type_name(node));
    }
}

bool is_web_url(std::string_view url) {
    const size_t scheme = url.starts_with("https://") ? 8 : url.starts_with("http://") ? 7 : 0;
    if (scheme == 0 || url.size() == scheme || url[scheme] == '/') return false;
    return std::none_of(url.begin(), url.end(),
                        [](char c) { return static_cast<unsigned char>(c) <= ' ' || c == 0x7f; });
}

void read_transit(const TomlSource& source, const toml::table& table, Signage& signage,
                  SignageLines& lines) {
    const toml::table* transit =
        get_table(source, table, "transit", Need::Optional, "in " + std::string(kSignageFile));
    if (!transit) return;
    constexpr std::string_view where = "in [transit]";
    check_keys(source, *transit, {"feed_url", "poll_seconds", "stale_minutes", "file"}, where);
    TransitSettings& settings = signage.transit;
    if (auto url = get_string(source, *transit, "feed_url", Need::Optional, where)) {
        if (url->size() <= 2048 && is_web_url(*url))
            settings.feed_url = *url;
        else
            source.error(line_of(source, *transit, "feed_url"),
                         "feed_url must be an https:// (or http://) address of at most 2048 "
                         "characters, with no spaces, like \"https://api.odpt.org/api/v4/"
                         "odpt:TrainInformation?...\"");
    }
    auto bounded = [&](std::string_view key, int low, int high, int& out, std::string_view hint) {
        auto value = get_integer(source, *transit, key, Need::Optional, where);
        if (!value) return;
        if (*value < low || *value > high)
            source.error(line_of(source, *transit, key),
                         std::string(key) + " = " + std::to_string(*value) +
                             " is out of range (use " + std::to_string(low) + " to " +
                             std::to_string(high) + "; " + std::string(hint) + ")");
        else
            out = int(*value);
    };
    bounded("poll_seconds", 15, 3600, settings.poll_seconds, "60 is typical");
    bounded("stale_minutes", 1, 1440, settings.stale_minutes, "15 is typical");
    if (auto file = get_string(source, *transit, "file", Need::Optional, where)) {
        settings.bundled_file = *file; // the loader checks that the bundle has it
        lines.transit_file = line_of(source, *transit, "file");
    }
}

// ---- playlists -------------------------------------------------------------------

struct SlideType {
    std::string_view name;
    SlideKind kind;
    std::array<std::string_view, 2> keys; // besides id, type, duration, languages; "" none

    bool takes(std::string_view key) const {
        return !key.empty() && (keys[0] == key || keys[1] == key);
    }
};

constexpr std::array<SlideType, 7> kSlideTypes = {{
    {"page", SlideKind::Page, {"page", "title"}},
    {"image", SlideKind::Image, {"image", "caption"}},
    {"message", SlideKind::Message, {"title", "body"}},
    {"transit", SlideKind::Transit, {}},
    {"clock", SlideKind::Clock, {}},
    {"touch", SlideKind::TouchToStart, {}},
    {"video", SlideKind::Video, {"video", "play"}},
}};
constexpr std::string_view kContentKeys[] = {"page", "image", "caption", "title",
                                             "body", "video", "play"};

const SlideType* slide_type(std::string_view name) {
    for (const SlideType& type : kSlideTypes)
        if (type.name == name) return &type;
    return nullptr;
}

// What one slide's parsing needs besides its table.
struct SlideContext {
    const TomlSource& source;
    const Bundle& bundle;
    const Signage& signage;
};

// The languages a slide rotates through: its own, else the signage's (else the bundle's,
// when signage.toml could not be read).
const std::vector<std::string>& rotation(const SlideContext& context, const Slide& slide) {
    if (!slide.languages.empty()) return slide.languages;
    if (!context.signage.languages.empty()) return context.signage.languages;
    return context.bundle.locales;
}

// A table of locale = "text" (title.ja = "..."); `limit` bytes each. Nothing when it is
// not a table at all (reported).
std::optional<LocalizedText> read_texts(const SlideContext& context, const toml::node& node,
                                        std::string_view key, const std::string& slide,
                                        size_t limit) {
    const TomlSource& source = context.source;
    LocalizedText text;
    const toml::table* table = node.as_table();
    if (!table) {
        source.error(node, quote(key) + " of slide " + quote(slide) +
                               " must give the text per language, like " + std::string(key) +
                               ".ja = \"...\" and " + std::string(key) + ".en = \"...\", not " +
                               type_name(node));
        return std::nullopt;
    }
    const std::vector<std::string>& locales = context.bundle.locales;
    for (const auto& [name, value] : *table) {
        const std::string locale(name.str());
        if (std::find(locales.begin(), locales.end(), locale) == locales.end()) {
            source.error(value, std::string(key) + "." + locale + ": " + quote(locale) +
                                    " is not a locale of the bundle" +
                                    did_you_mean(locale, locales) +
                                    " (add it to locales in bundle.toml, or remove it)");
            continue;
        }
        const auto* string = value.as_string();
        if (!string ||
            string->get().find_first_not_of(" \t\r\n\xE3\x80\x80") == std::string::npos) {
            source.error(value, std::string(key) + "." + locale + " of slide " + quote(slide) +
                                    " must be text in quotes, not empty");
            continue;
        }
        if (string->get().size() > limit) {
            source.error(value, std::string(key) + "." + locale + " of slide " + quote(slide) +
                                    " is " + std::to_string(string->get().size()) +
                                    " bytes; the limit is " + std::to_string(limit) +
                                    " (signage is read in passing: shorten it)");
            continue;
        }
        text.by_locale.emplace(locale, string->get());
    }
    return text;
}

// Every language the slide shows in must find its text along the fallback chain, as
// Bundle::pick will look for it: a fallback is a warning, nothing at all an error.
void check_text_languages(const SlideContext& context, const Slide& slide,
                          const LocalizedText& text, std::string_view key, int line) {
    for (const std::string& language : rotation(context, slide)) {
        if (text.has(language)) continue;
        std::string to;
        for (const std::string& tag : context.bundle.fallback_chain(language))
            if (tag != language && text.has(tag)) {
                to = tag;
                break;
            }
        if (!to.empty())
            context.source.warning(line, "slide " + quote(slide.id) + " has no " + language + " " +
                                             std::string(key) + "; it shows the " + to +
                                             " one (add " + std::string(key) + "." + language +
                                             ")");
        else
            context.source.error(line, "slide " + quote(slide.id) + " has no " + std::string(key) +
                                           " for " + language +
                                           " nor for any language it falls back to (add " +
                                           std::string(key) + "." + language + ")");
    }
}

void read_slide_languages(const SlideContext& context, const toml::table& table, Slide& slide) {
    const TomlSource& source = context.source;
    auto tags = get_string_array(source, table, "languages", Need::Optional, "in [[slide]]");
    if (!tags) return;
    const int line = line_of(source, table, "languages");
    const std::vector<std::string>& allowed =
        context.signage.languages.empty() ? context.bundle.locales : context.signage.languages;
    for (std::string& tag : *tags) {
        if (std::find(allowed.begin(), allowed.end(), tag) == allowed.end())
            source.error(line, "language " + quote(tag) + " of slide " + quote(slide.id) +
                                   " is not one of the signage languages" +
                                   did_you_mean(tag, allowed) + " (" + quoted_list(allowed) +
                                   "; add it to languages in signage/signage.toml)");
        else if (std::find(slide.languages.begin(), slide.languages.end(), tag) !=
                 slide.languages.end())
            source.error(line,
                         "language " + quote(tag) + " is listed twice in slide " + quote(slide.id));
        else
            slide.languages.push_back(std::move(tag));
    }
    if (tags->empty())
        source.error(line, "languages of slide " + quote(slide.id) +
                               " is empty, so it never shows (list languages, or remove the "
                               "key for the signage languages)");
}

void read_duration(const TomlSource& source, const toml::table& table, Slide& slide) {
    const toml::node* node = table.get("duration");
    const std::string rule = "use " + std::to_string(kMinSlideSeconds) + " to " +
                             std::to_string(kMaxSlideSeconds) + " seconds; 8 to 15 is typical";
    if (!node) {
        source.error(source.line(table), "slide " + quote(slide.id) +
                                             " has no duration (add duration = 10: the "
                                             "seconds it shows; " +
                                             rule + ")");
        return;
    }
    if (!node->is_integer()) {
        source.error(*node, "duration of slide " + quote(slide.id) +
                                " must be a whole number of seconds like 10, not " +
                                type_name(*node) +
                                (node->is_string() ? " " + quote(node->as_string()->get()) : "") +
                                " (" + rule + ")");
        return;
    }
    const int64_t seconds = node->as_integer()->get();
    if (seconds < kMinSlideSeconds)
        source.error(*node, "duration = " + std::to_string(seconds) + " is too short: slide " +
                                quote(slide.id) + " could not be read (" + rule + ")");
    else if (seconds > kMaxSlideSeconds)
        source.error(*node, "duration = " + std::to_string(seconds) + " is too long: slide " +
                                quote(slide.id) + " would look like a frozen screen (" + rule +
                                "; split long content into several slides)");
    else
        slide.duration_seconds = int(seconds);
}

// The keys of another type ("caption" on a message slide) are mistakes, not extras.
void check_type_keys(const TomlSource& source, const toml::table& table, const SlideType& type,
                     const Slide& slide) {
    for (std::string_view key : kContentKeys) {
        const toml::node* node = table.get(key);
        if (!node || type.takes(key)) continue;
        std::string owners;
        for (const SlideType& other : kSlideTypes)
            if (other.takes(key))
                owners += (owners.empty() ? "type = " : " or ") + quote(other.name);
        source.error(*node, quote(key) + " does not belong on " + std::string(type.name) +
                                " slide " + quote(slide.id) + " (it is for " + owners +
                                " slides; remove it)");
    }
}

void read_slide_content(const SlideContext& context, const toml::table& table,
                        const SlideType& type, Slide& slide) {
    const TomlSource& source = context.source;
    const std::string where = "in slide " + quote(slide.id);
    auto texts = [&](std::string_view key, bool required, size_t limit, LocalizedText& out) {
        const toml::node* node = table.get(key);
        if (!node) {
            if (required)
                source.error(source.line(table), "missing " + std::string(key) + " " + where +
                                                     " (add " + std::string(key) + "." +
                                                     context.bundle.default_locale +
                                                     " = \"...\" and one per language)");
            return;
        }
        auto text = read_texts(context, *node, key, slide.id, limit);
        if (!text) return;
        out = std::move(*text);
        if (!out.by_locale.empty() || required)
            check_text_languages(context, slide, out, key, source.line(*node));
    };
    switch (type.kind) {
    case SlideKind::Page:
        slide.page = read_id(source, table, "page", Need::Required, where, "page").value_or("");
        texts("title", false, kMaxShortTextBytes, slide.title);
        break;
    case SlideKind::Image:
        slide.image = get_string(source, table, "image", Need::Required, where).value_or("");
        if (table.get("image") && table.get("image")->is_string() && slide.image.empty())
            source.error(line_of(source, table, "image"),
                         "image of slide " + quote(slide.id) +
                             " is empty (write the picture's path, like images/floor-1.png)");
        texts("caption", true, kMaxShortTextBytes, slide.caption);
        break;
    case SlideKind::Message:
        texts("title", true, kMaxShortTextBytes, slide.title);
        texts("body", false, kMaxParagraphBytes, slide.body);
        break;
    case SlideKind::Video:
        slide.video = get_string(source, table, "video", Need::Required, where).value_or("");
        if (table.get("video") && table.get("video")->is_string() && slide.video.empty())
            source.error(line_of(source, table, "video"),
                         "video of slide " + quote(slide.id) +
                             " is empty (write the file's path, like videos/lobby.mp4)");
        if (auto play = get_string(source, table, "play", Need::Optional, where)) {
            if (*play == "loop" || *play == "once")
                slide.loop = *play == "loop";
            else
                source.error(line_of(source, table, "play"),
                             "play = " + quote(*play) + " in slide " + quote(slide.id) +
                                 " is neither \"loop\" nor \"once\" (loop repeats the video for "
                                 "the slide's duration; once plays it once and holds its last "
                                 "frame)");
        }
        break;
    default:
        break;
    }
}

std::optional<Slide> read_slide(const SlideContext& context, const toml::table& table,
                                const std::string& path) {
    const TomlSource& source = context.source;
    check_keys(source, table,
               {"id", "type", "duration", "languages", "page", "image", "caption", "title", "body",
                "video", "play"},
               "in [[slide]]");
    Slide slide;
    slide.file = path;
    slide.line = source.line(table);
    auto id = read_id(source, table, "id", Need::Required, "in [[slide]]", "slide id");
    if (!id) return std::nullopt;
    slide.id = *id;
    auto type_word = get_string(source, table, "type", Need::Required, "in slide " + quote(*id));
    if (!type_word) return std::nullopt;
    const SlideType* type = slide_type(*type_word);
    if (!type) {
        std::vector<std::string> names;
        for (const SlideType& t : kSlideTypes)
            names.emplace_back(t.name);
        source.error(line_of(source, table, "type"),
                     "unknown slide type " + quote(*type_word) + did_you_mean(*type_word, names) +
                         " (use one of " + quoted_list(names) + ")");
        return std::nullopt;
    }
    slide.kind = type->kind;
    read_duration(source, table, slide);
    read_slide_languages(context, table, slide);
    check_type_keys(source, table, *type, slide);
    read_slide_content(context, table, *type, slide);
    return slide;
}

} // namespace

std::string_view slide_type_name(SlideKind kind) {
    for (const SlideType& type : kSlideTypes)
        if (type.kind == kind) return type.name;
    return "message";
}

bool parse_signage(std::string_view text, const std::string& file, const Bundle& bundle,
                   Signage& signage, SignageLines& lines, LoadReport& report) {
    const TomlSource source{file, 1, &report};
    auto table = parse_toml(text, source);
    if (!table) return false;
    const std::string where = "in " + std::string(kSignageFile);
    check_keys(
        source, *table,
        {"languages", "default_playlist", "closed_playlist", "closed_days", "schedule", "transit"},
        where);
    read_languages(source, *table, bundle, signage);
    if (auto id = read_id(source, *table, "default_playlist", Need::Optional, where, "playlist")) {
        signage.default_playlist = *id;
        lines.default_playlist = line_of(source, *table, "default_playlist");
    }
    if (auto id = read_id(source, *table, "closed_playlist", Need::Optional, where, "playlist")) {
        signage.closed_playlist = *id;
        lines.closed_playlist = line_of(source, *table, "closed_playlist");
    }
    read_closed_days(source, *table, signage);
    read_rules(source, *table, signage, lines);
    read_transit(source, *table, signage, lines);
    return true;
}

std::optional<Playlist> parse_playlist(std::string_view text, const std::string& file,
                                       const std::string& id, const std::string& path,
                                       const Bundle& bundle, const Signage& signage,
                                       LoadReport& report) {
    const TomlSource source{file, 1, &report};
    auto table = parse_toml(text, source);
    if (!table) return std::nullopt;
    check_keys(source, *table, {"slide"}, "in a playlist (each slide is a [[slide]] table)");
    Playlist playlist;
    playlist.id = id;
    const toml::node* node = table->get("slide");
    const toml::array* slides = node ? node->as_array() : nullptr;
    if (node && !slides) {
        source.error(*node, "slide must be [[slide]] tables, not " + type_name(*node));
        return playlist;
    }
    if (!slides || slides->empty()) {
        source.error(node ? source.line(*node) : 1,
                     "playlist " + quote(id) +
                         " has no slides, so it would show nothing (add [[slide]] tables "
                         "with id, type and duration)");
        return playlist;
    }
    if (slides->size() > size_t(kMaxSlidesPerPlaylist)) {
        source.error(*slides, "playlist " + quote(id) + " has " + std::to_string(slides->size()) +
                                  " slides; the limit is " + std::to_string(kMaxSlidesPerPlaylist) +
                                  " (split it into several playlists)");
        return playlist;
    }
    const SlideContext context{source, bundle, signage};
    std::set<std::string, std::less<>> seen;
    for (const toml::node& entry : *slides) {
        const toml::table* slide_table = entry.as_table();
        if (!slide_table) {
            source.error(entry, "each [[slide]] must be a table, not " + type_name(entry));
            continue;
        }
        auto slide = read_slide(context, *slide_table, path);
        if (!slide) continue;
        if (!seen.insert(slide->id).second) {
            source.error(slide->line, "slide id " + quote(slide->id) + " is used twice in " +
                                          "playlist " + quote(id) +
                                          " (give each slide its own id)");
            continue;
        }
        playlist.slides.push_back(std::move(*slide));
    }
    return playlist;
}

} // namespace kiosk::content
