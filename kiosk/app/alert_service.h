#pragma once
// `kiosk run`'s alert sources, all feeding one queue that the UI thread drains into its
// AlertBoard between frames: the spool folder (inotify), the HTTP feed (polled with ETag,
// the fallback when the broker is down; one CAP document or an Atom feed of them) and MQTT
// push. Every network alert must carry a valid signature from a configured alert key
// (signed_alert.h); refusals are logged.
//
// Threading: construct, start(), stop(), take() on the UI thread; each source runs on its
// own thread and only pushes into the queue (one mutex) and wakes the UI.

#include "player/alerts/alert_spool.h"
#include "player/alerts/cap_alert.h"
#include "player/alerts/mqtt_link.h"
#include "player/bundle/signing.h"
#include "player/sync/feed_poller.h"

#include <atomic>
#include <condition_variable>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace kiosk::app {

struct AlertSources {
    std::vector<bundle::PublicKey> keys;
    std::filesystem::path spool_dir; // empty: none
    // A CAP document (its signature at feed_url + ".sig"), or an Atom feed whose entries
    // link to CAP documents, each signed the same way (player/alerts/atom_feed.h).
    std::string feed_url;
    int feed_poll_seconds = 30;
    std::string broker_url; // mqtt://host:port; empty: no push
    std::string topic;      // the base topic; the kiosk subscribes to topic/#
    std::string client_id;  // stable per terminal, so queued QoS 1 messages reach it
    std::string ca_file;
    alerts::MqttLogin broker_login; // empty username: anonymous
};

class AlertService {
  public:
    using Log = std::function<void(const std::string& line)>;
    AlertService(AlertSources sources, std::function<void()> wake, Log log);
    ~AlertService();
    AlertService(const AlertService&) = delete;
    AlertService& operator=(const AlertService&) = delete;

    // Starts every configured source; a source that cannot start is logged, the others run.
    void start();
    void stop();
    // The alerts received since the last call, oldest first.
    std::vector<alerts::CapAlert> take();

  private:
    struct FeedState;

    void push(alerts::CapAlert alert, const std::string& source);
    void start_feed();
    // One poll: "" when the feed answered as it should, else what went wrong (entries of an
    // Atom feed log their own failures). `retry_after`: the server's, -1 when none.
    std::string poll_feed_once(FeedState& state, long& retry_after);
    std::string take_cap_document(FeedState& state, const std::string& bytes);
    std::string take_atom_feed(FeedState& state, const std::string& bytes);
    void take_atom_entries(FeedState& state);

    AlertSources m_sources;
    std::function<void()> m_wake;
    Log m_log;
    std::mutex m_mutex; // guards m_queue
    std::vector<alerts::CapAlert> m_queue;
    std::unique_ptr<alerts::AlertSpool> m_spool;
    std::unique_ptr<alerts::MqttSubscriber> m_mqtt;
    // The HTTP feed: back-off from 2 s up to 5 min (an alert feed must come back quickly).
    sync::FeedPoller m_feed{{2, 300, 1}, double(m_sources.feed_poll_seconds)};
};

} // namespace kiosk::app
