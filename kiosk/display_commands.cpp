// The commands of the display module (commands.h, module_for).

#include "kiosk/cli_args.h"
#include "kiosk/commands.h"

#include <string>

namespace kiosk::cli {

namespace {

int bundle_screens_main(std::string_view sub, const Argv& args) {
    if (sub == "check") return bundle_check_main(args);
    return bundle_preview_main(args);
}

} // namespace

int display_main(std::string_view command, const Argv& args) {
    if (command == "shot") return shot_main(args);
    if (command == "screens") return screens_main(args);
    if (command == "bundle") return bundle_main(args, bundle_screens_main);
    return failure(std::string(command), "internal error: not a display command");
}

} // namespace kiosk::cli
