#pragma once
// A page file is TOML front matter between two +++ lines, then a Markdown body. This splits
// the two and reads the front matter; the body goes to parse_markdown().

#include "player/content/toml_fields.h"

#include <optional>
#include <string>
#include <string_view>

namespace kiosk::content {

struct PageFile {
    std::string_view front_matter; // the TOML between the +++ lines
    int front_matter_line = 2;     // its first line in the file
    std::string_view body;         // everything after the closing +++ line
    int body_line = 1;             // the body's first line in the file
};

// Splits `text` (a whole page file), or reports why it cannot (no opening or closing +++).
std::optional<PageFile> split_page_file(std::string_view text, const std::string& file,
                                        LoadReport& report);

// What the front matter says. Absent optional keys stay empty; lines are for messages.
struct FrontMatter {
    std::optional<std::string> category;
    std::optional<std::string> icon;
    std::optional<int> order;
    std::optional<std::string> sign_language; // a clip of the bundle, "videos/..."
    std::string title;                        // empty when missing (already reported)
    int category_line = 0;
    int icon_line = 0;
    int order_line = 0;
    int sign_language_line = 0;
};

// Parses and checks the front matter (unknown keys, types, title, icon names). Nothing when
// its TOML does not parse.
std::optional<FrontMatter> parse_front_matter(const PageFile& page, const std::string& file,
                                              LoadReport& report);

} // namespace kiosk::content
