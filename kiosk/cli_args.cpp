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
        m_all.emplace_back(name, m_values[name]);
        m_flags.insert(name);
    }
}

std::vector<std::string> Args::get_all(std::string_view name) const {
    std::vector<std::string> values;
    for (const auto& [option, value] : m_all)
        if (option == name) values.push_back(value);
    return values;
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
        return ec == std::errc() && end == s.data() + s.size() && out >= 1 && out <= kMaxSizeSide;
    };
    return parse(text.substr(0, x), width) && parse(text.substr(x + 1), height) &&
           long(width) * long(height) <= kMaxSizePixels;
}

bool is_valid_clock(std::string_view text) {
    // YYYY-MM-DDTHH:MM, digits exactly where shown.
    if (text.size() != 16 || text[4] != '-' || text[7] != '-' || text[10] != 'T' || text[13] != ':')
        return false;
    auto number = [&](size_t at, size_t length, int& out) {
        out = 0;
        for (size_t i = at; i < at + length; ++i) {
            if (text[i] < '0' || text[i] > '9') return false;
            out = out * 10 + (text[i] - '0');
        }
        return true;
    };
    int year, month, day, hour, minute;
    if (!number(0, 4, year) || !number(5, 2, month) || !number(8, 2, day) || !number(11, 2, hour) ||
        !number(14, 2, minute))
        return false;
    if (year < 1970 || month < 1 || month > 12 || hour > 23 || minute > 59 || day < 1) return false;
    static constexpr int kDays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    return day <= kDays[month - 1] + (month == 2 && leap ? 1 : 0);
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
