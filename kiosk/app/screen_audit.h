#pragma once
// Audits what a screen really drew, from the layout boxes of an offscreen frame: text
// that does not fit its box, characters no font covers, touch targets smaller than
// 20 mm on the declared display. Serves `kiosk bundle check`, previews and the
// accessibility tests alike.

#include "kiosk/app/kiosk_app.h"

#include <functional>
#include <string>
#include <vector>

namespace kiosk::app {

struct ScreenAuditProblem {
    std::string screen, locale;
    int text_size = 1;
    std::string message;
};

struct ScreenAuditStats {
    int frames = 0;
    float smallest_target_mm = 1e9f;
    std::string smallest_target; // "screen target-id"
};

// Pixels per millimetre of a display of `diagonal_inches` showing width x height pixels.
float pixels_per_mm(int width, int height, float diagonal_inches);

// Renders each screen in each locale at each text size into `surface` and checks it.
// Leaves the app's session as it found it.
std::vector<ScreenAuditProblem>
audit_screens(KioskApp& app, render::Surface& surface, render::TextRenderer& text,
              const std::vector<std::string>& screens, const std::vector<std::string>& locales,
              const std::vector<int>& text_sizes, double now_ms, ScreenAuditStats* stats = nullptr,
              const std::function<void(screens::Session&)>& adjust = {});

} // namespace kiosk::app
