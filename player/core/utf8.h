#pragma once
// UTF-8 validity, strictly as Unicode defines it (no overlongs, no surrogates, nothing
// above U+10FFFF), by ICU's own decoder. Staff files and manifests both go through it.

#include <cstddef>
#include <string_view>

namespace kiosk {

// Byte offset of the first ill-formed sequence, or std::string_view::npos.
size_t find_invalid_utf8(std::string_view text);

inline bool is_valid_utf8(std::string_view text) {
    return find_invalid_utf8(text) == std::string_view::npos;
}

} // namespace kiosk
