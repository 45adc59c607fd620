#pragma once
// The entry a module exports (kiosk/CMakeLists.txt): plain C types across the boundary, and
// an exception never crosses it.

#include "kiosk/cli_args.h"
#include "kiosk/commands.h"

#include <cstdio>
#include <exception>

namespace kiosk::cli {

inline int guarded_module_main(int (*command_main)(std::string_view, const Argv&),
                               const char* command, int argc, char** argv) {
    try {
        return command_main(command, Argv(argv, argv + argc));
    } catch (const std::exception& e) {
        // Nothing below is meant to throw; if something does, say so in one line.
        std::fprintf(stderr, "kiosk %s: internal error: %s\n", command, e.what());
        return Exit::Failure;
    }
}

} // namespace kiosk::cli
