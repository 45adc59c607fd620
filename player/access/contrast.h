#pragma once
// Contrast as WCAG 2.x defines it, and the colour pairs of a theme that must meet it.

#include "player/access/theme.h"

#include <vector>

namespace kiosk::access {

// Relative luminance of an sRGB colour (alpha ignored).
double relative_luminance(ImU32 color);
// (L1 + 0.05) / (L2 + 0.05), from 1 to 21, whichever colour is lighter.
double contrast_ratio(ImU32 a, ImU32 b);

struct ContrastPair {
    const char* name; // "text on background"
    ImU32 foreground, background;
    double required; // 7.0 for text (AAA), 4.5 for large text, 3.0 for focus indicators
};

// Every pair of colours the kiosk draws on each other in `theme`, with its requirement.
std::vector<ContrastPair> contrast_pairs(const Theme& theme);

} // namespace kiosk::access
