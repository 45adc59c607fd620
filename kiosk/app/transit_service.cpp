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

} // namespace

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
    if (m_settings.url.empty()) return;
    // The poll's state lives with the poller's thread, the only one that touches it.
    auto state = std::make_shared<PollState>();
    state->http.ca_file = m_settings.ca_file;
    state->http.stall_timeout_s = 20;
    state->http.total_timeout_s = 60; // a feed is at most 2 MiB: a minute is a dead server
    state->http.cancel = m_poller.cancel_flag();
    m_poller.start([this, state] { return attempt(*state); },
                   [this, state](const std::string& problem, const std::string& before) {
                       // One line per change: a first or different failure, the recovery.
                       if (!problem.empty())
                           m_log("transit: " + problem +
                                 (state->have_body ? " (keeping the last good board)" : ""));
                       else if (!before.empty())
                           m_log("transit: " + m_settings.url + ": answering again");
                   });
}

void TransitService::stop() {
    m_poller.stop();
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

sync::FeedPoller::Attempt TransitService::attempt(PollState& state) {
    sync::FeedPoller::Attempt result;
    result.problem = poll_once(state, result.retry_after_s);
    if (m_poller.cancelled()) return result;
    {
        std::lock_guard lock(m_mutex);
        ++m_status.polls;
        m_status.problem = result.problem;
        if (result.problem.empty()) m_status.last_success_unix = state.last_success_unix;
    }
    // After the status, so that whoever takes the board sees the status that goes with it.
    if (state.fresh) {
        publish(std::move(*state.fresh));
        state.fresh.reset();
    }
    return result;
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
