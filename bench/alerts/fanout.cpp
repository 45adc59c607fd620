// MQTT fan-out: N subscribers (default 300) on one local Mosquitto, one publisher; the time
// from publish to each subscriber's receipt, p50/p99/max over every subscriber and round.
// At most about 330 in one process: libmosquitto's loop uses select(), which cannot watch
// descriptors above FD_SETSIZE (1024), and each client holds three. A terminal has one.
//   build/bench/alerts/alert_fanout [SUBSCRIBERS] [ROUNDS]      (bench/alerts/run.sh)
// Starts its own broker on a free loopback port (the test fixture's MosquittoBroker).

#include "../../tests/support/mosquitto_broker.h"
#include "player/alerts/mqtt_link.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <mutex>
#include <string>
#include <sys/resource.h>
#include <thread>
#include <vector>

using Clock = std::chrono::steady_clock;

int main(int argc, char** argv) {
    // Each subscriber holds a socket and a wake-up pipe, the broker one socket per client:
    // 500 of them need more than the usual soft limit of 1024 descriptors.
    rlimit files{};
    if (::getrlimit(RLIMIT_NOFILE, &files) == 0 && files.rlim_cur < files.rlim_max) {
        files.rlim_cur = files.rlim_max;
        ::setrlimit(RLIMIT_NOFILE, &files);
    }
    const int subscribers = argc > 1 ? std::atoi(argv[1]) : 300;
    if (subscribers < 1 || subscribers > 330) {
        std::fprintf(stderr, "alert_fanout: 1..330 subscribers in one process (select() and "
                             "FD_SETSIZE; see the comment at the top)\n");
        return 2;
    }
    const int rounds = argc > 2 ? std::atoi(argv[2]) : 5;
    std::string error;
    auto broker = kiosk::test::MosquittoBroker::start(&error);
    if (!broker) {
        std::fprintf(stderr, "alert_fanout: %s\n", error.c_str());
        return 1;
    }
    auto endpoint = kiosk::alerts::parse_broker_url(broker->url());
    std::mutex mutex;
    std::condition_variable cv;
    std::vector<double> latencies_ms;
    int received = 0;
    Clock::time_point sent_at;
    std::vector<std::unique_ptr<kiosk::alerts::MqttSubscriber>> clients;
    for (int i = 0; i < subscribers; ++i) {
        auto client = kiosk::alerts::MqttSubscriber::start(
            *endpoint, "bench/alerts/#", "bench-" + std::to_string(i),
            [&](const std::string&, std::string payload) {
                if (payload.empty()) return;
                std::lock_guard lock(mutex);
                latencies_ms.push_back(
                    std::chrono::duration<double, std::milli>(Clock::now() - sent_at).count());
                ++received;
                cv.notify_all();
            },
            [](const std::string&) {});
        if (!client) {
            std::fprintf(stderr, "alert_fanout: %s\n", client.error().describe().c_str());
            return 1;
        }
        clients.push_back(std::move(*client));
    }
    // Every client connected and subscribed before the first round.
    for (const auto& client : clients)
        for (int wait = 0; !client->connected() && wait < 3000; ++wait)
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
    int failures = 0;
    const std::string payload(3000, 'x'); // about a signed CAP alert's size
    for (int round = 0; round < rounds; ++round) {
        {
            std::lock_guard lock(mutex);
            received = 0;
            sent_at = Clock::now();
        }
        if (!kiosk::alerts::mqtt_publish(*endpoint, "bench/alerts/r" + std::to_string(round),
                                         payload, false)) {
            ++failures;
            continue;
        }
        std::unique_lock lock(mutex);
        if (!cv.wait_for(lock, std::chrono::seconds(30), [&] { return received >= subscribers; }))
            failures += subscribers - received;
    }
    std::sort(latencies_ms.begin(), latencies_ms.end());
    auto pct = [&](double p) {
        if (latencies_ms.empty()) return 0.0;
        return latencies_ms[std::min(latencies_ms.size() - 1, size_t(p * latencies_ms.size()))];
    };
    std::printf("fanout_subscribers: %d\nfanout_rounds: %d\nfanout_deliveries: %zu\n", subscribers,
                rounds, latencies_ms.size());
    std::printf("fanout_missing: %d\n", failures);
    std::printf("fanout_publish_to_received_p50: %.1f ms\n", pct(0.50));
    std::printf("fanout_publish_to_received_p99: %.1f ms\n", pct(0.99));
    std::printf("fanout_publish_to_received_max: %.1f ms\n",
                latencies_ms.empty() ? 0.0 : latencies_ms.back());
    return failures == 0 ? 0 : 1;
}
