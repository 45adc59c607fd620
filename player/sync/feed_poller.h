#pragma once
// A feed polled on a thread of its own until stopped (the alert feed, the transit feed): one
// attempt at once, then one every poll interval (spread by +-10 %), backing off after
// failures and honouring Retry-After (backoff.h), and each change of problem reported once,
// not once per attempt, so a server down for a day logs one line.
//
// Threading: start() and stop() on the owner's thread; `attempt` and `changed` run on the
// poller's thread, one call at a time. stop() wakes a wait at once and raises the cancel
// flag, which HttpOptions::cancel takes, so a transfer in flight gives up too; after stop()
// returns no callback runs.

#include "player/sync/backoff.h"

#include <atomic>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

namespace kiosk::sync {

class FeedPoller {
  public:
    struct Attempt {
        std::string problem;     // empty: it went well
        long retry_after_s = -1; // the server's Retry-After, or negative
    };
    using Run = std::function<Attempt()>;
    // After an attempt whose problem differs from the last one's ("" is a recovery).
    using Changed = std::function<void(const std::string& problem, const std::string& before)>;

    FeedPoller(BackoffPolicy backoff, double poll_s) : m_backoff(backoff), m_poll_s(poll_s) {}
    ~FeedPoller() { stop(); }
    FeedPoller(const FeedPoller&) = delete;
    FeedPoller& operator=(const FeedPoller&) = delete;

    void start(Run attempt, Changed changed);
    // Idempotent; joins the thread.
    void stop();
    // Raised by stop(): for HttpOptions::cancel, and for loops inside an attempt.
    const std::atomic<bool>* cancel_flag() const { return &m_cancel; }
    bool cancelled() const { return m_cancel.load(); }

  private:
    void loop(const Run& attempt, const Changed& changed);

    BackoffPolicy m_backoff;
    double m_poll_s;
    std::mutex m_mutex;
    std::condition_variable m_wake;
    bool m_stopping = false;
    std::atomic<bool> m_cancel{false};
    std::thread m_thread;
};

} // namespace kiosk::sync
