// kiosk: the accessible, multilingual kiosk and signage player. One executable; the
// subcommands are the command-line contract of DESIGN.md section 5.

#include "kiosk/cli_args.h"
#include "kiosk/commands.h"

#include <cstdio>
#include <cstring>
#include <exception>

namespace {

constexpr const char* kUsage =
    "usage: kiosk <command> [options]\n"
    "\n"
    "commands:\n"
    "  run       the kiosk itself (full screen; --windowed for development)\n"
    "  shot      render one screen offscreen to a PNG\n"
    "  screens   list every screen ID a bundle can show\n"
    "  text      lay out one paragraph (--json, -o OUT.png)\n"
    "  bundle    check, build, keygen, sign, verify, preview, publish content bundles\n"
    "  sync      one sync from a server into a store\n"
    "  store     status or rollback of a terminal's store\n"
    "\n"
    "`kiosk <command> --help` describes each command.\n";

} // namespace

int main(int argc, char** argv) {
    using namespace kiosk::cli;
    if (argc < 2) {
        std::fputs("kiosk: give a command (see kiosk --help)\n", stderr);
        return Exit::Usage;
    }
    const char* command = argv[1];
    if (!std::strcmp(command, "--help") || !std::strcmp(command, "-h") ||
        !std::strcmp(command, "help")) {
        std::fputs(kUsage, stdout);
        return Exit::Success;
    }
    Argv args(argv + 2, argv + argc);
    try {
        if (!std::strcmp(command, "run")) return run_main(args);
        if (!std::strcmp(command, "shot")) return shot_main(args);
        if (!std::strcmp(command, "screens")) return screens_main(args);
        if (!std::strcmp(command, "text")) return text_main(args);
        if (!std::strcmp(command, "bundle")) return bundle_main(args);
        if (!std::strcmp(command, "sync")) return sync_main(args);
        if (!std::strcmp(command, "store")) return store_main(args);
    } catch (const std::exception& e) {
        // Nothing below is meant to throw; if something does, say so in one line.
        std::fprintf(stderr, "kiosk %s: internal error: %s\n", command, e.what());
        return Exit::Failure;
    }
    std::fprintf(stderr, "kiosk: unknown command '%s' (see kiosk --help)\n", command);
    return Exit::Usage;
}
