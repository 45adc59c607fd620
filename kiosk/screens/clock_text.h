#pragma once
// Date, time and opening status in the visitor's language and the bundle's time zone.

#include "player/content/bundle_model.h"

#include <string>
#include <string_view>

namespace kiosk::screens {

// "2026年11月27日(金) 10:05" / "Friday, November 27, 2026 10:05" (ICU patterns per locale).
// `time_only` gives "10:05" for a header too narrow for the date.
std::string format_date_time(double now_ms, std::string_view locale, std::string_view time_zone,
                             bool time_only = false);

struct OpeningStatus {
    bool open_now = false;
    std::string hours_today; // "08:30-17:15" or "closed"
};
OpeningStatus opening_status(const content::Bundle& bundle, double now_ms);

} // namespace kiosk::screens
