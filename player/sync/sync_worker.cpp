#include "player/sync/sync_worker.h"

#include "player/bundle/bundle_store.h"

#include <chrono>
#include <ctime>
#include <random>

namespace kiosk::sync {

namespace {

int64_t now_unix() {
    return static_cast<int64_t>(std::time(nullptr));
}

} // namespace

SyncWorker::SyncWorker(SyncSettings settings, VersionCheck check, Activated on_activated, Log log)
    : m_settings(std::move(settings)), m_check(std::move(check)),
      m_on_activated(std::move(on_activated)), m_log(std::move(log)) {
    m_settings.sync.http.cancel = &m_cancel;
    m_started_unix = now_unix();
    m_status.terminal_id = m_settings.terminal_id;
}

SyncWorker::~SyncWorker() {
    stop();
}

void SyncWorker::start() {
    if (m_thread.joinable()) return;
    m_thread = std::thread([this] { run(); });
}

void SyncWorker::stop() {
    {
        std::lock_guard lock(m_mutex);
        m_stopping = true;
    }
    m_cancel = true;
    m_wake.notify_all();
    if (m_thread.joinable()) m_thread.join();
}

void SyncWorker::poll_now() {
    {
        std::lock_guard lock(m_mutex);
        m_poll_now = true;
    }
    m_wake.notify_all();
}

TerminalStatus SyncWorker::status() const {
    std::lock_guard lock(m_mutex);
    return m_status;
}

void SyncWorker::attempt(int& failures, long& retry_after_s) {
    const int64_t started = now_unix();
    SyncReport report = sync_once(m_settings.sync, m_check, started);
    if (m_cancel) return; // shutting down: an aborted transfer is not news
    retry_after_s = report.retry_after_s;
    if (report.result == SyncResult::Failed) {
        // One line per failure streak's first attempt and then every tenth: a server down
        // for a day must not fill the journal.
        if (failures % 10 == 0) m_log("sync: " + report.message);
        ++failures;
    } else {
        if (report.result == SyncResult::Activated || failures > 0)
            m_log("sync: " + report.message);
        failures = 0;
    }
    if (report.result == SyncResult::Activated && m_on_activated) {
        if (auto files = bundle::BundleFiles::open(m_settings.sync.store))
            m_on_activated(*files);
        else
            m_log("sync: activated, but the store does not open: " + files.error().describe());
    }

    TerminalStatus status;
    {
        std::lock_guard lock(m_mutex);
        status = m_status;
    }
    status.active_version = report.version;
    status.sequence = report.sequence;
    status.expires_unix = report.expires_unix;
    status.stale = report.expires_unix > 0 && report.expires_unix <= now_unix();
    if (auto store = bundle::BundleStore::open(m_settings.sync.store))
        if (auto stored = store->status(); stored && stored->active)
            status.bundle_version = stored->active->manifest.version;
    status.last_attempt_unix = started;
    status.last_result = report.message;
    if (report.result == SyncResult::Failed)
        status.last_error = report.message;
    else
        status.last_success_unix = started;
    status.uptime_s = now_unix() - m_started_unix;
    status.free_disk_bytes = free_disk_bytes(m_settings.sync.store);
    if (m_settings.played) status.played = m_settings.played();
    {
        std::lock_guard lock(m_mutex);
        m_status = status;
    }
    if (!m_settings.status_file.empty())
        if (Status ok = write_status_file(m_settings.status_file, status); !ok)
            m_log("sync: status file: " + ok.error().describe());
    if (!m_settings.heartbeat_url.empty()) {
        Status ok = post_heartbeat(m_settings.heartbeat_url, status, m_settings.sync.http);
        if (ok)
            m_heartbeat_failures = 0;
        else if (m_heartbeat_failures++ % 60 == 0)
            m_log("sync: heartbeat: " + ok.error().describe());
    }
}

void SyncWorker::run() {
    std::mt19937_64 random{std::random_device{}()};
    std::uniform_real_distribution<double> unit(0.0, 1.0);
    int failures = 0;
    for (;;) {
        long retry_after_s = -1;
        attempt(failures, retry_after_s);
        const double delay = next_delay_s(m_settings.backoff, failures, retry_after_s,
                                          m_settings.poll_s, unit(random));
        std::unique_lock lock(m_mutex);
        m_wake.wait_for(lock, std::chrono::duration<double>(delay),
                        [this] { return m_stopping || m_poll_now; });
        if (m_stopping) return;
        m_poll_now = false;
    }
}

} // namespace kiosk::sync
