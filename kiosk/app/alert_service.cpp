#include "kiosk/app/alert_service.h"

#include "player/alerts/atom_feed.h"
#include "player/alerts/signed_alert.h"
#include "player/bundle/file_io.h"
#include "player/sync/backoff.h"
#include "player/sync/http_client.h"

#include <algorithm>
#include <chrono>
#include <random>
#include <unordered_map>

namespace kiosk::app {

namespace {

// Queued alerts not yet drawn; a flood beyond this is dropped oldest first.
constexpr size_t kMaxQueued = 256;

// The CAP document at `url`, whose bytes are `cap_bytes`, taken when the signature at
// `url` + ".sig" verifies with one of `keys`. Both forms of the feed end here.
Result<alerts::CapAlert> accept_signed_at(const std::string& url, std::string_view cap_bytes,
                                          const sync::HttpOptions& http,
                                          const std::vector<bundle::PublicKey>& keys) {
    auto sig = sync::http_get(url + ".sig", bundle::kMaxKeyFileBytes, http);
    if (!sig) return sig.error();
    if (sig->status != 200) return make_error(url + ".sig: HTTP " + std::to_string(sig->status));
    return alerts::accept_signed(cap_bytes, sig->body, keys, url);
}

// One signed CAP document at `url` (an entry of an Atom feed): the document, then its
// signature.
Result<alerts::CapAlert> fetch_signed_cap(const std::string& url, const sync::HttpOptions& http,
                                          const std::vector<bundle::PublicKey>& keys) {
    auto cap = sync::http_get(url, alerts::kMaxCapBytes, http);
    if (!cap) return cap.error();
    if (cap->status != 200) return make_error(url + ": HTTP " + std::to_string(cap->status));
    return accept_signed_at(url, cap->body, http, keys);
}

} // namespace

// What the feed thread remembers between polls; only that thread touches it.
struct AlertService::FeedState {
    sync::HttpOptions http;
    std::string etag, last_modified; // of the feed document, once it has been taken
    // The Atom form: the latest feed's usable entries (oldest first), the version (<updated>)
    // of each entry taken, and the failure last logged for each entry not taken. Only ids
    // of the latest feed are kept, so memory stays within kMaxAtomEntries.
    std::vector<alerts::AtomEntry> entries;
    std::unordered_map<std::string, int64_t> taken;
    std::unordered_map<std::string, std::string> failures;
    std::vector<std::string> notes; // the latest feed's skipped entries, as logged

    void forget_atom_form() {
        entries.clear();
        taken.clear();
        failures.clear();
        notes.clear();
    }
    // Entries gone from the feed are forgotten: their CAP documents are no longer fetched
    // (ending an alert is its Cancel's or its expiry's job, not the feed's).
    void forget_unlisted() {
        auto listed = [this](const std::string& id) {
            return std::any_of(entries.begin(), entries.end(),
                               [&](const alerts::AtomEntry& entry) { return entry.id == id; });
        };
        std::erase_if(taken, [&](const auto& item) { return !listed(item.first); });
        std::erase_if(failures, [&](const auto& item) { return !listed(item.first); });
    }
};

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
            auto subscriber = alerts::MqttSubscriber::start(
                *broker, m_sources.topic + "/#", m_sources.client_id, on_message, m_log,
                m_sources.ca_file, m_sources.broker_login);
            if (subscriber)
                m_mqtt = std::move(*subscriber);
            else
                m_log("alert: " + subscriber.error().describe());
        }
    }
    if (!m_sources.feed_url.empty()) start_feed();
}

void AlertService::stop() {
    m_feed.stop();
    if (m_spool) m_spool->stop();
    if (m_mqtt) m_mqtt->stop();
}

void AlertService::start_feed() {
    // The feed's state lives with the poller's thread, the only one that touches it.
    auto state = std::make_shared<FeedState>();
    state->http.ca_file = m_sources.ca_file;
    state->http.stall_timeout_s = 20;
    state->http.cancel = m_feed.cancel_flag();
    m_feed.start(
        [this, state] {
            sync::FeedPoller::Attempt attempt;
            attempt.problem = poll_feed_once(*state, attempt.retry_after_s);
            return attempt;
        },
        [this](const std::string& problem, const std::string&) {
            if (!problem.empty()) m_log("alert: " + problem);
        });
}

std::string AlertService::poll_feed_once(FeedState& state, long& retry_after) {
    const std::string& url = m_sources.feed_url;
    // Fetched up to the Atom limit: a CAP document over its own (smaller) limit is then
    // refused by parse_cap with a message that says so.
    auto response =
        sync::http_get(url, alerts::kMaxAtomBytes, state.http, state.etag, state.last_modified);
    if (!response) return response.error().describe();
    if (response->status == 200) {
        const std::string problem = alerts::is_atom_feed(response->body)
                                        ? take_atom_feed(state, response->body)
                                        : take_cap_document(state, response->body);
        // Validators are kept only once the document was taken: a refused one is fetched
        // whole again on the next poll (it may have been caught mid-publication).
        if (problem.empty()) {
            state.etag = response->etag;
            state.last_modified = response->last_modified;
        }
        return problem;
    }
    if (response->status == 304) {
        take_atom_entries(state); // the entries that failed last time, if any
        return {};
    }
    // 404: nothing published (no alert in force) is the normal state of a feed.
    if (response->status == 404) return {};
    retry_after = response->retry_after_s;
    return url + ": HTTP " + std::to_string(response->status);
}

std::string AlertService::take_cap_document(FeedState& state, const std::string& bytes) {
    state.forget_atom_form();
    auto alert = accept_signed_at(m_sources.feed_url, bytes, state.http, m_sources.keys);
    if (!alert) return alert.error().describe();
    push(std::move(*alert), m_sources.feed_url);
    return {};
}

std::string AlertService::take_atom_feed(FeedState& state, const std::string& bytes) {
    auto feed = alerts::parse_atom_feed(bytes, m_sources.feed_url);
    if (!feed) return feed.error().describe();
    // Each skipped entry is logged once, not on every poll that finds it still there.
    std::vector<std::string> notes;
    for (const Error& error : feed->skipped)
        notes.push_back(error.describe());
    if (feed->skipped_unlisted > 0)
        notes.push_back(m_sources.feed_url + ": " + std::to_string(feed->skipped_unlisted) +
                        " more entries skipped");
    for (const std::string& note : notes)
        if (std::find(state.notes.begin(), state.notes.end(), note) == state.notes.end())
            m_log("alert: " + note);
    state.notes = std::move(notes);
    state.entries = std::move(feed->entries);
    state.forget_unlisted();
    take_atom_entries(state);
    return {};
}

void AlertService::take_atom_entries(FeedState& state) {
    for (const alerts::AtomEntry& entry : state.entries) {
        if (m_feed.cancelled()) return;
        auto taken = state.taken.find(entry.id);
        if (taken != state.taken.end() && taken->second == entry.updated_unix) continue;
        auto url = sync::resolve_url(m_sources.feed_url, entry.href);
        auto alert = url ? fetch_signed_cap(*url, state.http, m_sources.keys)
                         : Result<alerts::CapAlert>(url.error());
        if (alert) {
            state.taken[entry.id] = entry.updated_unix;
            state.failures.erase(entry.id);
            push(std::move(*alert), *url);
            continue;
        }
        if (m_feed.cancelled()) return;
        // Logged once; the entry is tried again on every poll until it is taken or leaves
        // the feed, and the other entries go on meanwhile.
        const std::string problem = m_sources.feed_url + ": entry " + entry.id + " (line " +
                                    std::to_string(entry.line) + "): " + alert.error().describe();
        std::string& logged = state.failures[entry.id];
        if (logged != problem) m_log("alert: " + problem);
        logged = problem;
    }
}

} // namespace kiosk::app
