#include "player/bundle/relative_path.h"

namespace kiosk::bundle {

namespace {

// Strict UTF-8 (no overlongs, no surrogates, nothing above U+10FFFF): a manifest is JSON,
// and JSON text must be valid UTF-8.
bool is_valid_utf8(std::string_view text) {
    size_t i = 0;
    while (i < text.size()) {
        auto byte = static_cast<unsigned char>(text[i]);
        if (byte < 0x80) {
            ++i;
            continue;
        }
        int length = 0;
        char32_t code_point = 0;
        if ((byte & 0xE0) == 0xC0) {
            length = 2;
            code_point = byte & 0x1F;
        } else if ((byte & 0xF0) == 0xE0) {
            length = 3;
            code_point = byte & 0x0F;
        } else if ((byte & 0xF8) == 0xF0) {
            length = 4;
            code_point = byte & 0x07;
        } else {
            return false;
        }
        if (i + length > text.size()) return false;
        for (int k = 1; k < length; ++k) {
            auto next = static_cast<unsigned char>(text[i + k]);
            if ((next & 0xC0) != 0x80) return false;
            code_point = (code_point << 6) | (next & 0x3F);
        }
        static constexpr char32_t smallest[] = {0, 0, 0x80, 0x800, 0x10000};
        if (code_point < smallest[length] || code_point > 0x10FFFF) return false;
        if (code_point >= 0xD800 && code_point <= 0xDFFF) return false;
        i += length;
    }
    return true;
}

} // namespace

std::string relative_path_problem(std::string_view path) {
    if (path.empty()) return "empty path";
    if (path.front() == '/') return "absolute path";
    for (char c : path) {
        if (c == '\\') return "backslash in path (use '/')";
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) return "control character in path";
    }
    if (!is_valid_utf8(path)) return "path is not valid UTF-8";
    size_t start = 0;
    while (start <= path.size()) {
        size_t end = path.find('/', start);
        if (end == std::string_view::npos) end = path.size();
        std::string_view segment = path.substr(start, end - start);
        if (segment.empty()) return "empty path segment";
        if (segment == "..") return "\"..\" in path";
        if (segment == ".") return "\".\" in path";
        start = end + 1;
    }
    return {};
}

} // namespace kiosk::bundle
