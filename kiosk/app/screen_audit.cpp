#include "kiosk/app/screen_audit.h"

#include <cmath>
#include <cstdio>
#include <set>

namespace kiosk::app {

namespace {

constexpr float kMinTargetMm = 20.f; // EN 301 549 / ADA 707 practice for public kiosks
constexpr float kSlack = 1.5f;       // pixels of rounding

std::string describe_box(const TextBox& b) {
    char buf[160];
    std::snprintf(buf, sizeof buf,
                  "text needs %.0fx%.0f px but its box is %.0fx%.0f px at (%.0f,%.0f)", b.ink.w,
                  b.ink.h, b.rect.w, b.rect.h, b.rect.x, b.rect.y);
    return buf;
}

} // namespace

float pixels_per_mm(int width, int height, float diagonal_inches) {
    return std::hypot(float(width), float(height)) / (diagonal_inches * 25.4f);
}

std::vector<ScreenAuditProblem>
audit_screens(KioskApp& app, render::Surface& surface, render::TextRenderer& text,
              const std::vector<std::string>& screens, const std::vector<std::string>& locales,
              const std::vector<int>& text_sizes, double now_ms, ScreenAuditStats* stats,
              const std::function<void(screens::Session&)>& adjust) {
    std::vector<ScreenAuditProblem> problems;
    const screens::Session saved = app.session();
    const float ppmm =
        pixels_per_mm(surface.width(), surface.height(), app.bundle().screen_diagonal_inches);
    PointerInput no_input;
    for (const std::string& locale : locales) {
        for (int size : text_sizes) {
            for (const std::string& screen : screens) {
                app.reset_session();
                app.session().locale = locale;
                app.session().text_size = size;
                app.session().screen = screen;
                if (adjust) adjust(app.session());
                app.note_input(now_ms);
                app.frame(surface, text, no_input, now_ms, /*present=*/false);
                app.frame(surface, text, no_input, now_ms, /*present=*/false); // with page up/down
                if (stats) ++stats->frames;
                auto report = [&](std::string message) {
                    problems.push_back({screen, locale, size, std::move(message)});
                };
                for (const TextBox& b : app.last_text_boxes()) {
                    bool too_wide = b.ink.w > b.rect.w + kSlack;
                    bool too_tall =
                        b.rect.h > 0 && (b.ink.y < b.rect.y - kSlack ||
                                         b.ink.y + b.ink.h > b.rect.y + b.rect.h + kSlack);
                    if (too_wide || too_tall) report(describe_box(b));
                }
                std::set<uint32_t> missing(app.last_missing_glyphs().begin(),
                                           app.last_missing_glyphs().end());
                for (uint32_t cp : missing) {
                    char buf[96];
                    std::snprintf(buf, sizeof buf,
                                  "U+%04X has no glyph in any font of the set (it shows as a box)",
                                  cp);
                    report(buf);
                }
                for (const HitTarget& t : app.last_targets()) {
                    float mm = std::min(t.rect.w, t.rect.h) / ppmm;
                    if (stats && mm < stats->smallest_target_mm) {
                        stats->smallest_target_mm = mm;
                        stats->smallest_target = screen + " " + t.id;
                    }
                    if (mm + 0.05f < kMinTargetMm) {
                        char buf[160];
                        std::snprintf(buf, sizeof buf,
                                      "touch target %s is %.1f mm, smaller than %.0f mm",
                                      t.id.c_str(), mm, kMinTargetMm);
                        report(buf);
                    }
                }
            }
        }
    }
    app.session() = saved;
    return problems;
}

} // namespace kiosk::app
