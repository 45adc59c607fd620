#pragma once

#include <map>
#include <string>
#include <string_view>

namespace kiosk::content {

// One string in several locales.
struct LocalizedText {
    std::map<std::string, std::string, std::less<>> by_locale;

    bool has(std::string_view locale) const { return by_locale.count(locale) > 0; }
};

} // namespace kiosk::content
