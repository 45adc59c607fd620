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
    const std::vector<std::string>& positionals() const { return m_positionals; }
    const std::string& error() const { return m_error; }
    bool wants_help() const { return m_help; }

  private:
    std::map<std::string, std::string, std::less<>> m_values;
    std::set<std::string, std::less<>> m_flags;
    std::vector<std::string> m_positionals;
    std::string m_error;
    bool m_help = false;
};

// Parses "1920x1080". Both sides must be 1..16384.
bool parse_size(std::string_view text, int& width, int& height);

// Prints "kiosk <command>: <message> (see kiosk <command> --help)" to stderr, one line;
// returns Exit::Usage.
int usage_error(std::string_view command, std::string_view message, std::string_view usage);
// Prints "kiosk <command>: <message>" to stderr; returns Exit::Failure.
int failure(std::string_view command, std::string_view message);

} // namespace kiosk::cli
