#include "player/alerts/alert_language.h"

#include <algorithm>
#include <cctype>

namespace kiosk::alerts {

namespace {

std::string lower(std::string_view text) {
    std::string out(text);
    for (char& c : out)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

std::string primary(const std::string& tag) {
    return tag.substr(0, tag.find('-'));
}

bool has_subtag(const std::string& tag, std::string_view subtag) {
    size_t start = 0;
    while (start <= tag.size()) {
        size_t end = tag.find('-', start);
        if (end == std::string::npos) end = tag.size();
        if (std::string_view(tag).substr(start, end - start) == subtag) return true;
        start = end + 1;
    }
    return false;
}

// "hans", "hant" or "" for a Chinese tag.
std::string chinese_script(const std::string& tag) {
    if (has_subtag(tag, "hans") || has_subtag(tag, "cn") || has_subtag(tag, "sg")) return "hans";
    if (has_subtag(tag, "hant") || has_subtag(tag, "tw") || has_subtag(tag, "hk") ||
        has_subtag(tag, "mo"))
        return "hant";
    return "";
}

} // namespace

bool serves_locale(std::string_view cap_language, std::string_view locale) {
    const std::string cap = lower(cap_language), ours = lower(locale);
    if (cap.empty() || ours.empty() || primary(cap) != primary(ours)) return false;
    if (primary(ours) == "zh") {
        const std::string script = chinese_script(cap);
        return script.empty() || script == chinese_script(ours);
    }
    return true;
}

std::string locale_for(std::string_view cap_language, const std::vector<std::string>& locales) {
    // An exact script or region match first (zh-Hant before a bare zh), then any.
    for (const std::string& locale : locales)
        if (lower(locale) == lower(cap_language)) return locale;
    for (const std::string& locale : locales)
        if (serves_locale(cap_language, locale) && locale.find("-x-") == std::string::npos)
            return locale;
    for (const std::string& locale : locales)
        if (serves_locale(cap_language, locale)) return locale;
    return "";
}

size_t pick_info(const CapAlert& alert, std::string_view locale,
                 const std::vector<std::string>& fallbacks) {
    auto find = [&](std::string_view wanted) -> size_t {
        for (size_t i = 0; i < alert.infos.size(); ++i)
            if (serves_locale(alert.infos[i].language, wanted)) return i;
        return alert.infos.size();
    };
    if (size_t i = find(locale); i < alert.infos.size()) return i;
    for (const std::string& fallback : fallbacks)
        if (size_t i = find(fallback); i < alert.infos.size()) return i;
    return 0;
}

} // namespace kiosk::alerts
