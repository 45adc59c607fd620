#include "player/content/toml_fields.h"

#include "player/content/content_rules.h"

namespace kiosk::content {

int TomlSource::line(const toml::node& node) const {
    const auto line = node.source().begin.line;
    // Nodes built by the parser always know their line; 0 would mean "unknown".
    return line == 0 ? first_line : first_line - 1 + static_cast<int>(line);
}

std::optional<toml::table> parse_toml(std::string_view text, const TomlSource& source) {
    try {
        return toml::parse(text, source.file);
    } catch (const toml::parse_error& error) {
        const auto& begin = error.source().begin;
        int line = begin.line == 0 ? source.first_line
                                   : source.first_line - 1 + static_cast<int>(begin.line);
        std::string message = "TOML syntax error";
        if (begin.column > 0) message += " at column " + std::to_string(begin.column);
        message += ": " + std::string(error.description()) +
                   " (check quotes, brackets, commas and that each key is written once)";
        source.error(line, std::move(message));
        return std::nullopt;
    }
}

void check_keys(const TomlSource& source, const toml::table& table,
                std::initializer_list<std::string_view> allowed, std::string_view where) {
    for (const auto& [key, value] : table) {
        bool known = false;
        for (std::string_view name : allowed) known = known || name == key.str();
        if (known) continue;
        std::string hint = did_you_mean(key.str(), allowed);
        if (hint.empty()) hint = " (allowed: " + quoted_list(allowed) + ")";
        int line = key.source().begin.line ? source.first_line - 1 +
                                                 static_cast<int>(key.source().begin.line)
                                           : source.line(value);
        source.error(line, "unknown key " + quote(key.str()) + " " + std::string(where) + hint);
    }
}

std::string type_name(const toml::node& node) {
    switch (node.type()) {
    case toml::node_type::string: return "a string";
    case toml::node_type::integer: return "an integer";
    case toml::node_type::floating_point: return "a number";
    case toml::node_type::boolean: return "true/false";
    case toml::node_type::table: return "a table";
    case toml::node_type::array: return "a list";
    case toml::node_type::date:
    case toml::node_type::time:
    case toml::node_type::date_time: return "a date or time";
    default: return "nothing";
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
                         (example.empty() ? " (add a [" + std::string(key) + "] section)"
                                          : " (add " + std::string(key) + " = " +
                                                std::string(example) + ")"));
    return node;
}

void wrong_type(const TomlSource& source, const toml::node& node, std::string_view key,
                std::string_view expected) {
    source.error(node, quote(key) + " must be " + std::string(expected) + ", not " +
                           type_name(node));
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

int line_of(const TomlSource& source, const toml::table& table, std::string_view key) {
    if (const toml::node* node = table.get(key)) return source.line(*node);
    return source.line(table);
}

} // namespace kiosk::content
