#pragma once
// Pictures of a bundle, checked as the kiosk will read them: PNG or JPEG by their first
// bytes (not by the name), dimensions from the header within kMaxImageSide/kMaxImagePixels,
// and, when asked (check and build), decoded whole so that a truncated or damaged file is
// refused before it reaches a terminal as an empty box.

#include <string>
#include <string_view>

namespace kiosk::content {

// Empty when the picture is usable; otherwise why not, as a sentence that follows the
// file name ("is empty (0 bytes)", "is 20000x20000 pixels; ...").
std::string image_problem(std::string_view bytes, bool decode);

} // namespace kiosk::content
