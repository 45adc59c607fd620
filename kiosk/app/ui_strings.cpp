#include "kiosk/app/ui_strings.h"

#include "player/core/paths.h"

#include <nlohmann/json.hpp>
#include <unicode/listformatter.h>
#include <unicode/msgfmt.h>
#include <unicode/unistr.h>

#include <fstream>
#include <memory>
#include <sstream>
#include <vector>

namespace kiosk::app {

Result<UiStrings> UiStrings::load(const std::filesystem::path& dir) {
    UiStrings strings;
    std::error_code ec;
    if (!std::filesystem::is_directory(dir, ec))
        return make_error(dir.string(), 0, "no UI strings folder (expected locales/<locale>.json)");
    for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
        if (entry.path().extension() != ".json") continue;
        std::ifstream in(entry.path());
        std::stringstream buffer;
        buffer << in.rdbuf();
        nlohmann::json doc = nlohmann::json::parse(buffer.str(), nullptr, false);
        if (doc.is_discarded() || !doc.is_object())
            return make_error(entry.path().string(), 0, "not a JSON object of message patterns");
        auto& table = strings.m_tables[entry.path().stem().string()];
        for (auto& [key, value] : doc.items())
            if (value.is_string()) table[key] = value.get<std::string>();
    }
    return strings;
}

Result<UiStrings> UiStrings::load_default() {
    return load(data_root() / "locales");
}

const std::string* UiStrings::find(std::string_view locale, std::string_view key) const {
    std::string tag(locale);
    while (true) {
        if (auto t = m_tables.find(tag); t != m_tables.end())
            if (auto it = t->second.find(key); it != t->second.end()) return &it->second;
        auto dash = tag.rfind('-');
        if (dash == std::string::npos) break;
        tag.resize(dash);
    }
    if (locale != "en") return find("en", key);
    return nullptr;
}

std::string UiStrings::format(std::string_view locale, std::string_view key,
                              std::initializer_list<MessageArg> args) const {
    const std::string* pattern = find(locale, key);
    if (!pattern) return std::string(key);
    if (args.size() == 0 && pattern->find('{') == std::string::npos) return *pattern;

    std::string tag(locale.substr(0, locale.find("-x-")));
    UErrorCode status = U_ZERO_ERROR;
    icu::Locale icu_locale = icu::Locale::forLanguageTag(tag, status);
    // Numbers in Western digits in every language: counters, floors and hours are written
    // so on the building's signs, and one screen never mixes two digit sets.
    status = U_ZERO_ERROR;
    icu_locale.setKeywordValue("numbers", "latn", status);
    status = U_ZERO_ERROR;
    icu::MessageFormat format(icu::UnicodeString::fromUTF8(*pattern), icu_locale, status);
    if (U_FAILURE(status)) return *pattern;

    std::vector<icu::UnicodeString> names;
    std::vector<icu::Formattable> values;
    for (const MessageArg& a : args) {
        names.push_back(icu::UnicodeString::fromUTF8(a.name));
        if (auto* n = std::get_if<int64_t>(&a.value))
            values.emplace_back(*n);
        else
            values.emplace_back(icu::UnicodeString::fromUTF8(std::get<std::string>(a.value)));
    }
    icu::UnicodeString result;
    format.format(names.data(), values.data(), int32_t(values.size()), result, status);
    if (U_FAILURE(status)) return *pattern;
    std::string out;
    result.toUTF8String(out);
    return out;
}

std::string UiStrings::format_list(std::string_view locale, const std::vector<std::string>& items) {
    std::string tag(locale.substr(0, locale.find("-x-")));
    UErrorCode status = U_ZERO_ERROR;
    icu::Locale icu_locale = icu::Locale::forLanguageTag(tag, status);
    status = U_ZERO_ERROR;
    std::unique_ptr<icu::ListFormatter> formatter(
        icu::ListFormatter::createInstance(icu_locale, status));
    std::vector<icu::UnicodeString> strings;
    for (const auto& item : items)
        strings.push_back(icu::UnicodeString::fromUTF8(item));
    icu::UnicodeString joined;
    if (formatter && U_SUCCESS(status))
        formatter->format(strings.data(), int32_t(strings.size()), joined, status);
    std::string out;
    if (!formatter || U_FAILURE(status)) {
        for (size_t i = 0; i < items.size(); ++i)
            out += (i ? ", " : "") + items[i];
        return out;
    }
    joined.toUTF8String(out);
    return out;
}

} // namespace kiosk::app
