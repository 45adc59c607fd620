#include "player/core/toml_guard.h"

#include <unicode/utf8.h>

#include <cstdint>
#include <cstdio>
#include <vector>

namespace kiosk {

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

} // namespace

AsciiToml to_ascii_toml(std::string_view text, const TomlGuardLimits& limits) {
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
        if (c == '.' && ++key_parts > limits.max_key_parts)
            return refuse(i, "a key with more than " + std::to_string(limits.max_key_parts) +
                                 " dotted parts (content never nests that deep; write "
                                 "shorter keys)");
        if (c == '\n') {
            line_start = open.empty();
            after_equals = after_equals && !open.empty();
            header_depth = 0;
        } else if (c == '[' || c == '{') {
            if (!open.empty() || after_equals) {
                open.push_back(c);
                if (static_cast<int>(open.size()) > limits.max_nesting)
                    return refuse(i, "lists or tables nested more than " +
                                         std::to_string(limits.max_nesting) + " levels deep");
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
std::string unsafe_toml_character_message(std::string_view text, size_t offset) {
    if (offset + 1 >= text.size() && text[offset] == '\\') return "a backslash ends the text";
    if (text[offset] == '[') return "a table header needs a name after [, like [name]";
    if (text[offset] == '}')
        return "expected a value or ] in a list, saw } (a list [ ] ends with ])";
    if (text[offset] == '\\') {
        const size_t length = char_length(text, offset + 1);
        return "\\" + std::string(text.substr(offset + 1, length)) +
               " is not a valid escape in a string (write \\\\ for a backslash)";
    }
    const std::string character(text.substr(offset, char_length(text, offset)));
    if (character == "\xE3\x80\x80") return "full-width space outside quotes (use a normal space)";
    return "unexpected \"" + character + "\"" +
           " outside quotes (text values go in quotes, like name = \"...\")";
}

} // namespace kiosk
