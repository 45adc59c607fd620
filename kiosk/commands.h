#pragma once
// One entry point per subcommand of the command-line contract (DESIGN.md section 5).
// Each takes the arguments after its own name and returns the process exit code:
// 0 success, 1 bad input or failed check, 2 bad usage.

#include <string>
#include <string_view>
#include <vector>

namespace kiosk::cli {

using Argv = std::vector<std::string>;

// The commands that lay out or draw screens (run, shot, screens, bundle check and
// preview) need SDL, Dear ImGui and eSpeak NG, and the network ones (sync, store, alert)
// libcurl and libmosquitto: dozens of display, audio, TLS and auth libraries. They live in
// the module, libkiosk_ui.so next to the executable, which main() loads only for them:
// `kiosk text` and `bundle build/sign/...` start with the engine's own libraries alone
// (issue 14).
// Two modules, so that drawing one screen (`shot`, a golden test, a preview) never loads
// the network libraries: libkiosk_ui.so draws; libkiosk_terminal.so is the terminal itself
// (`run`, which also syncs and takes alerts) and the network tools.
enum class Module { None, Display, Terminal };
Module module_for(std::string_view command, const Argv& args); // (dispatch.cpp)
// Runs one module command; each module's entry calls its own.
int display_main(std::string_view command, const Argv& args);  // (display_commands.cpp)
int terminal_main(std::string_view command, const Argv& args); // (terminal_commands.cpp)

int run_main(const Argv& args);     // kiosk run      (cmd_run.cpp)
int shot_main(const Argv& args);    // kiosk shot     (cmd_shot.cpp)
int screens_main(const Argv& args); // kiosk screens  (cmd_shot.cpp)
int text_main(const Argv& args);    // kiosk text     (cmd_text.cpp)
// kiosk bundle … (cmd_bundle.cpp): build, keygen, sign, verify live there; check and
// preview lay out screens and go to `screens` (display_main passes them; the executable,
// which routes them to the display module, passes none).
using BundleScreensMain = int (*)(std::string_view sub, const Argv& args);
int bundle_main(const Argv& args, BundleScreensMain screens = nullptr);
int bundle_check_main(const Argv& args);   //   check   (cmd_bundle_check.cpp)
int bundle_preview_main(const Argv& args); //   preview (cmd_bundle_preview.cpp)
int sync_main(const Argv& args);           // kiosk sync     (cmd_sync.cpp)
int store_main(const Argv& args);          // kiosk store    (cmd_sync.cpp)
int alert_main(const Argv& args);          // kiosk alert    (cmd_alert.cpp)
int signage_main(const Argv& args);        // kiosk signage  (cmd_signage.cpp): draws nothing

} // namespace kiosk::cli
