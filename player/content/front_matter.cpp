#include "player/content/front_matter.h"

#include "player/content/content_limits.h"
#include "player/content/content_rules.h"

#include <limits>

namespace kiosk::content {

namespace {

constexpr std::string_view kFence = "+++";
constexpr std::string_view kShape =
    " (a page starts with a +++ line, then category, order and title, then another +++ line)";

// One line without its "\n" and any "\r" or trailing blanks editors leave behind.
std::string_view trimmed_line(std::string_view text, size_t start, size_t* next) {
    size_t end = text.find('\n', start);
    *next = end == std::string_view::npos ? text.size() : end + 1;
    std::string_view line =
        text.substr(start, (end == std::string_view::npos ? text.size() : end) - start);
    while (!line.empty() && (line.back() == '\r' || line.back() == ' ' || line.back() == '\t'))
        line.remove_suffix(1);
    return line;
}

} // namespace

std::optional<PageFile> split_page_file(std::string_view text, const std::string& file,
                                        LoadReport& report) {
    // Some Windows editors start UTF-8 files with a byte order mark; it is not content.
    if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
    size_t next = 0;
    if (trimmed_line(text, 0, &next) != kFence) {
        report.error(file, 1, "the first line must be +++" + std::string(kShape));
        return std::nullopt;
    }
    PageFile page;
    const size_t front_start = next;
    int line = 2;
    for (size_t start = next; start < text.size(); start = next, ++line) {
        if (trimmed_line(text, start, &next) != kFence) continue;
        page.front_matter = text.substr(front_start, start - front_start);
        page.front_matter_line = 2;
        page.body = text.substr(next);
        page.body_line = line + 1;
        return page;
    }
    report.error(file, 1,
                 "front matter opened by this +++ line is never closed (add a +++ line after "
                 "the title, before the text of the page)");
    return std::nullopt;
}

std::optional<FrontMatter> parse_front_matter(const PageFile& page, const std::string& file,
                                              LoadReport& report) {
    const TomlSource source{file, page.front_matter_line, &report};
    auto table = parse_toml(page.front_matter, source);
    if (!table) return std::nullopt;
    constexpr std::string_view where = "in front matter";
    check_keys(source, *table, {"category", "icon", "order", "title", "sign_language"}, where);

    FrontMatter front;
    front.category = get_string(source, *table, "category", Need::Optional, where);
    front.category_line = line_of(source, *table, "category");
    front.icon = get_icon(source, *table, Need::Optional, where);
    front.icon_line = line_of(source, *table, "icon");
    front.order_line = line_of(source, *table, "order");
    front.sign_language = get_string(source, *table, "sign_language", Need::Optional, where);
    front.sign_language_line = line_of(source, *table, "sign_language");
    if (auto order = get_integer(source, *table, "order", Need::Optional, where)) {
        if (*order < std::numeric_limits<int>::min() || *order > std::numeric_limits<int>::max())
            source.error(front.order_line, "order " + std::to_string(*order) +
                                               " is out of range (use a small number like 10)");
        else
            front.order = static_cast<int>(*order);
    }
    if (auto title = get_string(source, *table, "title", Need::Required, where)) {
        if (title->find_first_not_of(" \t\r\n") == std::string::npos)
            source.error(line_of(source, *table, "title"),
                         "the title is empty (write the page's title between the quotes)");
        else if (title->size() > kMaxShortTextBytes)
            source.error(line_of(source, *table, "title"),
                         "the title is " + std::to_string(title->size()) + " bytes; the limit is " +
                             std::to_string(kMaxShortTextBytes) +
                             " (a title is one line; put the rest in the page)");
        front.title = std::move(*title);
    }
    return front;
}

} // namespace kiosk::content
