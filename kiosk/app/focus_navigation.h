#pragma once
// Moving keyboard/keypad focus between the targets of the last frame: in reading order
// (which follows the language's direction) or spatially, EZ-Access style.

#include "kiosk/app/ui.h"

#include <string>
#include <vector>

namespace kiosk::app {

enum class NavKey { None, Next, Previous, Up, Down, Left, Right, Select, Back, Home, Help };

// Targets sorted in reading order: rows top to bottom, each row in the reading direction.
std::vector<const HitTarget*> reading_order(const std::vector<HitTarget>& targets, bool rtl);

// The id focus moves to from `current` for `key` (Next/Previous/Up/Down/Left/Right).
// An empty or vanished `current` goes to the first target in reading order.
std::string move_focus(const std::vector<HitTarget>& targets, const std::string& current,
                       NavKey key, bool rtl);

} // namespace kiosk::app
