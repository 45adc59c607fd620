#include "kiosk/app/alert_service.h"

#include "player/alerts/signed_alert.h"
#include "player/bundle/file_io.h"
#include "player/sync/backoff.h"
#include "player/sync/http_client.h"

#include <chrono>
#include <random>

namespace kiosk::app {

namespace {

// Queued alerts not yet drawn; a flood beyond this is dropped oldest first.
constexpr size_t kMaxQueued = 256;

} // namespace

AlertService::AlertService(AlertSources sources, std::function<void()> wake, Log log)
    : m_sources(std::move(sources)), m_wake(std::move(wake)), m_log(std::move(log)) {}

AlertService::~AlertService() {
    stop();
}

void AlertService::push(alerts::CapAlert alert, const std::string& source) {
    // Named before it is queued: once the lock is released the UI thread may take it.
    const std::string identifier = alert.identifier;
    {
        std::lock_guard lock(m_mutex);
        if (m_queue.size() >= kMaxQueued) m_queue.erase(m_queue.begin());
        m_queue.push_back(std::move(alert));
    }
    m_log("alert: received " + identifier + " from " + source);
    if (m_wake) m_wake();
}

std::vector<alerts::CapAlert> AlertService::take() {
    std::lock_guard lock(m_mutex);
    std::vector<alerts::CapAlert> taken = std::move(m_queue);
    m_queue.clear();
    return taken;
}

void AlertService::start() {
    if (!m_sources.spool_dir.empty()) {
        auto spool = alerts::AlertSpool::start(
            m_sources.spool_dir, m_sources.keys,
            [this](alerts::CapAlert alert, const std::string& source) {
                push(std::move(alert), source);
            },
            m_log);
        if (spool)
            m_spool = std::move(*spool);
        else
            m_log("alert: " + spool.error().describe());
    }
    if (!m_sources.broker_url.empty()) {
        auto broker = alerts::parse_broker_url(m_sources.broker_url);
        if (!broker) {
            m_log("alert: " + broker.error().describe());
        } else {
            auto keys = m_sources.keys;
            auto on_message = [this, keys](const std::string& topic, std::string payload) {
                if (payload.empty()) return; // a cleared retained message
                const std::string source = "mqtt " + topic;
                auto parts = alerts::split_signed(payload);
                if (!parts) return m_log("alert: " + source + ": " + parts.error().describe());
                auto alert = alerts::accept_signed(parts->second, parts->first, keys, source);
                if (!alert) return m_log("alert: " + alert.error().describe());
                push(std::move(*alert), source);
            };
            auto subscriber =
                alerts::MqttSubscriber::start(*broker, m_sources.topic + "/#", m_sources.client_id,
                                              on_message, m_log, m_sources.ca_file);
            if (subscriber)
                m_mqtt = std::move(*subscriber);
            else
                m_log("alert: " + subscriber.error().describe());
        }
    }
    if (!m_sources.feed_url.empty()) m_feed = std::thread([this] { poll_feed(); });
}

void AlertService::stop() {
    {
        std::lock_guard lock(m_mutex);
        m_stopping = true;
    }
    m_stop_cv.notify_all();
    if (m_feed.joinable()) m_feed.join();
    if (m_spool) m_spool->stop();
    if (m_mqtt) m_mqtt->stop();
}

void AlertService::poll_feed() {
    sync::HttpOptions http;
    http.ca_file = m_sources.ca_file;
    http.stall_timeout_s = 20;
    std::string etag, last_modified, last_problem;
    std::mt19937_64 random{std::random_device{}()};
    std::uniform_real_distribution<double> unit(0.0, 1.0);
    int failures = 0;
    for (;;) {
        long retry_after = -1;
        std::string problem;
        auto response =
            sync::http_get(m_sources.feed_url, alerts::kMaxCapBytes, http, etag, last_modified);
        if (!response) {
            problem = response.error().describe();
        } else if (response->status == 200) {
            auto sig = sync::http_get(m_sources.feed_url + ".sig", bundle::kMaxKeyFileBytes, http);
            if (!sig || sig->status != 200) {
                problem = m_sources.feed_url + ".sig: " +
                          (sig ? "HTTP " + std::to_string(sig->status) : sig.error().describe());
            } else if (auto alert = alerts::accept_signed(response->body, sig->body, m_sources.keys,
                                                          m_sources.feed_url)) {
                etag = response->etag;
                last_modified = response->last_modified;
                push(std::move(*alert), m_sources.feed_url);
            } else {
                problem = alert.error().describe();
            }
        } else if (response->status != 304 && response->status != 404) {
            // 404: nothing published (no alert in force) is the normal state of a feed.
            problem = m_sources.feed_url + ": HTTP " + std::to_string(response->status);
            retry_after = response->retry_after_s;
        }
        failures = problem.empty() ? 0 : failures + 1;
        if (!problem.empty() && problem != last_problem) m_log("alert: " + problem);
        last_problem = problem;
        const double delay = sync::next_delay_s({2, 300, 1}, failures, retry_after,
                                                m_sources.feed_poll_seconds, unit(random));
        std::unique_lock lock(m_mutex);
        if (m_stop_cv.wait_for(lock, std::chrono::duration<double>(delay),
                               [this] { return m_stopping; }))
            return;
    }
}

} // namespace kiosk::app
