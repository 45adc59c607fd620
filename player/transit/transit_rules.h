#pragma once
// What the feed and the names file must both keep to: language tags, ids, text.
// Internal to player/transit.

#include "player/transit/transit_board.h"

#include <algorithm>
#include <cctype>
#include <string>
#include <string_view>

namespace kiosk::transit::rules {

// A well-formed BCP 47 tag as far as a display needs: letters, digits and hyphens, a
// letter first, at most 35 characters ("ja", "en", "zh-Hans", "ko", "pt-BR").
inline bool is_language_tag(std::string_view tag) {
    if (tag.empty() || tag.size() > 35 || !std::isalpha(static_cast<unsigned char>(tag[0])))
        return false;
    return std::all_of(tag.begin(), tag.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) || c == '-';
    });
}

// Control characters other than tab and line breaks would draw as boxes or move the
// cursor of a log; neither a feed nor a names file has any business sending them.
inline bool has_control_character(std::string_view text) {
    return std::any_of(text.begin(), text.end(), [](char c) {
        const auto byte = static_cast<unsigned char>(c);
        return (byte < 0x20 && c != '\t' && c != '\n' && c != '\r') || byte == 0x7F;
    });
}

// An ODPT id ("odpt.Railway:TokyoMetro.Ginza"): printable ASCII without spaces, so it can be
// quoted in a message and a log as it is.
inline bool is_odpt_id(std::string_view id) {
    return !id.empty() && id.size() <= kMaxIdBytes &&
           std::all_of(id.begin(), id.end(), [](char c) { return c > 0x20 && c < 0x7F; });
}

inline std::string in_quotes(std::string_view text) {
    return "\"" + std::string(text) + "\"";
}

} // namespace kiosk::transit::rules
