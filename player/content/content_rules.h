#pragma once

#include "player/core/utf8.h"
// The small rules every content file shares: what an id and a locale tag look like, strict
// UTF-8, "did you mean" suggestions, and byte offset -> line lookups. Kept apart from the
// parsers so each rule is written once and every message words it the same way.

#include <cstddef>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

namespace kiosk::content {

// Page, procedure, question, answer, item, category and bundle ids: 1 to 64 of a-z, 0-9
// and '-' (they name folders and screen IDs). The same rule as bundle::is_valid_bundle_id.
bool is_valid_id(std::string_view id);
// What a message says after "id \"x\"" when is_valid_id() fails.
inline constexpr std::string_view kIdRule =
    "may only use a-z, 0-9 and - (at most 64 characters; rename it)";

// The icon names of docs/CONTENT.md, and whether `name` is one of them.
extern const std::initializer_list<std::string_view> kIconNames;
bool is_known_icon(std::string_view name);

// BCP 47 as bundles use it: a 2-3 letter lowercase language, then '-'-separated subtags of
// 1-8 letters or digits ("ja", "ja-x-easy", "zh-Hans").
bool is_locale_tag(std::string_view tag);

// " (did you mean \"x\"?)" when one candidate is close to `word`, else "".
std::string did_you_mean(std::string_view word, std::initializer_list<std::string_view> candidates);
std::string did_you_mean(std::string_view word, const std::vector<std::string>& candidates);

// "\"a\", \"b\", \"c\"": for listing the allowed choices in a message.
std::string quoted_list(const std::vector<std::string>& words);
std::string quoted_list(std::initializer_list<std::string_view> words);

inline std::string quote(std::string_view word) {
    return "\"" + std::string(word) + "\"";
}

// Maps byte offsets of one text to 1-based line numbers in O(log lines).
class LineIndex {
  public:
    explicit LineIndex(std::string_view text);
    int line_of(size_t offset) const;
    int column_of(size_t offset) const; // 1-based, in bytes

  private:
    std::vector<size_t> m_starts; // offset of the first byte of each line
};

} // namespace kiosk::content
