#include "player/alerts/alert_spool.h"

#include "player/alerts/signed_alert.h"
#include "player/bundle/file_io.h"
#include "player/bundle/sha256.h"

#include <poll.h>
#include <sys/eventfd.h>
#include <sys/inotify.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace kiosk::alerts {

namespace fs = std::filesystem;

namespace {

constexpr size_t kMaxSeen = 4096;

bool ends_with(const std::string& text, std::string_view tail) {
    return text.size() > tail.size() &&
           text.compare(text.size() - tail.size(), tail.size(), tail) == 0;
}

} // namespace

Result<std::unique_ptr<AlertSpool>>
AlertSpool::start(fs::path dir, std::vector<bundle::PublicKey> keys, OnAlert on_alert, Log log) {
    std::error_code ec;
    if (!fs::is_directory(dir, ec))
        return make_error(dir.string(), 0, "alert spool folder does not exist");
    std::unique_ptr<AlertSpool> spool(new AlertSpool());
    spool->m_dir = std::move(dir);
    spool->m_keys = std::move(keys);
    spool->m_on_alert = std::move(on_alert);
    spool->m_log = std::move(log);
    spool->m_inotify = ::inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
    spool->m_wake = ::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
    if (spool->m_inotify < 0 || spool->m_wake < 0)
        return make_error(spool->m_dir.string(), 0,
                          std::string("cannot watch the alert spool: ") + std::strerror(errno));
    if (::inotify_add_watch(spool->m_inotify, spool->m_dir.c_str(), IN_CLOSE_WRITE | IN_MOVED_TO) <
        0)
        return make_error(spool->m_dir.string(), 0,
                          std::string("cannot watch the alert spool: ") + std::strerror(errno));
    spool->m_thread = std::thread([raw = spool.get()] { raw->run(); });
    return spool;
}

AlertSpool::~AlertSpool() {
    stop();
    if (m_inotify >= 0) ::close(m_inotify);
    if (m_wake >= 0) ::close(m_wake);
}

void AlertSpool::stop() {
    if (!m_thread.joinable()) return;
    const uint64_t one = 1;
    (void)!::write(m_wake, &one, sizeof one);
    m_thread.join();
}

void AlertSpool::consider(const std::string& xml_name) {
    const fs::path xml = m_dir / xml_name;
    const fs::path sig = m_dir / (xml_name + ".sig");
    std::error_code ec;
    if (!fs::exists(fs::symlink_status(sig, ec))) return; // the signature has not arrived yet
    const std::string source = xml.string();
    auto bytes = bundle::read_file(xml, kMaxCapBytes, bundle::Symlinks::Refuse);
    if (!bytes) return m_log("alert: " + bytes.error().describe() + "; refused");
    auto sig_text = bundle::read_file(sig, bundle::kMaxKeyFileBytes, bundle::Symlinks::Refuse);
    if (!sig_text) return m_log("alert: " + sig_text.error().describe() + "; refused");
    const std::string digest = bundle::sha256_hex(*bytes);
    if (m_seen.count(digest)) return;
    auto alert = accept_signed(*bytes, *sig_text, m_keys, source);
    if (!alert) return m_log("alert: " + alert.error().describe());
    if (m_seen.size() >= kMaxSeen) m_seen.clear();
    m_seen.insert(digest);
    m_on_alert(std::move(*alert), source);
}

void AlertSpool::scan() {
    std::vector<std::string> names;
    std::error_code ec;
    for (fs::directory_iterator it(m_dir, ec), end; !ec && it != end; it.increment(ec)) {
        const std::string name = it->path().filename().string();
        if (ends_with(name, ".xml")) names.push_back(name);
    }
    std::sort(names.begin(), names.end());
    if (names.size() > kMaxSpoolFiles) {
        m_log("alert: " + m_dir.string() + " holds " + std::to_string(names.size()) +
              " alerts; reading the first " + std::to_string(kMaxSpoolFiles));
        names.resize(kMaxSpoolFiles);
    }
    for (const std::string& name : names)
        consider(name);
}

void AlertSpool::run() {
    scan();
    alignas(struct inotify_event) char buffer[16 * 1024];
    for (;;) {
        pollfd fds[2] = {{m_inotify, POLLIN, 0}, {m_wake, POLLIN, 0}};
        if (::poll(fds, 2, -1) < 0) {
            if (errno == EINTR) continue;
            m_log(std::string("alert: spool watch failed: ") + std::strerror(errno));
            return;
        }
        if (fds[1].revents) return;
        const ssize_t n = ::read(m_inotify, buffer, sizeof buffer);
        if (n <= 0) continue;
        std::set<std::string> names; // one look per file, however many events it caused
        bool overflow = false;
        for (ssize_t at = 0; at < n;) {
            const auto* event = reinterpret_cast<const struct inotify_event*>(buffer + at);
            if (event->mask & IN_Q_OVERFLOW) overflow = true;
            if (event->len > 0) {
                std::string name(event->name);
                if (ends_with(name, ".xml.sig")) name.resize(name.size() - 4);
                if (ends_with(name, ".xml")) names.insert(name);
            }
            at += static_cast<ssize_t>(sizeof(struct inotify_event) + event->len);
        }
        if (overflow) scan(); // events were lost: look at everything again
        for (const std::string& name : names)
            consider(name);
    }
}

} // namespace kiosk::alerts
