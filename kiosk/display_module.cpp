// libkiosk_ui.so: the entry main() looks up after loading the display module.

#include "kiosk/module_entry.h"

extern "C" __attribute__((visibility("default"))) int kiosk_display_main(const char* command,
                                                                         int argc, char** argv) {
    return kiosk::cli::guarded_module_main(kiosk::cli::display_main, command, argc, argv);
}
