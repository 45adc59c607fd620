#include "player/content/toml_fields.h"

#include "player/content/content_limits.h"
#include "player/content/content_rules.h"
#include "player/core/toml_guard.h"

#include <cstdio>
#include <vector>

namespace kiosk::content {

int TomlSource::line(const toml::node& node) const {
    const auto line = node.source().begin.line;
    // Nodes built by the parser always know their line; 0 would mean "unknown".
    return line == 0 ? first_line : first_line - 1 + static_cast<int>(line);
}

namespace {

// Why toml++ may only see what core's guard made of the text: player/core/toml_guard.h.
// Content adds the rule its keys follow to the generic message.
std::string unsafe_character_message(std::string_view text, size_t offset) {
    std::string message = unsafe_toml_character_message(text, offset);
    if (message.rfind("unexpected ", 0) == 0) message += "; keys use only a-z, 0-9 and -";
    return message;
}

} // namespace

std::optional<toml::table> parse_toml(std::string_view text, const TomlSource& source) {
    // The loader checks whole files first, with the byte offset; this guards other callers.
    if (size_t bad = find_invalid_utf8(text); bad != std::string_view::npos) {
        LineIndex lines(text);
        source.error(source.first_line - 1 + lines.line_of(bad),
                     "invalid UTF-8 at column " + std::to_string(lines.column_of(bad)) +
                         "; save the file as UTF-8 in your editor");
        return std::nullopt;
    }
    // Some Windows editors start UTF-8 files with a byte order mark; it is not content.
    if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
    AsciiToml ascii = to_ascii_toml(text, {kMaxTomlNesting, kMaxTomlKeyParts});
    if (ascii.bad != std::string_view::npos) {
        LineIndex lines(text);
        source.error(source.first_line - 1 + lines.line_of(ascii.bad),
                     ascii.why.empty()
                         ? "TOML syntax error: " + unsafe_character_message(text, ascii.bad)
                         : "refused: " + ascii.why);
        return std::nullopt;
    }
    try {
        return toml::parse(ascii.text, source.file);
    } catch (const std::bad_alloc&) {
        source.error(source.first_line, "refused: too large to read into memory");
        return std::nullopt;
    } catch (const toml::parse_error& error) {
        const auto& begin = error.source().begin;
        int line = begin.line == 0 ? source.first_line
                                   : source.first_line - 1 + static_cast<int>(begin.line);
        source.error(line, "TOML syntax error: " + std::string(error.description()) +
                               " (check quotes, brackets, commas and that each key is written "
                               "once)");
        return std::nullopt;
    }
}

void check_keys(const TomlSource& source, const toml::table& table,
                std::initializer_list<std::string_view> allowed, std::string_view where) {
    for (const auto& [key, value] : table) {
        bool known = false;
        for (std::string_view name : allowed)
            known = known || name == key.str();
        if (known) continue;
        std::string hint = did_you_mean(key.str(), allowed);
        if (hint.empty()) hint = " (allowed: " + quoted_list(allowed) + ")";
        int line = key.source().begin.line
                       ? source.first_line - 1 + static_cast<int>(key.source().begin.line)
                       : source.line(value);
        source.error(line, "unknown key " + quote(key.str()) + " " + std::string(where) + hint);
    }
}

std::string type_name(const toml::node& node) {
    switch (node.type()) {
    case toml::node_type::string:
        return "a string";
    case toml::node_type::integer:
        return "an integer";
    case toml::node_type::floating_point:
        return "a number";
    case toml::node_type::boolean:
        return "true/false";
    case toml::node_type::table:
        return "a table";
    case toml::node_type::array:
        return "a list";
    case toml::node_type::date:
    case toml::node_type::time:
    case toml::node_type::date_time:
        return "a date or time";
    default:
        return "nothing";
    }
}

namespace {

// The value at `key`, reporting "missing" when required.
const toml::node* find(const TomlSource& source, const toml::table& table, std::string_view key,
                       Need need, std::string_view where, std::string_view example) {
    const toml::node* node = table.get(key);
    if (!node && need == Need::Required)
        source.error(source.line(table),
                     "missing " + quote(key) + " " + std::string(where) +
                         (example.empty()
                              ? " (add a [" + std::string(key) + "] section)"
                              : " (add " + std::string(key) + " = " + std::string(example) + ")"));
    return node;
}

void wrong_type(const TomlSource& source, const toml::node& node, std::string_view key,
                std::string_view expected) {
    source.error(node,
                 quote(key) + " must be " + std::string(expected) + ", not " + type_name(node));
}

} // namespace

std::optional<std::string> get_string(const TomlSource& source, const toml::table& table,
                                      std::string_view key, Need need, std::string_view where) {
    const toml::node* node = find(source, table, key, need, where, "\"...\"");
    if (!node) return std::nullopt;
    if (auto value = node->value<std::string>(); value && node->is_string()) return *value;
    wrong_type(source, *node, key, "a string in quotes");
    return std::nullopt;
}

std::optional<int64_t> get_integer(const TomlSource& source, const toml::table& table,
                                   std::string_view key, Need need, std::string_view where) {
    const toml::node* node = find(source, table, key, need, where, "1");
    if (!node) return std::nullopt;
    if (node->is_integer()) return node->as_integer()->get();
    wrong_type(source, *node, key, "a whole number");
    return std::nullopt;
}

std::optional<double> get_number(const TomlSource& source, const toml::table& table,
                                 std::string_view key, Need need, std::string_view where) {
    const toml::node* node = find(source, table, key, need, where, "1");
    if (!node) return std::nullopt;
    if (node->is_integer()) return static_cast<double>(node->as_integer()->get());
    if (node->is_floating_point()) return node->as_floating_point()->get();
    wrong_type(source, *node, key, "a number");
    return std::nullopt;
}

const toml::table* get_table(const TomlSource& source, const toml::table& table,
                             std::string_view key, Need need, std::string_view where) {
    const toml::node* node = find(source, table, key, need, where, "");
    if (!node) return nullptr;
    if (const toml::table* value = node->as_table()) return value;
    wrong_type(source, *node, key, "a table");
    return nullptr;
}

const toml::array* get_array(const TomlSource& source, const toml::table& table,
                             std::string_view key, Need need, std::string_view where) {
    const toml::node* node = find(source, table, key, need, where, "[ ... ]");
    if (!node) return nullptr;
    if (const toml::array* value = node->as_array()) return value;
    wrong_type(source, *node, key, "a list in [ ]");
    return nullptr;
}

std::optional<std::vector<std::string>> get_string_array(const TomlSource& source,
                                                         const toml::table& table,
                                                         std::string_view key, Need need,
                                                         std::string_view where) {
    const toml::array* array = get_array(source, table, key, need, where);
    if (!array) return std::nullopt;
    std::vector<std::string> strings;
    for (const toml::node& element : *array) {
        if (const auto* text = element.as_string())
            strings.push_back(text->get());
        else
            source.error(element, "every entry of " + quote(key) + " must be a string, not " +
                                      type_name(element));
    }
    return strings;
}

std::optional<std::string> get_icon(const TomlSource& source, const toml::table& table, Need need,
                                    std::string_view where) {
    auto icon = get_string(source, table, "icon", need, where);
    if (!icon || is_known_icon(*icon)) return icon;
    source.error(line_of(source, table, "icon"),
                 "unknown icon " + quote(*icon) + did_you_mean(*icon, kIconNames) +
                     " (use one of " + quoted_list(kIconNames) + ")");
    return std::nullopt;
}

std::optional<std::string> get_short_text(const TomlSource& source, const toml::table& table,
                                          std::string_view key, Need need, std::string_view where) {
    auto text = get_string(source, table, key, need, where);
    if (!text) return text;
    const int line = line_of(source, table, key);
    if (text->find_first_not_of(" \t\r\n\xE3\x80\x80") == std::string::npos) {
        source.error(line, quote(key) + " is empty " + std::string(where) +
                               " (write the text between the quotes, or remove the key)");
        return std::nullopt;
    }
    if (text->size() > kMaxShortTextBytes) {
        source.error(line, quote(key) + " is " + std::to_string(text->size()) +
                               " bytes; the limit is " + std::to_string(kMaxShortTextBytes) +
                               " (one line on the screen)");
        return std::nullopt;
    }
    return text;
}

int line_of(const TomlSource& source, const toml::table& table, std::string_view key) {
    if (const toml::node* node = table.get(key)) return source.line(*node);
    return source.line(table);
}

} // namespace kiosk::content
