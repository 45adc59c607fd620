// Which commands go to which module (commands.h).

#include "kiosk/commands.h"

namespace kiosk::cli {

Module module_for(std::string_view command, const Argv& args) {
    if (command == "shot" || command == "screens") return Module::Display;
    // `bundle check` lays out every screen to audit it; `bundle preview` draws them.
    if (command == "bundle" && !args.empty() && (args[0] == "check" || args[0] == "preview"))
        return Module::Display;
    // libcurl and libmosquitto bring some thirty TLS, Kerberos and LDAP libraries: `run`
    // (which syncs and takes alerts) and the network tools load them, nothing else. `store`
    // reads the same store code as `sync`, so it goes with it.
    if (command == "run" || command == "sync" || command == "store" || command == "alert")
        return Module::Terminal;
    return Module::None;
}

} // namespace kiosk::cli
