#include "player/alerts/mqtt_link.h"

#include "player/bundle/file_io.h"

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
#include <system_error>
#include <thread>

namespace kiosk::alerts {

namespace {

using Clock = std::chrono::steady_clock;

constexpr int kKeepaliveS = 20; // a dead connection is noticed within 1.5 x this
// The subscriber's back-off between attempts: 1 s, doubled after each failure, at most 60 s.
constexpr std::chrono::seconds kBackoffMin{1};
constexpr std::chrono::seconds kBackoffMax{60};
// A connection the broker accepted and that lasted this long starts the back-off again at
// 1 s; one that ends sooner (a broker that accepts and then drops the client, e.g. another
// terminal under the same client id taking the session over) goes on growing it.
constexpr std::chrono::seconds kStableConnection{10};
// How long one mosquitto_loop() waits for the network. stop() wakes it at once (through
// mosquitto_disconnect(), which pokes libmosquitto's wake-up pipe); this bounds the rare
// case where that poke lands just before the wait, and paces keepalive checks.
constexpr int kLoopTimeoutMs = 1000;
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

kiosk::Status configure_login(mosquitto* handle, const MqttEndpoint& broker,
                              const MqttLogin& login) {
    if (login.username.empty()) return Ok{};
    int rc = mosquitto_username_pw_set(handle, login.username.c_str(), login.password.c_str());
    if (rc != MOSQ_ERR_SUCCESS)
        return make_error("mqtt: cannot use the user name " + login.username + " for " +
                          describe(broker) + ": " + mosquitto_error(rc));
    return Ok{};
}

// libmosquitto returns MOSQ_ERR_TLS for every failed handshake; what failed (the OpenSSL
// reason: "certificate verify failed") it only logs. Each client keeps the last such line.
template <typename State> void keep_library_errors(mosquitto* handle) {
    mosquitto_log_callback_set(handle, [](mosquitto*, void* userdata, int level, const char* text) {
        if (level == MOSQ_LOG_ERR && text != nullptr)
            static_cast<State*>(userdata)->library_error = text;
    });
}

// Why a connect or a connection failed: `rc` from libmosquitto, the errno saved right after
// the call, the last error line libmosquitto logged.
std::string failure_reason(int rc, int saved_errno, const std::string& library_error) {
    // After a TLS read error libmosquitto sets errno to EPROTO; the log has the reason.
    const bool tls = rc == MOSQ_ERR_TLS ||
                     (rc == MOSQ_ERR_ERRNO && saved_errno == EPROTO && !library_error.empty());
    if (tls) {
        std::string detail = library_error;
        // "OpenSSL Error[0]: error:0A000086:SSL routines::certificate verify failed"
        if (size_t colon = detail.find("]: ");
            detail.starts_with("OpenSSL Error[") && colon != std::string::npos)
            detail.erase(0, colon + 3);
        return "TLS: " + (detail.empty() ? std::string("the handshake failed") : detail);
    }
    if (rc == MOSQ_ERR_ERRNO) return std::strerror(saved_errno);
    return mosquitto_strerror(rc);
}

// The broker's reason for a refused CONNACK, without libmosquitto's final period (it goes
// into the middle of sentences).
std::string connack_reason(int code) {
    std::string text = mosquitto_connack_string(code);
    if (!text.empty() && text.back() == '.') text.pop_back();
    return text;
}

// What the publisher's callbacks report; mqtt_publish() runs the client on its caller's
// thread, so they run there too.
struct PublishState {
    bool connected = false;
    std::string refused;       // the broker's CONNACK reason, when it refused
    std::string library_error; // keep_library_errors()
    std::set<int> acked;       // message ids the broker acknowledged (PUBACK)
};

PublishState& state_of(void* userdata) {
    return *static_cast<PublishState*>(userdata);
}

} // namespace

std::string describe(const MqttEndpoint& broker) {
    std::string host =
        broker.host.find(':') != std::string::npos ? "[" + broker.host + "]" : broker.host;
    return std::string(broker.tls ? "mqtts://" : "mqtt://") + host + ":" +
           std::to_string(broker.port);
}

Result<MqttLogin> read_mqtt_login(std::string username,
                                  const std::filesystem::path& password_file) {
    MqttLogin login;
    if (username.empty()) return login;
    if (password_file.empty())
        return make_error("MQTT user " + username + " needs a password file");
    auto text = bundle::read_file(password_file, 1024);
    if (!text) return text.error();
    std::string password = std::move(*text);
    if (password.ends_with('\n')) password.pop_back();
    if (password.ends_with('\r')) password.pop_back();
    if (password.empty() || password.find_first_of("\r\n") != std::string::npos)
        return make_error(password_file.string(), 0, "write the MQTT password alone on one line");
    login.username = std::move(username);
    login.password = std::move(password);
    return login;
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
                           const std::string& ca_file, const MqttLogin& login) {
    const std::string where = "mqtt: publishing to " + describe(broker) + " " + topic;
    if (mosquitto_pub_topic_check(topic.c_str()) != MOSQ_ERR_SUCCESS ||
        topic.find('\0') != std::string::npos)
        return make_error(where + ": not a topic one may publish to");
    if (payload.size() > kMqttMaxPayload) return make_error(where + ": payload too large");
    if (timeout_s <= 0) timeout_s = 1;
    const auto deadline = Clock::now() + std::chrono::seconds(timeout_s);
    init_library();

    PublishState state;
    MosquittoHandle handle(mosquitto_new(nullptr, true, &state));
    if (!handle) return make_error(where + ": " + std::strerror(errno));
    if (auto tls = configure_tls(handle.get(), broker, ca_file); !tls) return tls.error();
    if (auto user = configure_login(handle.get(), broker, login); !user) return user.error();
    mosquitto_connect_callback_set(handle.get(), [](mosquitto*, void* userdata, int rc) {
        PublishState& s = state_of(userdata);
        if (rc == 0)
            s.connected = true;
        else
            s.refused = connack_reason(rc);
    });
    mosquitto_publish_callback_set(handle.get(), [](mosquitto*, void* userdata, int mid) {
        state_of(userdata).acked.insert(mid);
    });
    keep_library_errors<PublishState>(handle.get());

    // The client runs on this thread (mosquitto_loop) until the broker has acknowledged, a
    // failure ends the wait at once with its reason, or the deadline passes.
    int rc = mosquitto_connect_async(handle.get(), broker.host.c_str(), broker.port, kKeepaliveS);
    int saved_errno = errno;
    if (rc != MOSQ_ERR_SUCCESS)
        return make_error(
            where + ": cannot connect: " + failure_reason(rc, saved_errno, state.library_error));
    enum class Wait { Done, Failed, TimedOut };
    auto run_until = [&](auto done) {
        while (!done()) {
            const auto left =
                std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
            if (left.count() <= 0) return Wait::TimedOut;
            rc = mosquitto_loop(handle.get(),
                                static_cast<int>(std::min<long long>(left.count(), 1000)), 1);
            saved_errno = errno;
            if (rc != MOSQ_ERR_SUCCESS) return done() ? Wait::Done : Wait::Failed;
        }
        return Wait::Done;
    };
    auto why = [&] { return failure_reason(rc, saved_errno, state.library_error); };

    Wait connected = run_until([&] { return state.connected || !state.refused.empty(); });
    if (!state.refused.empty())
        return make_error(where + ": the broker refused the connection: " + state.refused);
    if (connected == Wait::Failed) return make_error(where + ": cannot connect: " + why());
    if (connected == Wait::TimedOut)
        return make_error(where + ": no connection within " + std::to_string(timeout_s) + " s");

    int mid = 0;
    rc = mosquitto_publish(handle.get(), &mid, topic.c_str(), static_cast<int>(payload.size()),
                           payload.empty() ? nullptr : payload.data(), 1, retain);
    if (rc != MOSQ_ERR_SUCCESS) return make_error(where + ": " + mosquitto_error(rc));
    Wait acked = run_until([&] { return state.acked.count(mid) > 0; });
    if (acked == Wait::Failed)
        return make_error(where + ": the connection ended before the broker acknowledged (" +
                          why() + ")");
    if (acked == Wait::TimedOut)
        return make_error(where + ": the broker did not acknowledge within " +
                          std::to_string(timeout_s) + " s");
    // Not threaded and outside a callback: the DISCONNECT is written before this returns.
    mosquitto_disconnect(handle.get());
    return Ok{};
}

struct MqttSubscriber::Impl {
    MqttEndpoint broker;
    std::string topic_filter;
    std::string client_id;
    OnMessage on_message;
    Log log;
    MosquittoHandle handle;

    // The supervisor: our thread runs libmosquitto's loop and makes every connect itself.
    // libmosquitto's own thread (mosquitto_loop_start) ends for good on some failures (a TLS
    // error, a certificate the terminal does not trust) and never retries a first connect that
    // fails at once; here every failure is retried with the same back-off. The thread waits on
    // `wake` between attempts, so stop() ends the wait at once.
    std::thread thread;
    // stopping, and the client between the thread's connect calls and stop()'s disconnect
    // (libmosquitto lets mosquitto_disconnect() run beside mosquitto_loop() in threaded mode,
    // not beside a connect, which replaces the socket and the wake-up pipe).
    std::mutex mutex;
    std::condition_variable wake;
    std::atomic<bool> stopping{false};
    std::atomic<bool> subscribed{false}; // written by the thread, read by connected()

    // The thread's own, reset before each attempt.
    bool accepted = false;     // the broker accepted this connection (CONNACK 0)
    std::string refused;       // ... or refused it: the broker's reason
    std::string library_error; // keep_library_errors()
    int subscribe_mid = -1;

    void say(const std::string& line) noexcept {
        if (!log) return;
        try {
            log(line);
        } catch (...) {
            // A logger that throws must not unwind through libmosquitto's C frames.
        }
    }

    // How one attempt ended: stopped, or the log line that says why. The line holds no count
    // nor time, so two equal lines mean an unchanged reason.
    struct Outcome {
        bool stopped = false;
        bool accepted = false;
        std::string line;
    };

    void run() {
        const std::string backoff = " with back-off (" + std::to_string(kBackoffMin.count()) +
                                    " s to " + std::to_string(kBackoffMax.count()) + " s)";
        std::chrono::seconds delay{0}; // the first attempt at once
        std::string last_line;         // a failure is logged when its reason changes
        for (;;) {
            {
                std::unique_lock lock(mutex);
                if (wake.wait_for(lock, delay, [&] { return stopping.load(); })) return;
            }
            const auto began = Clock::now();
            Outcome outcome = attempt(backoff);
            if (outcome.stopped) return;
            const bool stable = outcome.accepted && Clock::now() - began >= kStableConnection;
            delay = (stable || delay.count() == 0) ? kBackoffMin : std::min(delay * 2, kBackoffMax);
            if (outcome.accepted) last_line.clear(); // every lost connection is news
            if (outcome.line != last_line) say(outcome.line);
            last_line = outcome.line;
        }
    }

    Outcome attempt(const std::string& backoff) {
        mosquitto* client = handle.get();
        int rc = MOSQ_ERR_SUCCESS;
        int saved_errno = 0;
        {
            std::lock_guard lock(mutex);
            if (stopping) return {true, false, {}};
            accepted = false;
            refused.clear();
            library_error.clear();
            // Resolves the name and may complete a TLS handshake before it returns: stop()
            // waits for that (its lock).
            rc = mosquitto_connect_async(client, broker.host.c_str(), broker.port, kKeepaliveS);
            saved_errno = errno;
        }
        while (rc == MOSQ_ERR_SUCCESS && !stopping) {
            rc = mosquitto_loop(client, kLoopTimeoutMs, 1);
            saved_errno = errno;
        }
        subscribed = false;
        if (stopping) {
            // Let the DISCONNECT stop() queued go out, briefly: the broker then ends the
            // session's connection cleanly rather than seeing it drop.
            for (int i = 0; i < 3 && accepted && mosquitto_socket(client) >= 0; ++i)
                if (mosquitto_loop(client, 100, 1) != MOSQ_ERR_SUCCESS) break;
            return {true, accepted, {}};
        }
        const std::string where = describe(broker);
        const std::string why = failure_reason(rc, saved_errno, library_error);
        if (accepted)
            return {false, true,
                    "mqtt: lost the connection to " + where + " (" + why + "); reconnecting" +
                        backoff};
        if (!refused.empty())
            return {false, false,
                    "mqtt: " + where + " refused the connection: " + refused + "; trying again" +
                        backoff};
        return {false, false,
                "mqtt: cannot connect to " + where + " (" + why + "); trying again" + backoff};
    }

    static Impl& of(void* userdata) { return *static_cast<Impl*>(userdata); }

    static void handle_connect(mosquitto* handle, void* userdata, int rc, int flags) {
        Impl& self = of(userdata);
        if (rc != 0) {
            self.refused = connack_reason(rc); // logged by run(), once per reason
            return;
        }
        self.accepted = true;
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
        // A connection that failed or was lost is logged by run(); 0 is stop()'s own.
        if (rc == 0 && self.accepted) self.say("mqtt: disconnected from " + describe(self.broker));
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
                      OnMessage on_message, Log log, const std::string& ca_file,
                      const MqttLogin& login) {
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
    if (auto user = configure_login(handle, broker, login); !user) return user.error();
    // stop() calls mosquitto_disconnect() from its thread while ours runs the loop.
    mosquitto_threaded_set(handle, true);
    mosquitto_connect_with_flags_callback_set(handle, &Impl::handle_connect);
    mosquitto_subscribe_callback_set(handle, &Impl::handle_subscribe);
    mosquitto_disconnect_callback_set(handle, &Impl::handle_disconnect);
    mosquitto_message_callback_set(handle, &Impl::handle_message);
    keep_library_errors<Impl>(handle);

    Impl* self = impl.get();
    try {
        impl->thread = std::thread([self] { self->run(); });
    } catch (const std::system_error& e) {
        return make_error(where + ": cannot start the client thread: " + e.what());
    }
    return std::unique_ptr<MqttSubscriber>(new MqttSubscriber(std::move(impl)));
}

void MqttSubscriber::stop() {
    if (!m_impl || !m_impl->handle) return;
    {
        std::lock_guard lock(m_impl->mutex);
        m_impl->stopping = true;
        // Queues a DISCONNECT and wakes the loop out of its wait for the network; between
        // attempts (no connection) it only marks the client disconnected.
        mosquitto_disconnect(m_impl->handle.get());
    }
    m_impl->wake.notify_all();
    if (m_impl->thread.joinable()) m_impl->thread.join();
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
