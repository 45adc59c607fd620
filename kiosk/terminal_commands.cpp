// The commands of the terminal module (commands.h, module_for): the kiosk itself and the
// network tools.

#include "kiosk/cli_args.h"
#include "kiosk/commands.h"

#include <string>

namespace kiosk::cli {

int terminal_main(std::string_view command, const Argv& args) {
    if (command == "run") return run_main(args);
    if (command == "sync") return sync_main(args);
    if (command == "store") return store_main(args);
    if (command == "alert") return alert_main(args);
    return failure(std::string(command), "internal error: not a terminal command");
}

} // namespace kiosk::cli
