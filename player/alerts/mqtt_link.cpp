#include "player/alerts/mqtt_link.h"

#include <mosquitto.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <condition_variable>
#include <cstring>
#include <exception>
#include <mutex>
#include <set>
#include <thread>

namespace kiosk::alerts {

namespace {

constexpr int kKeepaliveS = 20; // a dead connection is noticed within 1.5 x this
// Back-off. libmosquitto 2.0's "exponential" back-off is in fact quadratic: the delay
// before reconnect n is min(1 s x n^2, 60 s): 1, 4, 9, 16, 25, 36, 49, 60, 60, ... s.
constexpr unsigned kReconnectMinS = 1;
constexpr unsigned kReconnectMaxS = 60;
constexpr size_t kMqttMaxPayload = 268435455; // the protocol's limit (MQTT_MAX_PAYLOAD)

// mosquitto_lib_init() once per process; libmosquitto is never cleaned up (it holds
// nothing but OpenSSL's global state, which lives as long as the process anyway).
void init_library() {
    static std::once_flag once;
    std::call_once(once, [] { mosquitto_lib_init(); });
}

struct MosquittoDeleter {
    void operator()(mosquitto* handle) const { mosquitto_destroy(handle); }
};
using MosquittoHandle = std::unique_ptr<mosquitto, MosquittoDeleter>;

// What a libmosquitto return code means; MOSQ_ERR_ERRNO defers to errno, which the
// failing call just set on this thread.
std::string mosquitto_error(int rc) {
    if (rc == MOSQ_ERR_ERRNO) return std::strerror(errno);
    return mosquitto_strerror(rc);
}

bool starts_with_ci(std::string_view text, std::string_view prefix) {
    if (text.size() < prefix.size()) return false;
    for (size_t i = 0; i < prefix.size(); ++i) {
        char c = text[i];
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
        if (c != prefix[i]) return false;
    }
    return true;
}

bool host_char(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
           c == '-' || c == '_';
}

bool ipv6_char(char c) {
    return (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F') || (c >= '0' && c <= '9') || c == ':' ||
           c == '.';
}

bool topic_safe(unsigned char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
           c == '_' || c == '-';
}

kiosk::Status configure_tls(mosquitto* handle, const MqttEndpoint& broker,
                            const std::string& ca_file) {
    if (!broker.tls) return Ok{};
    int rc = ca_file.empty()
                 ? mosquitto_int_option(handle, MOSQ_OPT_TLS_USE_OS_CERTS, 1)
                 : mosquitto_tls_set(handle, ca_file.c_str(), nullptr, nullptr, nullptr, nullptr);
    if (rc != MOSQ_ERR_SUCCESS) {
        std::string what = ca_file.empty() ? "the system's CAs" : "CA file " + ca_file;
        return make_error("mqtt: cannot use " + what + " for " + describe(broker) + ": " +
                          mosquitto_error(rc));
    }
    // Verify the broker's certificate and name (the default; said here so it stays so).
    mosquitto_tls_insecure_set(handle, false);
    return Ok{};
}

// What the publisher's callbacks report to the waiting caller.
struct PublishState {
    std::mutex mutex;
    std::condition_variable changed;
    bool connected = false;
    std::string refused; // the broker's CONNACK reason, when it refused
    std::string lost;    // why the last connection ended, when it did
    std::set<int> acked; // message ids the broker acknowledged (PUBACK)
};

PublishState& state_of(void* userdata) {
    return *static_cast<PublishState*>(userdata);
}

// Disconnects and joins libmosquitto's thread on every way out of mqtt_publish().
struct LoopGuard {
    mosquitto* handle = nullptr;
    ~LoopGuard() {
        if (handle == nullptr) return;
        mosquitto_disconnect(handle);
        mosquitto_loop_stop(handle, false);
    }
};

} // namespace

std::string describe(const MqttEndpoint& broker) {
    std::string host =
        broker.host.find(':') != std::string::npos ? "[" + broker.host + "]" : broker.host;
    return std::string(broker.tls ? "mqtts://" : "mqtt://") + host + ":" +
           std::to_string(broker.port);
}

Result<MqttEndpoint> parse_broker_url(std::string_view url) {
    auto refuse = [&](const std::string& why) {
        return make_error("broker URL \"" + std::string(url) + "\": " + why +
                          " (expected mqtt://host[:port] or mqtts://host[:port])");
    };
    MqttEndpoint endpoint;
    std::string_view rest;
    if (starts_with_ci(url, "mqtt://")) {
        rest = url.substr(7);
    } else if (starts_with_ci(url, "mqtts://")) {
        rest = url.substr(8);
        endpoint.tls = true;
        endpoint.port = 8883;
    } else {
        return refuse("not an mqtt:// or mqtts:// URL");
    }
    if (!rest.empty() && rest.back() == '/') rest.remove_suffix(1);
    std::string_view port_text;
    if (!rest.empty() && rest.front() == '[') {
        size_t close = rest.find(']');
        if (close == std::string_view::npos) return refuse("unclosed '[' in the host");
        std::string_view host = rest.substr(1, close - 1);
        if (host.empty() || !std::all_of(host.begin(), host.end(), ipv6_char) ||
            host.find(':') == std::string_view::npos)
            return refuse("not an IPv6 address in brackets");
        endpoint.host = std::string(host);
        rest.remove_prefix(close + 1);
        if (!rest.empty()) {
            if (rest.front() != ':') return refuse("unexpected text after the host");
            port_text = rest.substr(1);
            if (port_text.empty()) return refuse("empty port");
        }
    } else {
        size_t colon = rest.find(':');
        std::string_view host = rest.substr(0, colon);
        if (host.empty()) return refuse("no host");
        auto bad = std::find_if_not(host.begin(), host.end(), host_char);
        if (bad != host.end())
            return refuse(std::string("unexpected '") + *bad + "' in the host" +
                          (*bad == '/'   ? " (no path)"
                           : *bad == '@' ? " (no user info)"
                                         : ""));
        endpoint.host = std::string(host);
        if (colon != std::string_view::npos) {
            port_text = rest.substr(colon + 1);
            if (port_text.empty()) return refuse("empty port");
        }
    }
    if (!port_text.empty()) {
        if (port_text.size() > 5 || !std::all_of(port_text.begin(), port_text.end(),
                                                 [](char c) { return c >= '0' && c <= '9'; }))
            return refuse("the port must be a number from 1 to 65535");
        int port = std::stoi(std::string(port_text));
        if (port < 1 || port > 65535) return refuse("the port must be a number from 1 to 65535");
        endpoint.port = port;
    }
    return endpoint;
}

kiosk::Status mqtt_publish(const MqttEndpoint& broker, const std::string& topic,
                           std::string_view payload, bool retain, int timeout_s,
                           const std::string& ca_file) {
    const std::string where = "mqtt: publishing to " + describe(broker) + " " + topic;
    if (mosquitto_pub_topic_check(topic.c_str()) != MOSQ_ERR_SUCCESS ||
        topic.find('\0') != std::string::npos)
        return make_error(where + ": not a topic one may publish to");
    if (payload.size() > kMqttMaxPayload) return make_error(where + ": payload too large");
    if (timeout_s <= 0) timeout_s = 1;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(timeout_s);
    init_library();

    PublishState state;
    MosquittoHandle handle(mosquitto_new(nullptr, true, &state));
    if (!handle) return make_error(where + ": " + std::strerror(errno));
    if (auto tls = configure_tls(handle.get(), broker, ca_file); !tls) return tls.error();
    mosquitto_connect_callback_set(handle.get(), [](mosquitto*, void* userdata, int rc) {
        PublishState& s = state_of(userdata);
        std::lock_guard lock(s.mutex);
        if (rc == 0)
            s.connected = true;
        else
            s.refused = mosquitto_connack_string(rc);
        s.changed.notify_all();
    });
    mosquitto_disconnect_callback_set(handle.get(), [](mosquitto*, void* userdata, int rc) {
        PublishState& s = state_of(userdata);
        std::lock_guard lock(s.mutex);
        s.connected = false;
        s.lost = mosquitto_strerror(rc);
        s.changed.notify_all();
    });
    mosquitto_publish_callback_set(handle.get(), [](mosquitto*, void* userdata, int mid) {
        PublishState& s = state_of(userdata);
        std::lock_guard lock(s.mutex);
        s.acked.insert(mid);
        s.changed.notify_all();
    });

    int rc = mosquitto_connect_async(handle.get(), broker.host.c_str(), broker.port, kKeepaliveS);
    if (rc != MOSQ_ERR_SUCCESS) {
        const std::string why = mosquitto_error(rc); // before anything else touches errno
        return make_error(where + ": cannot connect: " + why);
    }
    rc = mosquitto_loop_start(handle.get());
    if (rc != MOSQ_ERR_SUCCESS)
        return make_error(where + ": cannot start the client thread: " + mosquitto_error(rc));
    LoopGuard guard{handle.get()};

    std::unique_lock lock(state.mutex);
    state.changed.wait_until(lock, deadline,
                             [&] { return state.connected || !state.refused.empty(); });
    if (!state.refused.empty())
        return make_error(where + ": the broker refused the connection: " + state.refused);
    if (!state.connected)
        return make_error(where + ": no connection within " + std::to_string(timeout_s) + " s" +
                          (state.lost.empty() ? "" : " (" + state.lost + ")"));
    lock.unlock();

    int mid = 0;
    rc = mosquitto_publish(handle.get(), &mid, topic.c_str(), static_cast<int>(payload.size()),
                           payload.empty() ? nullptr : payload.data(), 1, retain);
    if (rc != MOSQ_ERR_SUCCESS) return make_error(where + ": " + mosquitto_error(rc));
    lock.lock();
    if (!state.changed.wait_until(lock, deadline, [&] { return state.acked.count(mid) > 0; }))
        return make_error(where + ": the broker did not acknowledge within " +
                          std::to_string(timeout_s) + " s" +
                          (state.lost.empty() ? "" : " (" + state.lost + ")"));
    return Ok{};
}

struct MqttSubscriber::Impl {
    MqttEndpoint broker;
    std::string topic_filter;
    std::string client_id;
    OnMessage on_message;
    Log log;
    MosquittoHandle handle;
    bool loop_started = false; // set by start() or `connector`; read after joining it

    // When the first connect fails at once (broker down, no route), libmosquitto 2.0's
    // loop thread never retries it: this thread does, with the same back-off, and starts
    // libmosquitto's loop once a connect is under way. It waits on `wake`, so stop() ends it
    // at once.
    std::thread connector;
    std::mutex mutex;
    std::condition_variable wake;
    bool stopping = false;
    // Owned by libmosquitto's thread (callbacks), read by connected() from anywhere.
    std::atomic<bool> subscribed{false};
    int subscribe_mid = -1; // libmosquitto's thread only

    void say(const std::string& line) noexcept {
        if (!log) return;
        try {
            log(line);
        } catch (...) {
            // A logger that throws must not unwind through libmosquitto's C frames.
        }
    }

    void keep_connecting() {
        for (unsigned attempt = 1;; ++attempt) {
            const unsigned delay = std::min(kReconnectMinS * attempt * attempt, kReconnectMaxS);
            {
                std::unique_lock lock(mutex);
                if (wake.wait_for(lock, std::chrono::seconds(delay), [&] { return stopping; }))
                    return;
            }
            int rc = mosquitto_connect_async(handle.get(), broker.host.c_str(), broker.port,
                                             kKeepaliveS);
            if (rc != MOSQ_ERR_SUCCESS) continue; // logged once by start()
            rc = mosquitto_loop_start(handle.get());
            if (rc != MOSQ_ERR_SUCCESS) {
                say("mqtt: cannot start the client thread: " + mosquitto_error(rc));
                return;
            }
            std::lock_guard lock(mutex);
            loop_started = true;
            return;
        }
    }

    static Impl& of(void* userdata) { return *static_cast<Impl*>(userdata); }

    static void handle_connect(mosquitto* handle, void* userdata, int rc, int flags) {
        Impl& self = of(userdata);
        if (rc != 0) {
            self.say("mqtt: " + describe(self.broker) + " refused the connection: " +
                     mosquitto_connack_string(rc) + "; trying again with back-off");
            return;
        }
        bool session_present = (flags & 1) != 0;
        self.say("mqtt: connected to " + describe(self.broker) + " as " + self.client_id +
                 (session_present ? " (session resumed)" : " (new session)"));
        int mid = 0;
        int sub = mosquitto_subscribe(handle, &mid, self.topic_filter.c_str(), 1);
        if (sub != MOSQ_ERR_SUCCESS) {
            self.say("mqtt: cannot subscribe to " + self.topic_filter + ": " +
                     mosquitto_error(sub));
            return;
        }
        self.subscribe_mid = mid;
    }

    static void handle_subscribe(mosquitto*, void* userdata, int mid, int count,
                                 const int* granted) {
        Impl& self = of(userdata);
        if (mid != self.subscribe_mid) return;
        if (count < 1 || granted[0] > 2) { // 0x80: the broker refused the subscription
            self.say("mqtt: " + describe(self.broker) + " refused the subscription to " +
                     self.topic_filter);
            return;
        }
        self.subscribed = true;
    }

    static void handle_disconnect(mosquitto*, void* userdata, int rc) {
        Impl& self = of(userdata);
        self.subscribed = false;
        if (rc == 0)
            self.say("mqtt: disconnected from " + describe(self.broker));
        else
            self.say("mqtt: lost the connection to " + describe(self.broker) + " (" +
                     mosquitto_strerror(rc) + "); reconnecting with back-off (" +
                     std::to_string(kReconnectMinS) + " s to " + std::to_string(kReconnectMaxS) +
                     " s)");
    }

    static void handle_message(mosquitto*, void* userdata, const mosquitto_message* message) {
        Impl& self = of(userdata);
        const size_t size = message->payloadlen > 0 ? static_cast<size_t>(message->payloadlen) : 0;
        const std::string topic = message->topic != nullptr ? message->topic : "";
        if (size == 0) return; // a retained message being cleared
        if (size > kMaxMqttPayloadBytes) {
            self.say("mqtt: dropped a message of " + std::to_string(size) + " bytes on " + topic +
                     " (limit " + std::to_string(kMaxMqttPayloadBytes) + " bytes)");
            return;
        }
        if (!self.on_message) return;
        try {
            self.on_message(topic, std::string(static_cast<const char*>(message->payload), size));
        } catch (const std::exception& e) {
            self.say("mqtt: the handler of a message on " + topic + " failed: " + e.what());
        } catch (...) {
            self.say("mqtt: the handler of a message on " + topic + " failed");
        }
    }
};

MqttSubscriber::MqttSubscriber(std::unique_ptr<Impl> impl) : m_impl(std::move(impl)) {}

MqttSubscriber::~MqttSubscriber() {
    stop();
}

Result<std::unique_ptr<MqttSubscriber>>
MqttSubscriber::start(const MqttEndpoint& broker, std::string topic_filter, std::string client_id,
                      OnMessage on_message, Log log, const std::string& ca_file) {
    const std::string where = "mqtt: subscribing to " + describe(broker) + " " + topic_filter;
    if (topic_filter.find('\0') != std::string::npos ||
        mosquitto_sub_topic_check(topic_filter.c_str()) != MOSQ_ERR_SUCCESS)
        return make_error(where + ": not a valid topic filter");
    if (client_id.empty() || client_id.size() > 65535 ||
        client_id.find('\0') != std::string::npos ||
        mosquitto_validate_utf8(client_id.c_str(), static_cast<int>(client_id.size())) !=
            MOSQ_ERR_SUCCESS)
        return make_error(where + ": the client id must be non-empty UTF-8 (the terminal's id)");
    init_library();

    auto impl = std::make_unique<Impl>();
    impl->broker = broker;
    impl->topic_filter = std::move(topic_filter);
    impl->client_id = std::move(client_id);
    impl->on_message = std::move(on_message);
    impl->log = std::move(log);
    // clean_session=false: the broker keeps the subscription and queues QoS 1 messages.
    impl->handle.reset(mosquitto_new(impl->client_id.c_str(), false, impl.get()));
    if (!impl->handle) return make_error(where + ": " + std::strerror(errno));
    mosquitto* handle = impl->handle.get();
    if (auto tls = configure_tls(handle, broker, ca_file); !tls) return tls.error();
    mosquitto_connect_with_flags_callback_set(handle, &Impl::handle_connect);
    mosquitto_subscribe_callback_set(handle, &Impl::handle_subscribe);
    mosquitto_disconnect_callback_set(handle, &Impl::handle_disconnect);
    mosquitto_message_callback_set(handle, &Impl::handle_message);
    mosquitto_reconnect_delay_set(handle, kReconnectMinS, kReconnectMaxS, true);

    // A broker that is down now is not an error: `connector` retries with back-off.
    int rc =
        mosquitto_connect_async(handle, impl->broker.host.c_str(), impl->broker.port, kKeepaliveS);
    if (rc != MOSQ_ERR_SUCCESS) {
        const std::string why = mosquitto_error(rc); // before anything else touches errno
        impl->say("mqtt: cannot connect to " + describe(impl->broker) + " yet (" + why +
                  "); trying again with back-off");
        Impl* self = impl.get();
        impl->connector = std::thread([self] { self->keep_connecting(); });
    } else {
        rc = mosquitto_loop_start(handle);
        if (rc != MOSQ_ERR_SUCCESS)
            return make_error(where + ": cannot start the client thread: " + mosquitto_error(rc));
        impl->loop_started = true;
    }
    return std::unique_ptr<MqttSubscriber>(new MqttSubscriber(std::move(impl)));
}

void MqttSubscriber::stop() {
    if (!m_impl || !m_impl->handle) return;
    {
        std::lock_guard lock(m_impl->mutex);
        m_impl->stopping = true;
    }
    m_impl->wake.notify_all();
    if (m_impl->connector.joinable()) m_impl->connector.join();
    mosquitto* handle = m_impl->handle.get();
    mosquitto_disconnect(handle);
    if (m_impl->loop_started) mosquitto_loop_stop(handle, false);
    m_impl->loop_started = false;
    m_impl->handle.reset();
    m_impl->subscribed = false;
}

bool MqttSubscriber::connected() const {
    return m_impl && m_impl->subscribed;
}

std::string frame_signed(std::string_view sig_hex, std::string_view cap_bytes) {
    std::string payload;
    payload.reserve(sig_hex.size() + 1 + cap_bytes.size());
    payload.append(sig_hex);
    payload += '\n';
    payload.append(cap_bytes);
    return payload;
}

Result<std::pair<std::string, std::string>> split_signed(std::string_view payload) {
    const size_t newline = payload.find('\n');
    if (newline == std::string_view::npos)
        return make_error("signed alert: no signature line (expected 128 lowercase hex digits, "
                          "a newline, then the CAP XML)");
    if (newline != kSignatureHexDigits)
        return make_error("signed alert: the signature line has " + std::to_string(newline) +
                          " characters, expected 128 lowercase hex digits");
    std::string_view sig = payload.substr(0, newline);
    auto lower_hex = [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); };
    auto bad = std::find_if_not(sig.begin(), sig.end(), lower_hex);
    if (bad != sig.end())
        return make_error("signed alert: the signature line has a character that is not a "
                          "lowercase hex digit at position " +
                          std::to_string(bad - sig.begin() + 1));
    std::string_view cap = payload.substr(newline + 1);
    if (cap.empty()) return make_error("signed alert: no CAP XML after the signature line");
    if (cap.size() > kMaxCapBytes)
        return make_error("signed alert: the CAP XML has " + std::to_string(cap.size()) +
                          " bytes, more than the limit of " + std::to_string(kMaxCapBytes));
    return std::pair<std::string, std::string>(std::string(sig), std::string(cap));
}

std::string alert_topic(std::string_view base, std::string_view identifier) {
    while (!base.empty() && base.back() == '/')
        base.remove_suffix(1);
    std::string topic(base);
    topic += '/';
    if (identifier.empty()) return topic + '_';
    for (char c : identifier)
        topic += topic_safe(static_cast<unsigned char>(c)) ? c : '_';
    return topic;
}

} // namespace kiosk::alerts
