#pragma once
// Category and action icons drawn as vector shapes, so they stay sharp at every size and
// need no image files.

#include <imgui.h>

#include <string_view>

namespace kiosk::app {

// Known names: home, document, shield, train, camera, heart, info, trash, baby, globe,
// text-size, staff, back, up, down. Unknown names draw "info".
void draw_icon(ImDrawList* list, std::string_view name, ImVec2 center, float size, ImU32 color);

} // namespace kiosk::app
