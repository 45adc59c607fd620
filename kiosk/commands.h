#pragma once
// One entry point per subcommand of the command-line contract (DESIGN.md section 5).
// Each takes the arguments after its own name and returns the process exit code:
// 0 success, 1 bad input or failed check, 2 bad usage.

#include <string>
#include <vector>

namespace kiosk::cli {

using Argv = std::vector<std::string>;

int run_main(const Argv& args);            // kiosk run      (cmd_run.cpp)
int shot_main(const Argv& args);           // kiosk shot     (cmd_shot.cpp)
int screens_main(const Argv& args);        // kiosk screens  (cmd_shot.cpp)
int text_main(const Argv& args);           // kiosk text     (cmd_text.cpp)
int bundle_main(const Argv& args);         // kiosk bundle … (cmd_bundle.cpp) dispatches to:
int bundle_check_main(const Argv& args);   //   check   (cmd_bundle_check.cpp)
int bundle_preview_main(const Argv& args); //   preview (cmd_bundle_preview.cpp)
// build, keygen, sign, verify, publish live in cmd_bundle.cpp itself.
int sync_main(const Argv& args);           // kiosk sync     (cmd_sync.cpp)
int store_main(const Argv& args);          // kiosk store    (cmd_sync.cpp)

} // namespace kiosk::cli
