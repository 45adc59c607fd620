#pragma once
// AlertSpool: a folder where a local receiver (a J-Alert or L-Alert gateway) drops CAP
// files, NAME.xml with its detached signature NAME.xml.sig beside it (either may arrive
// first; write each under another name and rename it in, so no half file is read).
// Watched with inotify; files already there at start are read too. Every alert whose
// signature verifies goes to `on_alert`; every refusal is one log line.
//
// Threading: start() and stop() on one thread; the callbacks run on the spool's own thread.

#include "player/alerts/cap_alert.h"
#include "player/bundle/signing.h"
#include "player/core/result.h"

#include <filesystem>
#include <functional>
#include <memory>
#include <set>
#include <string>
#include <thread>
#include <vector>

namespace kiosk::alerts {

// Files considered in one scan of the folder; more are left for the next event.
inline constexpr size_t kMaxSpoolFiles = 1000;

class AlertSpool {
  public:
    using OnAlert = std::function<void(CapAlert alert, const std::string& source)>;
    using Log = std::function<void(const std::string& line)>;

    static Result<std::unique_ptr<AlertSpool>> start(std::filesystem::path dir,
                                                     std::vector<bundle::PublicKey> keys,
                                                     OnAlert on_alert, Log log);
    ~AlertSpool();
    AlertSpool(const AlertSpool&) = delete;
    AlertSpool& operator=(const AlertSpool&) = delete;
    void stop();

  private:
    AlertSpool() = default;
    void run();
    void consider(const std::string& xml_name);
    void scan();

    std::filesystem::path m_dir;
    std::vector<bundle::PublicKey> m_keys;
    OnAlert m_on_alert;
    Log m_log;
    int m_inotify = -1;
    int m_wake = -1;              // eventfd: stop() writes, the thread wakes and ends
    std::set<std::string> m_seen; // digests of alerts already handed on (bounded)
    std::thread m_thread;
};

} // namespace kiosk::alerts
