#include "player/bundle/relative_path.h"

#include "player/core/utf8.h"

namespace kiosk::bundle {

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
