#pragma once
// UiStrings: the kiosk's own words (locales/<locale>.json), ICU MessageFormat patterns so
// that plurals, numbers and dates follow each language.

#include "player/core/result.h"

#include <filesystem>
#include <initializer_list>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace kiosk::app {

struct MessageArg {
    const char* name;
    std::variant<int64_t, std::string> value;
};

class UiStrings {
  public:
    // Loads every locales/*.json; a malformed file is an error naming it.
    static Result<UiStrings> load(const std::filesystem::path& dir);
    static Result<UiStrings> load_default();

    // The pattern for `key` in `locale` (falling back to its language, then English),
    // formatted with `args`. An unknown key comes back as the key, so it shows up in review.
    std::string format(std::string_view locale, std::string_view key,
                       std::initializer_list<MessageArg> args = {}) const;

    // `items` joined the way `locale` writes a list ("A, B and C", "A、B、C", "A وB"), by
    // ICU's ListFormatter.
    static std::string format_list(std::string_view locale, const std::vector<std::string>& items);

    bool has_locale(std::string_view locale) const { return m_tables.count(locale) > 0; }

  private:
    const std::string* find(std::string_view locale, std::string_view key) const;
    std::map<std::string, std::map<std::string, std::string, std::less<>>, std::less<>> m_tables;
};

} // namespace kiosk::app
