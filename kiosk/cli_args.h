#pragma once
// A small, strict command-line parser shared by every subcommand: `--name value`,
// `--name=value`, `-o value`, bare flags, and positionals. Unknown options are usage
// errors (exit 2), never silently ignored.

#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace kiosk::cli {

enum Exit : int { Success = 0, Failure = 1, Usage = 2 };

struct OptionSpec {
    std::string name; // "--bundle" or "-o"
    bool takes_value;
};

class Args {
  public:
    // Parses `argv` against `spec`. On a usage error, error() is non-empty.
    Args(const std::vector<std::string>& argv, const std::vector<OptionSpec>& spec);

    bool has(std::string_view name) const { return m_flags.count(std::string(name)) > 0; }
    std::optional<std::string> get(std::string_view name) const;
    std::string get_or(std::string_view name, std::string fallback) const;
    // Every value of an option that may be given more than once, in order.
    std::vector<std::string> get_all(std::string_view name) const;
    const std::vector<std::string>& positionals() const { return m_positionals; }
    const std::string& error() const { return m_error; }
    bool wants_help() const { return m_help; }

  private:
    std::map<std::string, std::string, std::less<>> m_values; // the last value given
    std::vector<std::pair<std::string, std::string>> m_all;
    std::set<std::string, std::less<>> m_flags;
    std::vector<std::string> m_positionals;
    std::string m_error;
    bool m_help = false;
};

// --size limits: a frame is width x height x 4 bytes, several times over (surface, copy
// for the PNG), so the largest one must fit a lobby PC's memory: 8K UHD, either way up.
inline constexpr int kMaxSizeSide = 7680;
inline constexpr long kMaxSizePixels = 7680L * 4320L;
inline constexpr const char* kSizeRule =
    "--size must be WxH with each side from 1 to 7680 and at most 7680x4320 pixels in all, "
    "e.g. 1920x1080";

// Parses "1920x1080" within kMaxSizeSide and kMaxSizePixels.
bool parse_size(std::string_view text, int& width, int& height);

// True when `text` is exactly YYYY-MM-DDTHH:MM naming a real minute (month 1..12, a day
// that exists in that month, hour 0..23, minute 0..59).
bool is_valid_clock(std::string_view text);

// Exit codes, one rule for every command: 2 (Usage) when an argument is malformed or
// missing (unknown option, "--size big", "--clock 2026-02-30T25:61", invalid UTF-8); 1
// (Failure) when well-formed input cannot be served (a missing folder, a broken bundle, a
// language the bundle or the fonts lack).

// Prints "kiosk <command>: <message> (see kiosk <command> --help)" to stderr, one line;
// returns Exit::Usage.
int usage_error(std::string_view command, std::string_view message, std::string_view usage);
// Prints "kiosk <command>: <message>" to stderr; returns Exit::Failure.
int failure(std::string_view command, std::string_view message);

} // namespace kiosk::cli
