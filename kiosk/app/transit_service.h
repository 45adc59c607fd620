#pragma once
// The transit board's data for `kiosk run` and the commands that draw it (docs/TRANSIT.md):
// the bundle's own feed file, read once at start, and the live ODPT feed, polled on a
// thread of its own with ETag / Last-Modified, back-off and Retry-After. Each board the
// thread parses waits in a mailbox until the UI thread takes it between frames; `wake`
// (an SDL user event) ends the UI's idle wait. A poll that fails publishes nothing, so the
// UI keeps its last good board, and the staleness rule (transit::is_stale) marks it once
// it is old. Problems are logged one line per change, never one per poll.
//
// Threading: construct, start(), stop(), take(), status() on the UI thread; the poll runs
// on its own thread and only writes the mailbox and the status (one mutex), wakes the UI
// and logs: `wake` and `log` are called on the poll thread and must be thread-safe.

#include "kiosk/app/transit_files.h"
#include "player/bundle/bundle_files.h"
#include "player/core/result.h"
#include "player/sync/backoff.h"
#include "player/sync/feed_poller.h"
#include "player/transit/transit_board.h"

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>

namespace kiosk::app {

struct TransitFeedSettings {
    std::string url;       // content::TransitSettings::feed_url; empty: start() does nothing
    int poll_seconds = 60; // content::TransitSettings::poll_seconds (+-10 % jitter)
    std::string ca_file;   // a city CA bundle for https; empty: the system's CAs
    // After failures: full-jitter exponential back-off from base_s up to cap_s; a server's
    // Retry-After is a floor (player/sync/backoff.h). Tests shorten it.
    sync::BackoffPolicy backoff{5, 900, 1};
};

class TransitService {
  public:
    TransitService(TransitFeedSettings settings, transit::TransitNames names,
                   std::function<void()> wake, TransitLog log);
    ~TransitService();
    TransitService(const TransitService&) = delete;
    TransitService& operator=(const TransitService&) = delete;

    // Starts polling at once (the first board arrives after one fetch); nothing without a URL.
    void start();
    // Stops within about a second, a transfer in flight included. Idempotent.
    void stop();

    // The newest board fetched since the last call (boards nobody took are replaced), with
    // fetched_unix set; nothing when the feed did not change or failed.
    std::optional<transit::TransitBoard> take();

    struct Status {
        // When the feed last answered well (a board taken, or the same data again: 304 or
        // the same bytes), in seconds since 1970; 0 before the first success. For a status
        // line, not for staleness: that is the data's own date (transit::is_stale).
        int64_t last_success_unix = 0;
        uint64_t polls = 0;  // finished polls, failed ones included
        std::string problem; // of the latest poll, as logged; "" when it went well
    };
    Status status() const;

  private:
    struct PollState;

    sync::FeedPoller::Attempt attempt(PollState& state);
    // One poll: "" when the feed answered well, else the problem. `retry_after`: the
    // server's, -1 when none.
    std::string poll_once(PollState& state, long& retry_after);
    void publish(transit::TransitBoard board);

    TransitFeedSettings m_settings;
    transit::TransitNames m_names;
    std::function<void()> m_wake;
    TransitLog m_log;
    mutable std::mutex m_mutex; // guards m_ready and m_status
    std::optional<transit::TransitBoard> m_ready;
    Status m_status;
    sync::FeedPoller m_poller{m_settings.backoff, double(std::max(1, m_settings.poll_seconds))};
};

} // namespace kiosk::app
