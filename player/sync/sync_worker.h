#pragma once
// SyncWorker: the sync thread of `kiosk run`. It polls the server with sync_once(), waits
// by the back-off policy between attempts, and after each attempt writes the status file
// and sends the heartbeat (a failing heartbeat changes nothing else). It never touches the
// UI: a newly activated version is handed to `on_activated` on the worker thread, which
// should load it there and pass the result to the UI thread, so no frame waits on the
// network or the disk.
//
// Threading: construct, start() and stop() on one thread; status() from any thread;
// the callbacks run on the worker thread.

#include "player/sync/backoff.h"
#include "player/sync/sync_client.h"
#include "player/sync/terminal_status.h"

#include <atomic>
#include <condition_variable>
#include <filesystem>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

namespace kiosk::sync {

struct SyncSettings {
    SyncConfig sync;
    double poll_s = 60;
    BackoffPolicy backoff;
    std::string terminal_id;
    std::string heartbeat_url;         // empty: no heartbeat
    std::filesystem::path status_file; // empty: no status file
    // Proof of play for the status and heartbeat; called on the worker's thread, so it must
    // be thread-safe. Empty: none.
    std::function<std::vector<PlayCount>()> played;
};

class SyncWorker {
  public:
    using Activated = std::function<void(const bundle::BundleFiles& files)>;
    using Log = std::function<void(const std::string& line)>;

    SyncWorker(SyncSettings settings, VersionCheck check, Activated on_activated, Log log);
    ~SyncWorker();
    SyncWorker(const SyncWorker&) = delete;
    SyncWorker& operator=(const SyncWorker&) = delete;

    void start();
    // Wakes the thread, cancels a transfer in flight, and joins.
    void stop();
    // Runs one attempt now instead of at the end of the current wait.
    void poll_now();

    TerminalStatus status() const;

  private:
    void run();
    void attempt(int& failures, long& retry_after_s);

    SyncSettings m_settings;
    VersionCheck m_check;
    Activated m_on_activated;
    Log m_log;
    int64_t m_started_unix = 0;
    int m_heartbeat_failures = 0; // consecutive; logged on the first and every 60th

    mutable std::mutex m_mutex;
    std::condition_variable m_wake;
    bool m_stopping = false;
    bool m_poll_now = false;
    TerminalStatus m_status;
    std::atomic<bool> m_cancel{false};
    std::thread m_thread;
};

} // namespace kiosk::sync
