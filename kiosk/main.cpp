// kiosk: the accessible, multilingual kiosk and signage player. One executable; the
// subcommands are the command-line contract of DESIGN.md section 5.

#include "kiosk/cli_args.h"
#include "kiosk/commands.h"

#include <cstdio>
#include <cstring>
#include <exception>
#include <string>

#include <dlfcn.h>
#include <unistd.h>

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
    "  alert     check, sign or send a CAP emergency alert\n"
    "  signage   timeline: what signage plays when\n"
    "\n"
    "`kiosk <command> --help` describes each command.\n";

// A module's file, in the executable's own directory wherever that is (the build tree, an
// install prefix), found through /proc/self/exe.
std::string module_path(const char* file) {
    char self[4096];
    const ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
    if (n <= 0) return file; // no /proc: the loader's own search path
    std::string path(self, size_t(n));
    return path.substr(0, path.rfind('/') + 1) + file;
}

// Loads the module and runs `command` in it (commands.h, module_for). The module stays
// loaded until the process exits: SDL and the audio libraries register exit handlers and
// threads that must not outlive their code.
int run_module_command(kiosk::cli::Module which, const char* command, int argc, char** argv) {
    const bool display = which == kiosk::cli::Module::Display;
    const std::string path = module_path(display ? "libkiosk_ui.so" : "libkiosk_terminal.so");
    void* module = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
    using Entry = int (*)(const char*, int, char**);
    Entry entry = module ? reinterpret_cast<Entry>(dlsym(module, display ? "kiosk_display_main"
                                                                         : "kiosk_terminal_main"))
                         : nullptr;
    if (!entry) {
        std::fprintf(stderr,
                     "kiosk %s: cannot load %s (%s); it belongs next to the kiosk executable: "
                     "rebuild or reinstall\n",
                     command, path.c_str(), dlerror());
        return kiosk::cli::Exit::Failure;
    }
    return entry(command, argc, argv);
}

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
    if (const Module which = module_for(command, args); which != Module::None)
        return run_module_command(which, command, argc - 2, argv + 2);
    try {
        if (!std::strcmp(command, "text")) return text_main(args);
        if (!std::strcmp(command, "bundle")) return bundle_main(args);
        if (!std::strcmp(command, "signage")) return signage_main(args);
    } catch (const std::exception& e) {
        // Nothing below is meant to throw; if something does, say so in one line.
        std::fprintf(stderr, "kiosk %s: internal error: %s\n", command, e.what());
        return Exit::Failure;
    }
    std::fprintf(stderr, "kiosk: unknown command '%s' (see kiosk --help)\n", command);
    return Exit::Usage;
}
