// parse_transit_names(): signage/transit-names.toml, the display names of ODPT ids.
//
// Staff write this file, but it travels in the bundle like any other, so it is read with
// the same guard as the content's TOML: size, UTF-8, then core's to_ascii_toml (toml++ 3.3
// must not see non-ASCII outside strings, deep nesting or long dotted keys), then toml++.

#include "player/transit/transit_board.h"

#include "player/core/toml_guard.h"
#include "player/core/utf8.h"
#include "player/transit/transit_rules.h"

#include <toml++/toml.h>

#include <algorithm>
#include <new>

namespace kiosk::transit {

namespace {

using rules::in_quotes;

constexpr std::string_view kOperators = "operators";
constexpr std::string_view kRailways = "railways";

int line_of(const toml::node& node) {
    return static_cast<int>(node.source().begin.line);
}

int line_of_key(const toml::key& key, const toml::node& value) {
    return key.source().begin.line ? static_cast<int>(key.source().begin.line) : line_of(value);
}

std::string type_name(const toml::node& node) {
    switch (node.type()) {
    case toml::node_type::table:
        return "a table";
    case toml::node_type::array:
        return "a list";
    case toml::node_type::string:
        return "a string";
    case toml::node_type::integer:
        return "an integer";
    case toml::node_type::floating_point:
        return "a number";
    case toml::node_type::boolean:
        return "true or false";
    default:
        return "a date or time";
    }
}

struct Named {
    int line = 0;
    std::string id;
    Texts texts;
};

// One section ([operators] or [railways]): id -> { language = "name" }, in file order.
Result<std::vector<std::pair<std::string, Texts>>>
read_section(const toml::table& section, std::string_view name, const std::string& file) {
    std::vector<Named> named;
    for (const auto& [key, value] : section) {
        const int line = line_of_key(key, value);
        const std::string id(key.str());
        if (!rules::is_odpt_id(id))
            return make_error(file, line,
                              "[" + std::string(name) + "]: " + in_quotes(id) +
                                  " is not an ODPT id like \"odpt.Railway:TokyoMetro.Ginza\"");
        const toml::table* texts = value.as_table();
        if (!texts)
            return make_error(file, line,
                              in_quotes(id) + " is " + type_name(value) +
                                  ", not a table of names by language (ja = \"...\")");
        Named entry{line, id, {}};
        for (const auto& [tag, text] : *texts) {
            const int text_line = line_of_key(tag, text);
            const std::string where = in_quotes(id) + ": ";
            if (!rules::is_language_tag(tag.str()))
                return make_error(file, text_line,
                                  where + in_quotes(tag.str()) +
                                      " is not a language tag like \"ja\", \"en\" or \"zh-Hans\"");
            const auto* string = text.as_string();
            if (!string)
                return make_error(file, text_line,
                                  where + std::string(tag.str()) + " is " + type_name(text) +
                                      ", not a string");
            const std::string& words = string->get();
            if (words.empty())
                return make_error(file, text_line, where + std::string(tag.str()) + " is empty");
            if (words.size() > kMaxTextBytes)
                return make_error(file, text_line,
                                  where + std::string(tag.str()) + " is longer than " +
                                      std::to_string(kMaxTextBytes) + " bytes");
            if (rules::has_control_character(words))
                return make_error(file, text_line,
                                  where + std::string(tag.str()) + " contains a control character");
            entry.texts.emplace(std::string(tag.str()), words);
        }
        if (entry.texts.empty())
            return make_error(file, line, in_quotes(id) + " has no name in any language");
        named.push_back(std::move(entry));
    }
    if (named.size() > kMaxLines)
        return make_error(file, line_of(section),
                          "[" + std::string(name) + "] names " + std::to_string(named.size()) +
                              " ids, more than the limit of " + std::to_string(kMaxLines));
    // toml++ keeps keys sorted; the file's order is the board's.
    std::stable_sort(named.begin(), named.end(),
                     [](const Named& a, const Named& b) { return a.line < b.line; });
    std::vector<std::pair<std::string, Texts>> ordered;
    for (Named& entry : named)
        ordered.emplace_back(std::move(entry.id), std::move(entry.texts));
    return ordered;
}

Result<TransitNames> read_names(const toml::table& root, const std::string& file) {
    TransitNames names;
    for (const auto& [key, value] : root) {
        const int line = line_of_key(key, value);
        const bool operators = key.str() == kOperators;
        if (!operators && key.str() != kRailways)
            return make_error(file, line,
                              "unknown key " + in_quotes(key.str()) +
                                  " (allowed: \"operators\", \"railways\")");
        const toml::table* section = value.as_table();
        if (!section)
            return make_error(file, line,
                              std::string(key.str()) + " is " + type_name(value) +
                                  ", not a table of ids");
        auto read = read_section(*section, key.str(), file);
        if (!read) return read.error();
        (operators ? names.operators : names.railways) = std::move(*read);
    }
    return names;
}

int line_of_offset(std::string_view text, size_t offset) {
    return 1 + static_cast<int>(std::count(text.begin(), text.begin() + offset, '\n'));
}

} // namespace

Result<TransitNames> parse_transit_names(std::string_view text, std::string_view display_name) {
    const std::string file(display_name);
    if (text.size() > kMaxNamesBytes)
        return make_error(file, 0,
                          "is " + std::to_string(text.size()) + " bytes, more than the limit of " +
                              std::to_string(kMaxNamesBytes) + " for the transit names");
    if (size_t bad = find_invalid_utf8(text); bad != std::string_view::npos)
        return make_error(file, line_of_offset(text, bad),
                          "invalid UTF-8; save the file as UTF-8 in your editor");
    // Some Windows editors start UTF-8 files with a byte order mark; it is not content.
    if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
    const AsciiToml ascii = to_ascii_toml(text);
    if (ascii.bad != std::string_view::npos)
        return make_error(file, line_of_offset(text, ascii.bad),
                          ascii.why.empty() ? "TOML syntax error: " +
                                                  unsafe_toml_character_message(text, ascii.bad)
                                            : "refused: " + ascii.why);
    try {
        const toml::table root = toml::parse(ascii.text, file);
        return read_names(root, file);
    } catch (const std::bad_alloc&) {
        return make_error(file, 0, "too large to read into memory");
    } catch (const toml::parse_error& error) {
        return make_error(file, static_cast<int>(error.source().begin.line),
                          "TOML syntax error: " + std::string(error.description()));
    }
}

} // namespace kiosk::transit
