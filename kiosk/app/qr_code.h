#pragma once
// QR codes (libqrencode) drawn as crisp squares, dark on white whatever the theme, with
// the quiet zone scanners need.

#include <imgui.h>

#include <string_view>

namespace kiosk::app {

// Draws `text` as a QR code no larger than `max_size` pixels square, its top-left at
// `origin`. Returns the side actually used (0 when the text does not fit a QR code).
// The QR version (1..40) `text` needs (error correction level L), or 0 when it does not fit.
int qr_version(std::string_view text);

// The smallest side draw_qr_code accepts for `text` (2 px a module), or 0 when it does
// not fit a QR code at all.
float qr_min_side(std::string_view text);

float draw_qr_code(ImDrawList* list, std::string_view text, ImVec2 origin, float max_size);

} // namespace kiosk::app
