// Which commands need the display module (commands.h).

#include "kiosk/commands.h"

namespace kiosk::cli {

bool needs_module(std::string_view command, const Argv& args) {
    if (command == "run" || command == "shot" || command == "screens") return true;
    // libcurl and libmosquitto bring some thirty TLS, Kerberos and LDAP libraries: the
    // network commands load them with the module, not every `kiosk text`. `store` reads the
    // same store code as `sync`, so it goes with it.
    if (command == "sync" || command == "store" || command == "alert") return true;
    // `bundle check` lays out every screen to audit it; `bundle preview` draws them.
    return command == "bundle" && !args.empty() && (args[0] == "check" || args[0] == "preview");
}

} // namespace kiosk::cli
