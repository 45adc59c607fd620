// FeedPoller: the loop both feeds (alerts, transit) poll with.

#include "player/sync/feed_poller.h"

#include <doctest/doctest.h>

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <string>
#include <vector>

using namespace kiosk;

TEST_CASE("feed poller: each change of problem is reported once, then stop() ends it at once") {
    std::mutex mutex;
    std::condition_variable cv;
    int attempts = 0;
    std::vector<std::pair<std::string, std::string>> changes;
    // Down for three attempts, then up for good.
    sync::FeedPoller poller({0.01, 0.01, 0.01}, 0.01);
    poller.start(
        [&] {
            std::lock_guard lock(mutex);
            ++attempts;
            cv.notify_all();
            return sync::FeedPoller::Attempt{attempts <= 3 ? "down" : "", -1};
        },
        [&](const std::string& problem, const std::string& before) {
            std::lock_guard lock(mutex);
            changes.emplace_back(problem, before);
        });
    {
        std::unique_lock lock(mutex);
        REQUIRE(cv.wait_for(lock, std::chrono::seconds(10), [&] { return attempts >= 8; }));
    }
    const auto t0 = std::chrono::steady_clock::now();
    poller.stop();
    CHECK(std::chrono::steady_clock::now() - t0 < std::chrono::seconds(1));
    REQUIRE(changes.size() == 2);
    CHECK(changes[0] == std::pair<std::string, std::string>{"down", ""});
    CHECK(changes[1] == std::pair<std::string, std::string>{"", "down"});
    CHECK(poller.cancelled());
}

TEST_CASE("feed poller: stop() wakes a long wait") {
    sync::FeedPoller poller({5, 900, 1}, 3600);
    std::mutex mutex;
    std::condition_variable cv;
    bool ran = false;
    poller.start(
        [&] {
            std::lock_guard lock(mutex);
            ran = true;
            cv.notify_all();
            return sync::FeedPoller::Attempt{};
        },
        {});
    {
        std::unique_lock lock(mutex);
        REQUIRE(cv.wait_for(lock, std::chrono::seconds(10), [&] { return ran; }));
    }
    const auto t0 = std::chrono::steady_clock::now();
    poller.stop(); // the poller now waits an hour
    CHECK(std::chrono::steady_clock::now() - t0 < std::chrono::seconds(1));
}
