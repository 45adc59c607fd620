// Which commands go to the display module: the drawing ones, and no other (commands.h).

#include "kiosk/commands.h"

#include <doctest/doctest.h>

using kiosk::cli::needs_display;

TEST_CASE("only the commands that lay out or draw screens need the display module") {
    for (const char* command : {"run", "shot", "screens"})
        CHECK(needs_display(command, {"--help"}));
    CHECK(needs_display("bundle", {"check", "content/demo-ward"}));
    CHECK(needs_display("bundle", {"preview", "DIR", "-o", "OUT"}));
    for (const char* sub : {"build", "keygen", "sign", "verify", "--help"})
        CHECK_FALSE(needs_display("bundle", {sub}));
    CHECK_FALSE(needs_display("bundle", {}));
    for (const char* command : {"text", "sync", "store", "help", "nonsense"})
        CHECK_FALSE(needs_display(command, {"check"}));
}
