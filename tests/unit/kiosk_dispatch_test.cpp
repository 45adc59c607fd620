// Which commands go to the display module: the drawing ones, and no other (commands.h).

#include "kiosk/commands.h"

#include <doctest/doctest.h>

using kiosk::cli::needs_module;

TEST_CASE("only the commands that draw screens or use the network need the module") {
    for (const char* command : {"run", "shot", "screens", "sync", "store", "alert"})
        CHECK(needs_module(command, {"--help"}));
    CHECK(needs_module("bundle", {"check", "content/demo-ward"}));
    CHECK(needs_module("bundle", {"preview", "DIR", "-o", "OUT"}));
    for (const char* sub : {"build", "keygen", "sign", "verify", "--help"})
        CHECK_FALSE(needs_module("bundle", {sub}));
    CHECK_FALSE(needs_module("bundle", {}));
    for (const char* command : {"text", "help", "nonsense"})
        CHECK_FALSE(needs_module(command, {"check"}));
}
