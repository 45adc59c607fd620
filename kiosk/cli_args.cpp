#include "kiosk/cli_args.h"

#include <charconv>
#include <cstdio>

namespace kiosk::cli {

Args::Args(const std::vector<std::string>& argv, const std::vector<OptionSpec>& spec) {
    auto find = [&](std::string_view name) -> const OptionSpec* {
        for (const auto& s : spec)
            if (s.name == name) return &s;
        return nullptr;
    };
    for (size_t i = 0; i < argv.size(); ++i) {
        const std::string& arg = argv[i];
        if (arg == "--help" || arg == "-h") {
            m_help = true;
            continue;
        }
        if (arg.size() < 2 || arg[0] != '-' || arg == "--") {
            m_positionals.push_back(arg);
            continue;
        }
        std::string name = arg;
        std::optional<std::string> inline_value;
        if (auto eq = arg.find('='); arg.starts_with("--") && eq != std::string::npos) {
            name = arg.substr(0, eq);
            inline_value = arg.substr(eq + 1);
        }
        const OptionSpec* option = find(name);
        if (!option) {
            m_error = "unknown option " + name;
            return;
        }
        if (!option->takes_value) {
            if (inline_value) {
                m_error = name + " takes no value";
                return;
            }
            m_flags.insert(name);
            continue;
        }
        if (inline_value) {
            m_values[name] = *inline_value;
        } else if (i + 1 < argv.size()) {
            m_values[name] = argv[++i];
        } else {
            m_error = name + " needs a value";
            return;
        }
        m_flags.insert(name);
    }
}

std::optional<std::string> Args::get(std::string_view name) const {
    auto it = m_values.find(name);
    if (it == m_values.end()) return std::nullopt;
    return it->second;
}

std::string Args::get_or(std::string_view name, std::string fallback) const {
    auto value = get(name);
    return value ? *value : std::move(fallback);
}

bool parse_size(std::string_view text, int& width, int& height) {
    auto x = text.find('x');
    if (x == std::string_view::npos) return false;
    auto parse = [](std::string_view s, int& out) {
        auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
        return ec == std::errc() && end == s.data() + s.size() && out >= 1 && out <= 16384;
    };
    return parse(text.substr(0, x), width) && parse(text.substr(x + 1), height);
}

int usage_error(std::string_view command, std::string_view message, std::string_view /*usage*/) {
    // One line: what is wrong and where the full usage is.
    std::fprintf(stderr, "kiosk %.*s: %.*s (see kiosk %.*s --help)\n", int(command.size()),
                 command.data(), int(message.size()), message.data(), int(command.size()),
                 command.data());
    return Exit::Usage;
}

int failure(std::string_view command, std::string_view message) {
    std::fprintf(stderr, "kiosk %.*s: %.*s\n", int(command.size()), command.data(),
                 int(message.size()), message.data());
    return Exit::Failure;
}

} // namespace kiosk::cli
