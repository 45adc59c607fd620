#include "kiosk/app/transit_service.h"

#include "player/bundle/file_io.h"
#include "player/sync/http_client.h"

#include <algorithm>
#include <chrono>
#include <functional>
#include <random>
#include <vector>

namespace kiosk::app {

namespace {

int64_t unix_now() {
    return std::chrono::duration_cast<std::chrono::seconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

Result<transit::TransitBoard> parse_logged(std::string_view bytes, const std::string& name,
                                           const transit::TransitNames& names,
                                           const TransitLog& log) {
    std::vector<std::string> skipped;
    auto board = transit::parse_train_information(bytes, name, names, &skipped);
    if (log)
        for (const std::string& note : skipped)
            log("transit: " + note);
    return board;
}

} // namespace

Result<transit::TransitNames> load_transit_names(const bundle::BundleFiles& files) {
    if (!files.contains(kTransitNamesPath)) return transit::TransitNames{};
    // One byte over the limit, so that the parser's own message says what the limit is.
    auto bytes = files.read(kTransitNamesPath, transit::kMaxNamesBytes + 1);
    if (!bytes) return bytes.error();
    return transit::parse_transit_names(*bytes, files.display_path(kTransitNamesPath));
}

Result<transit::TransitBoard> load_bundled_transit(const bundle::BundleFiles& files,
                                                   std::string_view path,
                                                   const transit::TransitNames& names,
                                                   const TransitLog& log) {
    auto bytes = files.read(path, transit::kMaxFeedBytes + 1);
    if (!bytes) return bytes.error();
    return parse_logged(*bytes, files.display_path(path), names, log);
}

Result<transit::TransitBoard> load_transit_file(const std::filesystem::path& file,
                                                const transit::TransitNames& names,
                                                const TransitLog& log) {
    auto bytes = bundle::read_file(file, transit::kMaxFeedBytes + 1);
    if (!bytes) return bytes.error();
    return parse_logged(*bytes, file.string(), names, log);
}

// What the poll thread remembers between polls; only that thread touches it.
struct TransitService::PollState {
    sync::HttpOptions http;
    std::string etag, last_modified; // of the last feed taken
    size_t body_hash = 0;            // of the last feed taken: a server without validators
    bool have_body = false;          // sending the same bytes again publishes nothing
    std::vector<std::string> notes;  // the skipped entries of the last feed taken, as logged
    int64_t last_success_unix = 0;
    std::optional<transit::TransitBoard> fresh; // taken by this poll, to publish
};

TransitService::TransitService(TransitFeedSettings settings, transit::TransitNames names,
                               std::function<void()> wake, TransitLog log)
    : m_settings(std::move(settings)), m_names(std::move(names)), m_wake(std::move(wake)),
      m_log(std::move(log)) {}

TransitService::~TransitService() {
    stop();
}

void TransitService::start() {
    if (m_settings.url.empty() || m_thread.joinable()) return;
    m_thread = std::thread([this] { poll(); });
}

void TransitService::stop() {
    {
        std::lock_guard lock(m_mutex);
        m_stopping = true;
    }
    m_cancel = true;
    m_stop_cv.notify_all();
    if (m_thread.joinable()) m_thread.join();
}

TransitService::Status TransitService::status() const {
    std::lock_guard lock(m_mutex);
    return m_status;
}

std::optional<transit::TransitBoard> TransitService::take() {
    std::lock_guard lock(m_mutex);
    std::optional<transit::TransitBoard> taken = std::move(m_ready);
    m_ready.reset();
    return taken;
}

void TransitService::publish(transit::TransitBoard board) {
    {
        std::lock_guard lock(m_mutex);
        m_ready = std::move(board);
    }
    if (m_wake) m_wake();
}

void TransitService::poll() {
    PollState state;
    state.http.ca_file = m_settings.ca_file;
    state.http.stall_timeout_s = 20;
    state.http.total_timeout_s = 60; // a feed is at most 2 MiB: a minute is a dead server
    state.http.cancel = &m_cancel;
    std::string last_problem;
    std::mt19937_64 random{std::random_device{}()};
    std::uniform_real_distribution<double> unit(0.0, 1.0);
    int failures = 0;
    for (;;) {
        long retry_after = -1;
        const std::string problem = poll_once(state, retry_after);
        if (m_cancel) return; // a transfer cut short by stop() is no problem to report
        failures = problem.empty() ? 0 : failures + 1;
        // One line per change: the first failure, a different failure, the recovery.
        if (!problem.empty() && problem != last_problem)
            m_log("transit: " + problem +
                  (state.have_body ? " (keeping the last good board)" : ""));
        else if (problem.empty() && !last_problem.empty())
            m_log("transit: " + m_settings.url + ": answering again");
        last_problem = problem;
        {
            std::lock_guard lock(m_mutex);
            ++m_status.polls;
            m_status.problem = problem;
            if (problem.empty()) m_status.last_success_unix = state.last_success_unix;
        }
        // After the status, so that whoever takes the board sees the status that goes with it.
        if (state.fresh) {
            publish(std::move(*state.fresh));
            state.fresh.reset();
        }
        const double delay = sync::next_delay_s(m_settings.backoff, failures, retry_after,
                                                std::max(1, m_settings.poll_seconds), unit(random));
        std::unique_lock lock(m_mutex);
        if (m_stop_cv.wait_for(lock, std::chrono::duration<double>(delay),
                               [this] { return m_stopping; }))
            return;
    }
}

std::string TransitService::poll_once(PollState& state, long& retry_after) {
    const std::string& url = m_settings.url;
    auto response =
        sync::http_get(url, transit::kMaxFeedBytes, state.http, state.etag, state.last_modified);
    if (!response) return response.error().describe();
    if (response->status == 304) {
        state.last_success_unix = unix_now();
        return {};
    }
    if (response->status != 200) {
        retry_after = response->retry_after_s;
        return url + ": HTTP " + std::to_string(response->status);
    }
    const size_t hash = std::hash<std::string_view>{}(response->body);
    if (state.have_body && hash == state.body_hash) {
        // Republished as it was: the UI has it. Its new validators spare the next download.
        state.etag = response->etag;
        state.last_modified = response->last_modified;
        state.last_success_unix = unix_now();
        return {};
    }
    std::vector<std::string> skipped;
    auto board = transit::parse_train_information(response->body, url, m_names, &skipped);
    // Validators are kept only once the feed was taken: a refused one is fetched whole
    // again next time (it may have been caught mid-publication).
    if (!board) return board.error().describe();
    // Each skipped entry is logged once, not on every poll that finds it still there.
    for (const std::string& note : skipped)
        if (std::find(state.notes.begin(), state.notes.end(), note) == state.notes.end())
            m_log("transit: " + note);
    state.notes = std::move(skipped);
    state.etag = response->etag;
    state.last_modified = response->last_modified;
    state.body_hash = hash;
    state.have_body = true;
    const int64_t now = unix_now();
    board->fetched_unix = now;
    state.last_success_unix = now;
    state.fresh = std::move(*board);
    return {};
}

} // namespace kiosk::app
