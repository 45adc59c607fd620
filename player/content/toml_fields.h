#pragma once
// Reading TOML documents with every problem reported as file:line: message instead of
// thrown. toml++ throws parse errors; they are caught here and never leave the module.

#include "player/content/bundle_loader.h"

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <toml++/toml.h>
#include <vector>

namespace kiosk::content {

// Where a TOML document lives, so that messages name the right file and line. Front
// matter starts below its +++ line, so its first TOML line is line 2 of the file.
struct TomlSource {
    std::string file;   // display path
    int first_line = 1; // the file line of the document's line 1
    LoadReport* report = nullptr;

    int line(const toml::node& node) const;
    void error(int line, std::string message) const {
        report->error(file, line, std::move(message));
    }
    void error(const toml::node& at, std::string message) const {
        error(line(at), std::move(message));
    }
    void warning(int line, std::string message) const {
        report->warning(file, line, std::move(message));
    }
};

// The document, or nothing after reporting its syntax error.
std::optional<toml::table> parse_toml(std::string_view text, const TomlSource& source);

// Reports every key of `table` that is not in `allowed`; `where` completes "unknown key
// \"x\" ..." (e.g. "in front matter", "in [question.origin]").
void check_keys(const TomlSource& source, const toml::table& table,
                std::initializer_list<std::string_view> allowed, std::string_view where);

// "a string", "an integer", ...: for "must be X, not Y" messages.
std::string type_name(const toml::node& node);

// Typed getters. A missing key yields nothing (and an error when `required`); a value of
// the wrong type yields nothing after an error naming the expected type.
enum class Need { Optional, Required };
std::optional<std::string> get_string(const TomlSource& source, const toml::table& table,
                                      std::string_view key, Need need, std::string_view where);
std::optional<int64_t> get_integer(const TomlSource& source, const toml::table& table,
                                   std::string_view key, Need need, std::string_view where);
std::optional<double> get_number(const TomlSource& source, const toml::table& table,
                                 std::string_view key, Need need, std::string_view where);
const toml::table* get_table(const TomlSource& source, const toml::table& table,
                             std::string_view key, Need need, std::string_view where);
const toml::array* get_array(const TomlSource& source, const toml::table& table,
                             std::string_view key, Need need, std::string_view where);
// An array whose every element is a string; wrong elements are reported and skipped.
std::optional<std::vector<std::string>> get_string_array(const TomlSource& source,
                                                         const toml::table& table,
                                                         std::string_view key, Need need,
                                                         std::string_view where);

// The "icon" of `table`: one of kIconNames, or nothing after an error that lists them.
std::optional<std::string> get_icon(const TomlSource& source, const toml::table& table, Need need,
                                    std::string_view where);

// A string that must not be empty or longer than kMaxShortTextBytes (titles, labels,
// counters); `what` names it in messages ("the title", "counter").
std::optional<std::string> get_short_text(const TomlSource& source, const toml::table& table,
                                          std::string_view key, Need need, std::string_view where);

// The line of `key` inside `table`, or the table's own line when it is absent.
int line_of(const TomlSource& source, const toml::table& table, std::string_view key);

} // namespace kiosk::content
