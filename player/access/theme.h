#pragma once
// Themes: every colour the kiosk draws with, by role. The contrast requirements
// (docs/ACCESSIBILITY.md) are checked against these values and against rendered pixels.

#include <imgui.h>

#include <string_view>

namespace kiosk::access {

struct Theme {
    const char* name;
    ImU32 background; // screen
    ImU32 text;       // body text on background
    ImU32 muted_text; // secondary text on background
    ImU32 bar;        // top and bottom bars
    ImU32 bar_text;
    ImU32 button; // large buttons
    ImU32 button_text;
    ImU32 button_pressed;
    ImU32 accent; // primary actions
    ImU32 accent_text;
    ImU32 focus;      // focus ring, 3:1 against background and button
    ImU32 focus_halo; // a thin outer ring, 3:1 against the dark bars
    ImU32 warning;    // idle warning panel
    ImU32 warning_text;
};

const Theme& default_theme();
const Theme& high_contrast_theme();
// nullptr for an unknown name.
const Theme* find_theme(std::string_view name);

} // namespace kiosk::access
