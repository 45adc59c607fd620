// libkiosk_ui.so: the entry main() looks up after loading the display module. Plain C types
// across the boundary; the module exports this symbol alone (kiosk/CMakeLists.txt).

#include "kiosk/cli_args.h"
#include "kiosk/commands.h"

#include <cstdio>
#include <exception>

extern "C" __attribute__((visibility("default"))) int kiosk_display_main(const char* command,
                                                                         int argc, char** argv) {
    try {
        return kiosk::cli::display_main(command, kiosk::cli::Argv(argv, argv + argc));
    } catch (const std::exception& e) {
        // Nothing below is meant to throw; if something does, say so in one line.
        std::fprintf(stderr, "kiosk %s: internal error: %s\n", command, e.what());
        return kiosk::cli::Exit::Failure;
    }
}
