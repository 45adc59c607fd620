#pragma once
// What the screen shows when several things want it, highest first:
//
//   Alert        an emergency alert in force at full screen (alerts/alert_board.h)
//   Announcement a staff announcement (not yet: a later issue)
//   Interactive  a visitor's session: any screen but a pristine home
//   Signage      scheduled signage while nobody uses the kiosk (not yet: signage issue)
//   Default      the home screen
//
// One table, so every layer added later (signage, announcements) takes its place by
// writing a row, and one test covers every pair.

#include <array>
#include <string_view>

namespace kiosk::app {

enum class Layer { Alert, Announcement, Interactive, Signage, Default };

inline constexpr std::array<Layer, 5> kLayerOrder = {
    Layer::Alert, Layer::Announcement, Layer::Interactive, Layer::Signage, Layer::Default};

struct LayerWants {
    bool alert = false;        // a full-screen alert is in force and not hidden
    bool announcement = false; // a staff announcement is on
    bool interactive = false;  // a visitor is using the kiosk
    bool signage = false;      // a playlist is scheduled now
};

// The highest layer that wants the screen; Default when none does.
constexpr Layer top_layer(const LayerWants& wants) {
    for (Layer layer : kLayerOrder) {
        switch (layer) {
        case Layer::Alert:
            if (wants.alert) return layer;
            break;
        case Layer::Announcement:
            if (wants.announcement) return layer;
            break;
        case Layer::Interactive:
            if (wants.interactive) return layer;
            break;
        case Layer::Signage:
            if (wants.signage) return layer;
            break;
        case Layer::Default:
            return layer;
        }
    }
    return Layer::Default;
}

constexpr std::string_view layer_name(Layer layer) {
    switch (layer) {
    case Layer::Alert:
        return "alert";
    case Layer::Announcement:
        return "announcement";
    case Layer::Interactive:
        return "interactive";
    case Layer::Signage:
        return "signage";
    case Layer::Default:
        return "default";
    }
    return "default";
}

} // namespace kiosk::app
