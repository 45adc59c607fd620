#include "kiosk/app/app_setup.h"

#include "player/bundle/bundle_store.h"
#include "player/content/bundle_loader.h"
#include "player/core/paths.h"

#include <unicode/calendar.h>
#include <unicode/timezone.h>

#include <algorithm>
#include <cstdio>

namespace kiosk::app {

std::filesystem::path default_bundle_dir() {
    return data_root() / "content" / "demo-ward";
}

Release active_release(const std::filesystem::path& store) {
    auto opened = bundle::BundleStore::open(store);
    if (!opened) return {};
    auto status = opened->status();
    if (!status || !status->active) return {};
    return Release{status->active->manifest.version, status->active->manifest.expires_unix};
}

Result<std::unique_ptr<KioskApp>> open_app(const std::filesystem::path& bundle_dir) {
    auto files = bundle::BundleFiles::open(bundle_dir);
    if (!files) return files.error();
    auto bundle = content::load_bundle(*files);
    if (!bundle) return bundle.error();
    const bool store = files->form() == bundle::BundleFiles::Form::Store;
    auto app = KioskApp::create(std::move(*bundle), std::move(*files));
    if (app && store) {
        // A sync store: the staff screen names the release and says when it is stale.
        const Release release = active_release(bundle_dir);
        (*app)->set_release(release.version, release.expires_unix);
    }
    return app;
}

Status apply_view_options(KioskApp& app, const std::optional<std::string>& lang,
                          const std::optional<std::string>& text_size,
                          const std::optional<std::string>& theme) {
    auto& session = app.session();
    if (lang) {
        const auto& offered = app.bundle().locales;
        if (std::find(offered.begin(), offered.end(), *lang) == offered.end()) {
            std::string list;
            for (const auto& l : offered)
                list += (list.empty() ? "" : ", ") + l;
            return make_error("--lang " + *lang +
                              " is not offered by this bundle (offered: " + list + ")");
        }
        session.locale = *lang;
    }
    if (text_size) {
        if (text_size->size() != 1 || (*text_size)[0] < '1' || (*text_size)[0] > '4')
            return make_error("--text-size must be 1, 2, 3 or 4");
        session.text_size = (*text_size)[0] - '0';
    }
    if (theme) {
        if (!find_theme(*theme)) return make_error("--theme must be default or high-contrast");
        session.theme = *theme;
    }
    return Ok{};
}

Result<double> resolve_clock(const std::optional<std::string>& clock,
                             const content::Bundle& bundle) {
    if (!clock) return double(icu::Calendar::getNow());
    int y, mo, d, h, mi;
    char tail = 0;
    if (std::sscanf(clock->c_str(), "%4d-%2d-%2dT%2d:%2d%c", &y, &mo, &d, &h, &mi, &tail) != 5 ||
        mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59)
        return make_error("--clock must look like 2026-11-27T10:05 (local time of the bundle)");
    UErrorCode status = U_ZERO_ERROR;
    std::unique_ptr<icu::Calendar> cal(icu::Calendar::createInstance(
        icu::TimeZone::createTimeZone(icu::UnicodeString::fromUTF8(bundle.time_zone)), status));
    if (U_FAILURE(status)) return make_error("cannot create a calendar for " + bundle.time_zone);
    cal->clear();
    cal->set(y, mo - 1, d, h, mi, 0);
    double ms = cal->getTime(status);
    if (U_FAILURE(status)) return make_error("--clock: invalid date");
    return ms;
}

} // namespace kiosk::app
