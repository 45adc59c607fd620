#pragma once
// Audits what a visitor would see, from the layout boxes of an offscreen frame: text
// that does not fit its box, characters no font covers, touch targets smaller than 20 mm
// on the declared display, the share of the screen height left for content (at least
// 60 %), choices that must show without scrolling (the first of each screen, every
// answer, the checklist's first item and QR code), text or targets drawn over each
// other, labels and headings broken inside a word, and pictures whose size changes with
// the text size. Serves `kiosk bundle check`, previews and the accessibility tests alike.

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
    float lowest_content_share = 1.f;
    std::string lowest_content_share_at; // "screen locale size"
    int hidden_choices = 0;
    int overlaps = 0;
    int mid_word_breaks = 0;
    int resized_pictures = 0;
    int overflowing_text = 0;
};

// The rules' thresholds.
constexpr float kMinContentShare = 0.6f;

// Text over text, text over a target other than its own, target over target: one message
// each, from what shows (each box clipped to its visible region).
std::vector<std::string> find_overlaps(const std::vector<TextBox>& boxes,
                                       const std::vector<HitTarget>& targets);

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
