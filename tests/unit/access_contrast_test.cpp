#include "player/access/contrast.h"

#include <doctest/doctest.h>

using namespace kiosk::access;

TEST_CASE("contrast ratio matches WCAG reference values") {
    CHECK(contrast_ratio(IM_COL32(0, 0, 0, 255), IM_COL32(255, 255, 255, 255)) ==
          doctest::Approx(21.0));
    CHECK(contrast_ratio(IM_COL32(255, 255, 255, 255), IM_COL32(255, 255, 255, 255)) ==
          doctest::Approx(1.0));
    // #777777 on white is the classic 4.48:1 that just fails AA.
    CHECK(contrast_ratio(IM_COL32(0x77, 0x77, 0x77, 255), IM_COL32(255, 255, 255, 255)) ==
          doctest::Approx(4.48).epsilon(0.01));
}

TEST_CASE("every text and focus colour pair of every theme meets its contrast requirement") {
    for (const Theme* theme : {&default_theme(), &high_contrast_theme()}) {
        for (const ContrastPair& pair : contrast_pairs(*theme)) {
            CAPTURE(theme->name);
            CAPTURE(pair.name);
            double ratio = contrast_ratio(pair.foreground, pair.background);
            CAPTURE(ratio);
            CHECK(ratio >= pair.required);
        }
    }
}
