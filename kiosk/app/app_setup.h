#pragma once
// Shared start-up of `kiosk run`, `shot`, `screens` and `bundle preview`: load the
// bundle, fonts and strings, and resolve the options every screen command shares.

#include "kiosk/app/kiosk_app.h"
#include "player/core/result.h"

#include <filesystem>
#include <memory>
#include <optional>
#include <string>

namespace kiosk::app {

// The bundle the kiosk shows when none is given: content/demo-ward under the data root.
std::filesystem::path default_bundle_dir();

Result<std::unique_ptr<KioskApp>> open_app(const std::filesystem::path& bundle_dir);

// The active release of a sync store (its bundle version and expiry), for the staff
// screen; empty when `store` is not a store.
struct Release {
    std::string version;
    int64_t expires_unix = 0;
};
Release active_release(const std::filesystem::path& store);

// Applies --lang, --text-size and --theme to the session; an error says which is wrong.
Status apply_view_options(KioskApp& app, const std::optional<std::string>& lang,
                          const std::optional<std::string>& text_size,
                          const std::optional<std::string>& theme);

// "2026-11-27T10:05" in the bundle's time zone, as ICU milliseconds; or the current time
// when `clock` is empty.
Result<double> resolve_clock(const std::optional<std::string>& clock,
                             const content::Bundle& bundle);

} // namespace kiosk::app
