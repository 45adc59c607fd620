#pragma once
// `kiosk run` with a store: which bundle to show at start-up, and the hand-over of newly
// synced versions from the sync thread to the UI thread.
//
// The sync thread does all the slow work: the version check loads the candidate version
// completely (content parsed, pictures decoded); once the version is activated, the loaded
// bundle waits in a mailbox until the UI thread takes it between frames. `wake` (an SDL
// user event) ends the UI's idle wait so the home screen shows it at once.
//
// Threading: construct, start(), stop(), take() on the UI thread; the rest runs on the
// sync thread behind one mutex.

#include "kiosk/app/app_setup.h"
#include "player/bundle/bundle_files.h"
#include "player/bundle/signing.h"
#include "player/content/bundle_model.h"
#include "player/sync/sync_worker.h"

#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace kiosk::app {

// The store's active version after recover(), or else `fallback`. `log` gets one line when
// the store was repaired or could not be used.
std::filesystem::path choose_startup_bundle(const std::filesystem::path& store,
                                            const std::vector<bundle::PublicKey>& keys,
                                            const std::filesystem::path& fallback,
                                            const std::function<void(const std::string&)>& log);

class SyncedBundle {
  public:
    struct Delivery {
        std::shared_ptr<const content::Bundle> bundle;
        bundle::BundleFiles files;
        Release release;
    };

    SyncedBundle(sync::SyncSettings settings, std::function<void()> wake,
                 std::function<void(const std::string&)> log);
    ~SyncedBundle();

    void start() { m_worker->start(); }
    void stop() { m_worker->stop(); }
    // A newly activated version, loaded; at most once per version.
    std::optional<Delivery> take();
    sync::TerminalStatus status() const { return m_worker->status(); }

  private:
    std::function<void()> m_wake;
    std::mutex m_mutex;
    std::optional<Delivery> m_candidate; // loaded by the check, not yet activated
    std::optional<Delivery> m_ready;     // activated, waiting for the UI thread
    std::unique_ptr<sync::SyncWorker> m_worker;
};

} // namespace kiosk::app
