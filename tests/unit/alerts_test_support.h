#pragma once
// Shared by the tests of alert sources: an alert key pair in a temporary folder, and an
// inbox of what a source delivered, waited for with a deadline (never a fixed sleep).

#include "bundle_test_support.h"
#include "player/alerts/cap_alert.h"
#include "player/bundle/signing.h"

#include <doctest/doctest.h>

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <string>
#include <vector>

namespace kiosk::alerts::test {

struct Keys {
    bundle::test::TempDir dir;
    bundle::SecretKey secret;
    bundle::PublicKey key;
    Keys() {
        REQUIRE(bundle::generate_key_files(dir / "alert").ok());
        auto s = bundle::read_secret_key(dir / "alert.key");
        auto p = bundle::read_public_key(dir / "alert.pub");
        REQUIRE(s.ok());
        REQUIRE(p.ok());
        secret.bytes = s->bytes;
        key = *p;
    }
    std::string sign(const std::string& bytes) const {
        auto sig = bundle::sign_detached(bytes, secret);
        REQUIRE(sig.ok());
        return *sig;
    }
};

struct Inbox {
    std::mutex mutex;
    std::condition_variable cv;
    std::vector<std::string> ids, log;
    void add_alert(const CapAlert& alert) {
        std::lock_guard lock(mutex);
        ids.push_back(alert.identifier);
        cv.notify_all();
    }
    void add_log(const std::string& line) {
        std::lock_guard lock(mutex);
        log.push_back(line);
        cv.notify_all();
    }
    template <typename F> bool wait(F done, int seconds = 20) {
        std::unique_lock lock(mutex);
        return cv.wait_for(lock, std::chrono::seconds(seconds), done);
    }
};

} // namespace kiosk::alerts::test
