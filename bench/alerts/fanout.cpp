// MQTT fan-out: N subscribers (default 500) on one local Mosquitto and one publisher; for each
// round, one QoS 1 message of about a signed CAP alert's size published to all of them.
// Prints, over every delivery of every round, the time from the publish call to the
// subscriber's receipt (p50/p99/max), and per round the time until the last subscriber had it.
//   build/bench/alerts/alert_fanout [SUBSCRIBERS] [ROUNDS]      (bench/alerts/run.sh)
// Starts its own broker on a free loopback port (the test fixture's MosquittoBroker).
//
// Every client (the subscribers and the publisher) is a libmosquitto client driven by this one
// thread: poll() over mosquitto_socket() of each, then mosquitto_loop_read/_write/_misc.
// libmosquitto's own loop (mosquitto_loop, mosquitto_loop_start) uses select(), which cannot
// watch a descriptor above FD_SETSIZE (1024); each client holds three (its socket and a
// wake-up pipe), so that loop stops near 330 clients per process. A terminal has one.
// One thread takes every receipt in turn, so the later ones in a round include the time to
// handle the earlier ones (microseconds each): the figures are an upper bound for terminals
// that each have their own CPU.

#include "../../tests/support/mosquitto_broker.h"

#include <mosquitto.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <poll.h>
#include <string>
#include <sys/resource.h>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;

constexpr int kKeepaliveS = 60;
constexpr int kConnectingAtOnce = 64; // more would overflow the broker's listen backlog
constexpr auto kSetupDeadline = std::chrono::seconds(120);
constexpr auto kRoundDeadline = std::chrono::seconds(30);

double ms_since(Clock::time_point start) {
    return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

std::string load_average() {
    std::ifstream in("/proc/loadavg");
    std::string one, five, fifteen;
    in >> one >> five >> fifteen;
    return one + " " + five + " " + fifteen;
}

// The broker's "Max open files" soft limit, from /proc (it inherits ours).
std::string open_files_limit(pid_t pid) {
    std::ifstream in("/proc/" + std::to_string(pid) + "/limits");
    for (std::string line; std::getline(in, line);)
        if (line.starts_with("Max open files")) {
            size_t start = line.find_first_of("0123456789");
            return start == std::string::npos ? "?"
                                              : line.substr(start, line.find(' ', start) - start);
        }
    return "?";
}

struct Bench;

struct Client {
    Bench* bench = nullptr;
    mosquitto* handle = nullptr;
    bool connecting = false;
    bool subscribed = false;
    int received_round = -1; // the last round this subscriber received
};

struct Bench {
    std::vector<Client> subscribers;
    Client publisher;
    int connecting = 0;
    int subscribed = 0;
    bool publisher_connected = false;
    std::string failure; // the first thing that went wrong; ends the run

    int round = -1;
    Clock::time_point sent_at;
    int received = 0; // in this round
    std::vector<double> latencies_ms;
    std::vector<double> round_last_ms; // per round: publish to the last receipt
};

Client& client_of(void* userdata) {
    return *static_cast<Client*>(userdata);
}

void on_connect(mosquitto* handle, void* userdata, int rc) {
    Client& client = client_of(userdata);
    Bench& bench = *client.bench;
    if (client.connecting) {
        client.connecting = false;
        --bench.connecting;
    }
    if (rc != 0) {
        bench.failure = std::string("broker refused a client: ") + mosquitto_connack_string(rc);
        return;
    }
    if (&client == &bench.publisher) {
        bench.publisher_connected = true;
        return;
    }
    if (mosquitto_subscribe(handle, nullptr, "bench/alerts/#", 1) != MOSQ_ERR_SUCCESS)
        bench.failure = "cannot subscribe";
}

void on_subscribe(mosquitto*, void* userdata, int, int, const int*) {
    Client& client = client_of(userdata);
    if (!client.subscribed) {
        client.subscribed = true;
        ++client.bench->subscribed;
    }
}

void on_message(mosquitto*, void* userdata, const mosquitto_message* message) {
    Client& client = client_of(userdata);
    Bench& bench = *client.bench;
    if (message->payloadlen == 0 || bench.round < 0 || client.received_round == bench.round) return;
    client.received_round = bench.round;
    const double ms = ms_since(bench.sent_at);
    bench.latencies_ms.push_back(ms);
    if (++bench.received == static_cast<int>(bench.subscribers.size()))
        bench.round_last_ms.push_back(ms);
}

bool start_client(Client& client, Bench& bench, const std::string& id, int port) {
    client.bench = &bench;
    client.handle = mosquitto_new(id.c_str(), true, &client);
    if (client.handle == nullptr) return false;
    mosquitto_connect_callback_set(client.handle, on_connect);
    mosquitto_subscribe_callback_set(client.handle, on_subscribe);
    mosquitto_message_callback_set(client.handle, on_message);
    if (mosquitto_connect_async(client.handle, "127.0.0.1", port, kKeepaliveS) != MOSQ_ERR_SUCCESS)
        return false;
    client.connecting = true;
    ++bench.connecting;
    return true;
}

// One pass of the event loop over every client that has a socket: wait up to `timeout_ms`,
// then read, write and keepalive as each needs.
void poll_once(Bench& bench, int timeout_ms) {
    std::vector<pollfd> fds;
    std::vector<Client*> owners;
    auto add = [&](Client& client) {
        if (client.handle == nullptr) return;
        const int fd = mosquitto_socket(client.handle);
        if (fd < 0) return;
        short events = POLLIN;
        if (mosquitto_want_write(client.handle)) events |= POLLOUT;
        fds.push_back({fd, events, 0});
        owners.push_back(&client);
    };
    add(bench.publisher);
    for (auto& client : bench.subscribers)
        add(client);
    if (::poll(fds.data(), fds.size(), timeout_ms) < 0) return; // EINTR: the next pass
    for (size_t i = 0; i < fds.size(); ++i) {
        mosquitto* handle = owners[i]->handle;
        int rc = MOSQ_ERR_SUCCESS;
        if (fds[i].revents & (POLLIN | POLLERR | POLLHUP)) rc = mosquitto_loop_read(handle, 1);
        if (rc == MOSQ_ERR_SUCCESS && (fds[i].revents & POLLOUT))
            rc = mosquitto_loop_write(handle, 1);
        if (rc == MOSQ_ERR_SUCCESS) rc = mosquitto_loop_misc(handle);
        if (rc != MOSQ_ERR_SUCCESS && bench.failure.empty())
            bench.failure = std::string("a client lost its connection: ") + mosquitto_strerror(rc);
    }
}

double percentile(const std::vector<double>& sorted, double p) {
    if (sorted.empty()) return 0.0;
    return sorted[std::min(sorted.size() - 1, static_cast<size_t>(p * sorted.size()))];
}

} // namespace

int main(int argc, char** argv) {
    const int subscribers = argc > 1 ? std::atoi(argv[1]) : 500;
    const int rounds = argc > 2 ? std::atoi(argv[2]) : 20;
    if (subscribers < 1 || rounds < 1) {
        std::fprintf(stderr, "usage: alert_fanout [SUBSCRIBERS >= 1] [ROUNDS >= 1]\n");
        return 2;
    }
    // Three descriptors per client here, one per client in the broker (which inherits this
    // limit): 500 of them need more than the usual soft limit of 1024.
    rlimit files{};
    if (::getrlimit(RLIMIT_NOFILE, &files) == 0 && files.rlim_cur < files.rlim_max) {
        files.rlim_cur = files.rlim_max;
        ::setrlimit(RLIMIT_NOFILE, &files);
    }
    const rlim_t needed = static_cast<rlim_t>(subscribers) * 3 + 64;
    if (files.rlim_cur < needed) {
        std::fprintf(stderr,
                     "alert_fanout: %d subscribers need %llu descriptors, the limit is %llu\n",
                     subscribers, static_cast<unsigned long long>(needed),
                     static_cast<unsigned long long>(files.rlim_cur));
        return 1;
    }
    std::printf("machine_load_average: %s (1, 5, 15 min, at start)\n", load_average().c_str());

    std::string error;
    auto broker = kiosk::test::MosquittoBroker::start(&error);
    if (!broker) {
        std::fprintf(stderr, "alert_fanout: %s\n", error.c_str());
        return 1;
    }
    // Mosquitto 2.0 takes any number of clients (max_connections -1, its default) up to its
    // descriptor limit.
    std::printf("broker_max_open_files: %s\n", open_files_limit(broker->pid()).c_str());
    mosquitto_lib_init();

    Bench bench;
    bench.subscribers.resize(subscribers);
    const auto setup_started = Clock::now();
    int next = 0;
    bool started = start_client(bench.publisher, bench, "bench-publisher", broker->port());
    while (started && bench.failure.empty() &&
           (bench.subscribed < subscribers || !bench.publisher_connected)) {
        while (started && next < subscribers && bench.connecting < kConnectingAtOnce) {
            started = start_client(bench.subscribers[next], bench, "bench-" + std::to_string(next),
                                   broker->port());
            ++next;
        }
        if (Clock::now() - setup_started > kSetupDeadline) {
            bench.failure = "only " + std::to_string(bench.subscribed) + " of " +
                            std::to_string(subscribers) + " subscribed within 120 s";
            break;
        }
        poll_once(bench, 100);
    }
    if (!started) bench.failure = "cannot start a client";
    if (!bench.failure.empty()) {
        std::fprintf(stderr, "alert_fanout: %s%s\n", bench.failure.c_str(), broker->log().c_str());
        return 1;
    }
    std::printf("fanout_setup: %d subscribers connected and subscribed in %.0f ms\n", subscribers,
                ms_since(setup_started));

    int missing = 0;
    const std::string payload(3000, 'x'); // about a signed CAP alert's size
    for (int round = 0; round < rounds && bench.failure.empty(); ++round) {
        bench.round = round;
        bench.received = 0;
        const std::string topic = "bench/alerts/r" + std::to_string(round);
        bench.sent_at = Clock::now();
        if (mosquitto_publish(bench.publisher.handle, nullptr, topic.c_str(),
                              static_cast<int>(payload.size()), payload.data(), 1,
                              false) != MOSQ_ERR_SUCCESS) {
            bench.failure = "cannot publish";
            break;
        }
        while (bench.received < subscribers && bench.failure.empty() &&
               Clock::now() - bench.sent_at < kRoundDeadline)
            poll_once(bench, 100);
        missing += subscribers - bench.received;
    }
    if (!bench.failure.empty()) std::fprintf(stderr, "alert_fanout: %s\n", bench.failure.c_str());

    std::sort(bench.latencies_ms.begin(), bench.latencies_ms.end());
    std::sort(bench.round_last_ms.begin(), bench.round_last_ms.end());
    std::printf("fanout_subscribers: %d\nfanout_rounds: %d\nfanout_deliveries: %zu\n", subscribers,
                rounds, bench.latencies_ms.size());
    std::printf("fanout_missing: %d\n", missing);
    std::printf("fanout_publish_to_received_p50: %.1f ms\n", percentile(bench.latencies_ms, 0.50));
    std::printf("fanout_publish_to_received_p99: %.1f ms\n", percentile(bench.latencies_ms, 0.99));
    std::printf("fanout_publish_to_received_max: %.1f ms\n",
                bench.latencies_ms.empty() ? 0.0 : bench.latencies_ms.back());
    std::printf("fanout_publish_to_all_received_median: %.1f ms (per round, the last subscriber)\n",
                percentile(bench.round_last_ms, 0.50));
    std::printf("fanout_publish_to_all_received_worst: %.1f ms\n",
                bench.round_last_ms.empty() ? 0.0 : bench.round_last_ms.back());
    std::printf("machine_load_average: %s (1, 5, 15 min, at end)\n", load_average().c_str());

    mosquitto_destroy(bench.publisher.handle);
    for (auto& client : bench.subscribers)
        if (client.handle != nullptr) mosquitto_destroy(client.handle);
    mosquitto_lib_cleanup();
    return missing == 0 && bench.failure.empty() ? 0 : 1;
}
