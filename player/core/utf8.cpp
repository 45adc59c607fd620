#include "player/core/utf8.h"

#include <unicode/utf8.h>

#include <cstdint>

namespace kiosk {

size_t find_invalid_utf8(std::string_view text) {
    const auto* bytes = reinterpret_cast<const uint8_t*>(text.data());
    const auto length = int32_t(text.size());
    for (int32_t i = 0; i < length;) {
        const int32_t start = i;
        UChar32 c;
        U8_NEXT(bytes, i, length, c);
        if (c < 0) return size_t(start);
    }
    return std::string_view::npos;
}

} // namespace kiosk
