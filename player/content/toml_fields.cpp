#include "player/content/toml_fields.h"

#include "player/content/content_limits.h"
#include "player/content/content_rules.h"

#include <unicode/utf8.h>

#include <cstdio>
#include <vector>

namespace kiosk::content {

int TomlSource::line(const toml::node& node) const {
    const auto line = node.source().begin.line;
    // Nodes built by the parser always know their line; 0 would mean "unknown".
    return line == 0 ? first_line : first_line - 1 + static_cast<int>(line);
}

namespace {

// The byte length of the (valid UTF-8) character starting at text[i].
size_t char_length(std::string_view text, size_t i) {
    auto at = static_cast<int32_t>(i);
    U8_FWD_1(reinterpret_cast<const uint8_t*>(text.data()), at, static_cast<int32_t>(text.size()));
    return static_cast<size_t>(at) - i;
}

// Appends the code point starting at text[i] (valid UTF-8) as a TOML \u or \U escape and
// moves i past it.
void append_escape(std::string& out, std::string_view text, size_t& i) {
    auto at = static_cast<int32_t>(i);
    UChar32 cp = 0;
    U8_NEXT(reinterpret_cast<const uint8_t*>(text.data()), at, static_cast<int32_t>(text.size()),
            cp);
    i = static_cast<size_t>(at);
    if (cp < 0) cp = 0xFFFD; // callers validated the text; never reached
    char buffer[12];
    std::snprintf(buffer, sizeof buffer, cp <= 0xFFFF ? "\\u%04X" : "\\U%08X",
                  static_cast<unsigned>(cp));
    out += buffer;
}

// Copies one string, from its opening delimiter at text[i], as a basic string with every
// non-ASCII code point escaped. Returns the offset of a backslash that escapes a non-ASCII
// character (invalid, and unsafe to pass on), or npos.
size_t copy_string(std::string_view text, size_t& i, std::string& out) {
    const char quote_char = text[i];
    const bool literal = quote_char == '\'';
    const std::string_view triple = literal ? "'''" : "\"\"\"";
    const bool multi = text.substr(i, 3) == triple;
    out += multi ? "\"\"\"" : "\"";
    i += multi ? 3 : 1;
    while (i < text.size()) {
        const char c = text[i];
        const auto byte = static_cast<unsigned char>(c);
        if (c == '\n' && !multi) return std::string_view::npos; // unterminated: toml++ says so
        if (c == quote_char && (!multi || text.substr(i, 3) == triple)) {
            size_t run = 1;
            while (multi && run < 5 && i + run < text.size() && text[i + run] == quote_char)
                ++run;
            // Up to two quotes before the closing three belong to the content.
            for (size_t extra = multi ? run - 3 : 0; extra > 0; --extra)
                out += literal ? "'" : "\\\"";
            out += multi ? "\"\"\"" : "\"";
            i += multi ? run : 1;
            return std::string_view::npos;
        }
        if (byte >= 0x80) {
            append_escape(out, text, i);
        } else if (literal && (c == '\\' || c == '"')) {
            out += '\\';
            out += c;
            ++i;
        } else if (!literal && c == '\\') {
            out += c;
            if (++i >= text.size()) break;
            if (static_cast<unsigned char>(text[i]) >= 0x80) return i - 1;
            out += text[i++];
        } else {
            out += c;
            ++i;
        }
    }
    return std::string_view::npos;
}

// toml++ 3.3 reaches __builtin_unreachable (undefined behaviour, found by fuzzing) when it
// asks whether some non-ASCII code points (kana, Latin-1) are whitespace: after a line-
// ending backslash, in quoted keys, and anywhere outside strings (marzer/tomlplusplus#190,
// #295). So toml++ only ever sees ASCII: strings are rewritten as basic strings with \u
// escapes (the same values), comments lose their non-ASCII, and a non-ASCII character
// anywhere else - always a mistake in TOML - is reported here in words staff understand.
// Line breaks are kept, so lines stay right (columns do not).
struct AsciiToml {
    std::string text;
    size_t bad = std::string_view::npos; // offset of what could not be rewritten
    std::string why;                     // the message for `bad`, when not about a character
};

bool is_bare_key_start(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
           c == '-' || c == '"' || c == '\'';
}

// True when the table header opening at text[i] ("[" or "[[" at the start of a line) goes
// on with something toml++ can read as a key; it asserts (aborts in debug builds) otherwise.
bool header_has_key(std::string_view text, size_t i) {
    size_t j = i + 1;
    if (j < text.size() && text[j] == '[') ++j;
    while (j < text.size() && (text[j] == ' ' || text[j] == '\t'))
        ++j;
    return j >= text.size() || text[j] == ']' || is_bare_key_start(text[j]);
}

AsciiToml to_ascii_toml(std::string_view text) {
    AsciiToml result;
    std::string& out = result.text;
    out.reserve(text.size() + text.size() / 2);
    // Just enough structure to tell a table header from an array value: brackets opened
    // after "=" nest as values; a "[" first on a line outside any value is a header.
    std::vector<char> open; // brackets of the value being read, innermost last
    // toml++ recurses once per nested bracket and per part of a dotted key; tens of
    // thousands of either overflow its stack. Both are counted here, in one linear pass,
    // before toml++ sees the text.
    int key_parts = 1;
    int header_depth = 0;
    auto refuse = [&](size_t at, std::string why) {
        result.bad = at;
        result.why = std::move(why);
        return result;
    };
    bool line_start = true;
    bool after_equals = false;
    char previous = '\n'; // the last character outside strings and comments, not a blank
    size_t i = 0;
    while (i < text.size()) {
        const char c = text[i];
        const auto byte = static_cast<unsigned char>(c);
        if (c == '#') {
            // One '?' per non-ASCII character: comments carry no value, only their lines.
            while (i < text.size() && text[i] != '\n') {
                const size_t length = char_length(text, i);
                out += length == 1 ? text[i] : '?';
                i += length;
            }
            continue;
        }
        if (c == '"' || c == '\'') {
            line_start = false;
            previous = '"';
            result.bad = copy_string(text, i, out);
            if (result.bad != std::string_view::npos) return result;
            continue;
        }
        if (byte >= 0x80) {
            result.bad = i;
            return result;
        }
        if (c == '\n' || c == '=' || c == ',' || c == '{') key_parts = 1;
        if (c == '.' && ++key_parts > kMaxTomlKeyParts)
            return refuse(i, "a key with more than " + std::to_string(kMaxTomlKeyParts) +
                                 " dotted parts (content never nests that deep; write "
                                 "shorter keys)");
        if (c == '\n') {
            line_start = open.empty();
            after_equals = after_equals && !open.empty();
            header_depth = 0;
        } else if (c == '[' || c == '{') {
            if (!open.empty() || after_equals) {
                open.push_back(c);
                if (static_cast<int>(open.size()) > kMaxTomlNesting)
                    return refuse(i, "lists or tables nested more than " +
                                         std::to_string(kMaxTomlNesting) +
                                         " levels deep (content never nests that deep)");
            } else if (c == '[' && line_start && !header_has_key(text, i)) {
                result.bad = i;
                return result;
            } else if (++header_depth > 2) {
                return refuse(i, "a table header opens more than two [ (write [name] or "
                                 "[[name]])");
            }
            line_start = false;
        } else if (c == ']' || c == '}') {
            // toml++ asserts on a "}" where a list expects a value; other mismatches it
            // reports well itself.
            if (c == '}' && !open.empty() && open.back() == '[' &&
                (previous == '[' || previous == ',')) {
                result.bad = i;
                return result;
            }
            if (!open.empty()) open.pop_back();
            if (open.empty()) after_equals = false;
            line_start = false;
        } else if (c == '=') {
            after_equals = after_equals || open.empty();
            line_start = false;
        } else if (c != ' ' && c != '\t' && c != '\r') {
            line_start = false;
        }
        if (c != ' ' && c != '\t' && c != '\r' && c != '\n') previous = c;
        out += c;
        ++i;
    }
    return result;
}

// Why the character at `offset` stopped to_ascii_toml().
std::string unsafe_character_message(std::string_view text, size_t offset) {
    if (offset + 1 >= text.size() && text[offset] == '\\') return "a backslash ends the text";
    if (text[offset] == '[') return "a table header needs a name after [, like [question.origin]";
    if (text[offset] == '}')
        return "expected a value or ] in a list, saw } (a list [ ] ends with ])";
    if (text[offset] == '\\') {
        const size_t length = char_length(text, offset + 1);
        return "\\" + std::string(text.substr(offset + 1, length)) +
               " is not a valid escape in a string (write \\\\ for a backslash)";
    }
    const std::string character(text.substr(offset, char_length(text, offset)));
    if (character == "\xE3\x80\x80") return "full-width space outside quotes (use a normal space)";
    return "unexpected " + quote(character) +
           " outside quotes (text values go in quotes, like title = \"...\"; keys use only "
           "a-z, 0-9 and -)";
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
    AsciiToml ascii = to_ascii_toml(text);
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
