#pragma once
// Which <info> of an alert a visitor reads: CAP tags each info with a language ("ja-JP",
// "en-US", "zh-CN"), the kiosk speaks in bundle locales ("ja", "en", "zh-Hans",
// "ja-x-easy"). The visitor's own language first, then the bundle's fallback chain, then
// the alert's first info: an alert is always shown, in some language it carries.

#include "player/alerts/cap_alert.h"

#include <string>
#include <string_view>
#include <vector>

namespace kiosk::alerts {

// True when the CAP language tag `cap_language` serves the bundle locale `locale`:
// same primary language, and for Chinese the same script (zh-CN/zh-SG/zh-Hans for
// zh-Hans; zh-TW/zh-HK/zh-MO/zh-Hant for zh-Hant). Case-insensitive.
bool serves_locale(std::string_view cap_language, std::string_view locale);

// The bundle locale a CAP language tag is best written in (for fonts and direction):
// the first of `locales` it serves, or "" when none.
std::string locale_for(std::string_view cap_language, const std::vector<std::string>& locales);

// The index of the info to show for `locale`, trying `fallbacks` (the bundle's chain)
// next, then 0. The alert must have at least one info.
size_t pick_info(const CapAlert& alert, std::string_view locale,
                 const std::vector<std::string>& fallbacks);

} // namespace kiosk::alerts
