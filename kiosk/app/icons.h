#pragma once
// Category and action icons drawn as vector shapes, so they stay sharp at every size and
// need no image files.

#include <imgui.h>

#include <string_view>

namespace kiosk::app {

// Known names: home, document, shield (disaster safety: a warning sign), train, camera,
// heart, info, trash, baby, globe, text-size, staff, back, up, down, menu, touch,
// sign-language, play, pause, restart, captions, sound, sound-off, close. Unknown names
// draw "info". `rtl` mirrors the icons that point along the reading direction (back).
void draw_icon(ImDrawList* list, std::string_view name, ImVec2 center, float size, ImU32 color,
               bool rtl = false);

} // namespace kiosk::app
