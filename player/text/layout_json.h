#pragma once
// The `kiosk text --json` form of a laid-out paragraph (DESIGN.md section 5).

#include "player/text/text_layout.h"

#include <string>

namespace kiosk::text {

std::string paragraph_to_json(const Paragraph& p, const FontSet& fonts);

} // namespace kiosk::text
