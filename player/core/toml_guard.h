#pragma once
// What toml++ may be shown. toml++ 3.3 reaches __builtin_unreachable (undefined behaviour,
// found by fuzzing) when it asks whether some non-ASCII code points (kana, Latin-1) are
// whitespace: after a line-ending backslash, in quoted keys, and anywhere outside strings
// (marzer/tomlplusplus#190, #295); it recurses once per nested bracket and per part of a
// dotted key, so tens of thousands of either overflow its stack; and it asserts on a table
// header with no key and on a "}" where a list expects a value. So toml++ only ever sees
// the ASCII text made here, in one linear pass: strings are rewritten as basic strings
// with \u escapes (the same values), comments lose their non-ASCII, nesting and dotted keys
// are bounded, and a non-ASCII character anywhere else (always a mistake in TOML) is
// refused. Line breaks are kept, so toml++'s lines stay right (columns do not).
//
// No dependency on toml++ here: the areas that parse TOML (player/content's parse_toml,
// player/transit) call this first, then toml::parse.

#include <string>
#include <string_view>

namespace kiosk {

struct TomlGuardLimits {
    int max_nesting = 16;   // [ and { inside values
    int max_key_parts = 16; // a.b.c... in one key
};

struct AsciiToml {
    std::string text;                    // for toml::parse, when bad == npos
    size_t bad = std::string_view::npos; // offset of what could not be rewritten
    std::string why;                     // the message for `bad`, when not about a character
};

// `text` must be valid UTF-8 (find_invalid_utf8 first) without a byte order mark.
AsciiToml to_ascii_toml(std::string_view text, const TomlGuardLimits& limits = {});

// Why the character at `offset` stopped to_ascii_toml() (when its `why` is empty).
std::string unsafe_toml_character_message(std::string_view text, size_t offset);

} // namespace kiosk
