#include "player/sync/feed_poller.h"

#include <chrono>
#include <random>

namespace kiosk::sync {

void FeedPoller::start(Run attempt, Changed changed) {
    if (m_thread.joinable()) return;
    m_thread = std::thread([this, attempt = std::move(attempt), changed = std::move(changed)] {
        loop(attempt, changed);
    });
}

void FeedPoller::stop() {
    {
        std::lock_guard lock(m_mutex);
        m_stopping = true;
    }
    m_cancel = true;
    m_wake.notify_all();
    if (m_thread.joinable()) m_thread.join();
}

void FeedPoller::loop(const Run& attempt, const Changed& changed) {
    std::mt19937_64 random{std::random_device{}()};
    std::uniform_real_distribution<double> unit(0.0, 1.0);
    std::string last_problem;
    int failures = 0;
    for (;;) {
        const Attempt result = attempt();
        if (m_cancel) return; // a transfer cut short by stop() is no problem to report
        failures = result.problem.empty() ? 0 : failures + 1;
        if (result.problem != last_problem && changed) changed(result.problem, last_problem);
        last_problem = result.problem;
        const double delay =
            next_delay_s(m_backoff, failures, result.retry_after_s, m_poll_s, unit(random));
        std::unique_lock lock(m_mutex);
        if (m_wake.wait_for(lock, std::chrono::duration<double>(delay),
                            [this] { return m_stopping; }))
            return;
    }
}

} // namespace kiosk::sync
