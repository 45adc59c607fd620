#pragma once
// Date, time and opening status in the visitor's language and the bundle's time zone.

#include "player/content/bundle_model.h"

#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <tuple>

namespace kiosk::screens {

// The top bar's clock: "2026年11月27日(金) 10:05" / "Friday, November 27, 2026 10:05" (ICU
// patterns per locale), or "10:05" with `time_only`, for a bar too narrow for the date.
// Finding the pattern (a DateTimePatternGenerator loads the locale's data) and building the
// formatter cost far more than formatting, and the bar asks every frame, sometimes twice;
// so each formatter is made once per (locale, time zone, pattern) and kept here.
//
// Threads: one thread at a time (ICU formatters are not safe to share while formatting).
// The kiosk keeps one in its KioskApp and uses it on the frame thread only.
class ClockFormatter {
  public:
    ClockFormatter();
    ~ClockFormatter();
    ClockFormatter(ClockFormatter&&) noexcept;
    ClockFormatter& operator=(ClockFormatter&&) noexcept;

    // Empty when ICU cannot format for this locale.
    std::string format(double now_ms, std::string_view locale, std::string_view time_zone,
                       bool time_only = false);

  private:
    struct Format; // the ICU formatter, or none when it could not be made
    // A kiosk shows a few locales in one time zone: a handful of entries. They are dropped
    // together past kMaxFormats, so nothing grows over months of bundle updates.
    static constexpr size_t kMaxFormats = 64;
    std::map<std::tuple<std::string, std::string, bool>, std::unique_ptr<Format>> m_formats;
};

struct OpeningStatus {
    bool open_now = false;
    std::string hours_today; // "08:30-17:15" or "closed"
};
OpeningStatus opening_status(const content::Bundle& bundle, double now_ms);

} // namespace kiosk::screens
