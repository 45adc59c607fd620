#pragma once
// Running the real kiosk binary from a test: its exit code and everything it printed.

#include <doctest/doctest.h>

#include <cstdio>
#include <string>
#include <sys/wait.h>

namespace kiosk::test {

struct Run {
    int exit_code = -1;
    std::string output; // stdout and stderr together
};

// One shell word, whatever `text` holds.
inline std::string quoted(const std::string& text) {
    std::string result = "'";
    for (char c : text)
        result += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return result + "'";
}

// `kiosk ARGUMENTS` through bash; `shell_prefix` runs first in the same shell (ulimit,
// trap), then kiosk is exec'd.
inline Run run_kiosk(const std::string& arguments, const std::string& shell_prefix = "") {
    const std::string inner = shell_prefix + "exec " + quoted(KIOSK_BINARY) + " " + arguments;
    const std::string command = "bash -c " + quoted(inner) + " 2>&1";
    Run run;
    FILE* pipe = ::popen(command.c_str(), "r");
    REQUIRE(pipe);
    char buffer[4096];
    size_t count = 0;
    while ((count = std::fread(buffer, 1, sizeof buffer, pipe)) > 0)
        run.output.append(buffer, count);
    const int status = ::pclose(pipe);
    run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return run;
}

} // namespace kiosk::test
