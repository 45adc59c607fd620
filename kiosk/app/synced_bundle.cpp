#include "kiosk/app/synced_bundle.h"

#include "player/bundle/bundle_store.h"
#include "player/content/bundle_loader.h"

namespace kiosk::app {

namespace fs = std::filesystem;

fs::path choose_startup_bundle(const fs::path& store, const std::vector<bundle::PublicKey>& keys,
                               const fs::path& fallback,
                               const std::function<void(const std::string&)>& log) {
    auto opened = bundle::BundleStore::open(store);
    if (!opened) {
        log("store: " + opened.error().describe() + "; showing " + fallback.string());
        return fallback;
    }
    auto recovered = opened->recover(keys);
    if (!recovered) {
        log("store: " + recovered.error().describe() + "; showing " + fallback.string());
        return fallback;
    }
    if (!recovered->empty()) log(*recovered);
    return store;
}

SyncedBundle::SyncedBundle(sync::SyncSettings settings, std::function<void()> wake,
                           std::function<void(const std::string&)> log)
    : m_wake(std::move(wake)) {
    auto check = [this](const bundle::BundleFiles& files) -> Status {
        content::LoadReport report;
        content::LoadOptions options;
        options.decode_images = true;
        auto loaded = content::load_bundle(files, &report, options);
        for (const auto& problem : report.problems)
            if (problem.severity == content::Severity::Error) return problem.where;
        if (!loaded) return loaded.error();
        std::lock_guard lock(m_mutex);
        m_candidate = Delivery{std::move(*loaded), files, Release{}};
        return Ok{};
    };
    const fs::path store = settings.sync.store;
    auto activated = [this, store](const bundle::BundleFiles&) {
        Release release = active_release(store);
        {
            std::lock_guard lock(m_mutex);
            if (!m_candidate) return;
            m_candidate->release = std::move(release);
            m_ready = std::move(m_candidate);
            m_candidate.reset();
        }
        if (m_wake) m_wake();
    };
    m_worker =
        std::make_unique<sync::SyncWorker>(std::move(settings), check, activated, std::move(log));
}

SyncedBundle::~SyncedBundle() {
    m_worker->stop();
}

std::optional<SyncedBundle::Delivery> SyncedBundle::take() {
    std::lock_guard lock(m_mutex);
    std::optional<Delivery> ready = std::move(m_ready);
    m_ready.reset();
    return ready;
}

} // namespace kiosk::app
