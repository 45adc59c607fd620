// Which commands go to the display module: the drawing ones, and no other (commands.h).

#include "kiosk/commands.h"

#include <doctest/doctest.h>

using kiosk::cli::Module;
using kiosk::cli::module_for;

TEST_CASE("drawing goes to the display module, the terminal and network to the other") {
    for (const char* command : {"shot", "screens"})
        CHECK(module_for(command, {"--help"}) == Module::Display);
    CHECK(module_for("bundle", {"check", "content/demo-ward"}) == Module::Display);
    CHECK(module_for("bundle", {"preview", "DIR", "-o", "OUT"}) == Module::Display);
    for (const char* command : {"run", "sync", "store", "alert"})
        CHECK(module_for(command, {"--help"}) == Module::Terminal);
    for (const char* sub : {"build", "keygen", "sign", "verify", "publish", "--help"})
        CHECK(module_for("bundle", {sub}) == Module::None);
    CHECK(module_for("bundle", {}) == Module::None);
    for (const char* command : {"text", "signage", "help", "nonsense"})
        CHECK(module_for(command, {"check"}) == Module::None);
}
