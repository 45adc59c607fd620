// Which commands need the display module (commands.h).

#include "kiosk/commands.h"

namespace kiosk::cli {

bool needs_display(std::string_view command, const Argv& args) {
    if (command == "run" || command == "shot" || command == "screens") return true;
    // `bundle check` lays out every screen to audit it; `bundle preview` draws them.
    return command == "bundle" && !args.empty() && (args[0] == "check" || args[0] == "preview");
}

} // namespace kiosk::cli
