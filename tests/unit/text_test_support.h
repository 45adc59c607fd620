#pragma once
// Shared by the text engine tests: one font set for the whole run (loading it is the
// slow part), from the same fonts/fontset.toml the kiosk uses.

#include "player/text/font_set.h"

#include <doctest/doctest.h>

namespace kiosk::test {

inline const text::FontSet& fonts() {
    static auto set = [] {
        auto loaded = text::FontSet::load_default();
        REQUIRE_MESSAGE(loaded.ok(), (loaded.ok() ? "" : loaded.error().describe()));
        return std::move(*loaded);
    }();
    return *set;
}

} // namespace kiosk::test
