#pragma once
// The one rule for file names inside a bundle: relative, '/'-separated, no "." or ".."
// segments, no empty segments, no backslashes, no control characters, valid UTF-8.
// Anything else could escape the bundle folder (or the blob store) when joined to a root,
// or mean different files on different systems, so every module rejects it the same way.

#include <string>
#include <string_view>

namespace kiosk::bundle {

// Empty when `path` is safe; otherwise why it is not ("contains \"..\"", ...).
std::string relative_path_problem(std::string_view path);

inline bool is_safe_relative_path(std::string_view path) {
    return relative_path_problem(path).empty();
}

} // namespace kiosk::bundle
