// libkiosk_terminal.so: the entry main() looks up after loading the terminal module.

#include "kiosk/module_entry.h"

extern "C" __attribute__((visibility("default"))) int kiosk_terminal_main(const char* command,
                                                                          int argc, char** argv) {
    return kiosk::cli::guarded_module_main(kiosk::cli::terminal_main, command, argc, argv);
}
