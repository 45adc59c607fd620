// Sync against a real nginx (tests/support/nginx_server.h): sync_once() in process with a
// light version check, and `kiosk sync` itself for exit codes, the one-line message, a disk
// that fills up and kills at random moments. Every failure case checks that the active
// version stays, that the report is one line, and that the next good sync succeeds.

#include "kiosk_process_support.h"
#include "sync_test_support.h"

#include <doctest/doctest.h>

#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fcntl.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <random>
#include <set>
#include <thread>

extern char** environ;

using namespace kiosk;
using namespace kiosk::sync;
using namespace kiosk::sync::test;
namespace bt = kiosk::bundle::test;
using bundle::FileEntry;
using kiosk::test::AccessLogEntry;
using kiosk::test::NginxServer;
using kiosk::test::SilentServer;

namespace {

bool contains(const std::string& text, std::string_view part) {
    return text.find(part) != std::string::npos;
}

size_t count_requests(const std::vector<AccessLogEntry>& log, std::string_view uri_prefix) {
    return static_cast<size_t>(std::count_if(log.begin(), log.end(), [&](const auto& entry) {
        return entry.uri.starts_with(uri_prefix);
    }));
}

size_t distinct_blobs(const Release& release) {
    std::set<std::string> distinct;
    for (const FileEntry& file : release.manifest.files)
        distinct.insert(file.sha256);
    return distinct.size();
}

std::string describe(const std::vector<AccessLogEntry>& log) {
    std::string text;
    for (const AccessLogEntry& entry : log)
        text += entry.method + " " + entry.uri + " " + std::to_string(entry.status) +
                " range=" + entry.range + " inm=" + entry.if_none_match + "\n";
    return text;
}

// A docroot served by nginx, a key, a work folder for builds and a store.
struct SyncFixture {
    TempDir temp;
    TestKey key;
    fs::path docroot = temp / "docroot";
    fs::path work = temp / "work";
    fs::path store = temp / "store";
    std::unique_ptr<NginxServer> nginx;
    size_t logged = 0; // requests to `nginx` known to have been made since the last clear_log()

    SyncFixture() {
        fs::create_directories(docroot);
        fs::create_directories(work);
        nginx = start_nginx(docroot);
    }

    SyncConfig config(const std::string& url) const {
        return sync_config(url, store, {key.public_key()});
    }
    SyncConfig config() const { return config(nginx->url("/")); }

    Release publish(uint64_t sequence, const Tweak& tweak = {}) {
        return publish_release(docroot, work, key, sequence, tweak);
    }

    // Release `sequence` published and synced: the version every failure case must keep.
    std::string synced(uint64_t sequence, const Tweak& tweak = {}) {
        publish(sequence, tweak);
        SyncReport report = sync_now(config());
        REQUIRE_MESSAGE(report.result == SyncResult::Activated, report.message);
        REQUIRE(report.sequence == sequence);
        logged += 2 + report.blobs_fetched;
        return active_name(store);
    }

    // After a failed attempt: one line that says `why`, the active version as it was.
    void expect_kept(const SyncReport& report, const std::string& active_before,
                     std::string_view why) const {
        INFO("message: ", report.message);
        CHECK(report.result == SyncResult::Failed);
        CHECK(one_line(report.message));
        CHECK(contains(report.message, why));
        CHECK(report.version == active_before);
        CHECK(active_name(store) == active_before);
    }

    // The next good sync activates `sequence`, and the store verifies.
    void expect_good_sync(uint64_t sequence, const SyncConfig& good) const {
        SyncReport report = sync_now(good);
        INFO("message: ", report.message);
        REQUIRE(report.result == SyncResult::Activated);
        CHECK(one_line(report.message));
        CHECK(report.sequence == sequence);
        auto opened = bundle::BundleStore::open(store);
        REQUIRE(opened.ok());
        CHECK(opened->verify_version(active_name(store), good.keys).ok());
        CHECK(active_name(store) == report.version);
    }
    void expect_good_sync(uint64_t sequence) const { expect_good_sync(sequence, config()); }

    // Waits for the lines of the requests made so far, then empties the log.
    void clear_log() {
        (void)nginx->access_log(logged);
        nginx->clear_access_log();
        logged = 0;
    }
};

using kiosk::test::quoted;
using kiosk::test::Run;
using kiosk::test::run_kiosk;

std::string sync_arguments(const std::string& url, const fs::path& store,
                           const std::vector<fs::path>& pub_files) {
    std::string arguments = "sync --url " + quoted(url) + " --store " + quoted(store.string());
    for (const fs::path& pub : pub_files)
        arguments += " --pubkey " + quoted(pub.string());
    return arguments;
}

// Exactly one line of output, ending in a newline.
bool one_output_line(const std::string& output) {
    return !output.empty() && output.back() == '\n' && output.find('\n') == output.size() - 1;
}

} // namespace

// ---------------------------------------------------------------------------- good paths

TEST_CASE("sync: the first sync fetches every blob and activates the release") {
    SyncFixture f;
    Release release = f.publish(10);
    const size_t blobs = distinct_blobs(release);
    int checks = 0;
    SyncReport report = sync_once(
        f.config(),
        [&](const bundle::BundleFiles& files) {
            ++checks;
            return light_check(files);
        },
        std::time(nullptr));
    INFO(report.message);
    REQUIRE(report.result == SyncResult::Activated);
    CHECK(one_line(report.message));
    CHECK(checks == 1);
    CHECK(report.sequence == 10);
    CHECK(report.expires_unix == release.manifest.expires_unix);
    CHECK(report.blobs_fetched == blobs);
    CHECK(report.received_bytes > 0);
    CHECK(report.version == active_name(f.store));
    CHECK(report.version.starts_with("10-"));
    auto log = f.nginx->access_log(2 + blobs);
    INFO(describe(log));
    CHECK(log.size() == 2 + blobs);
    CHECK(count_requests(log, "/blobs/") == blobs);
    for (const AccessLogEntry& entry : log)
        CHECK(entry.status == 200);
    auto store = bundle::BundleStore::open(f.store);
    REQUIRE(store.ok());
    CHECK(store->verify_version(report.version, {f.key.public_key()}).ok());
    CHECK(store->highest_sequence() == 10);
}

TEST_CASE("sync: a poll with no change is one conditional request answered 304") {
    SyncFixture f;
    const std::string active = f.synced(10);
    f.clear_log();
    SyncReport report = sync_now(f.config());
    INFO(report.message);
    CHECK(report.result == SyncResult::Unchanged);
    CHECK(one_line(report.message));
    CHECK(report.version == active);
    auto log = f.nginx->access_log(1);
    INFO(describe(log));
    REQUIRE(log.size() == 1);
    CHECK(log[0].uri == "/manifest.json");
    CHECK(log[0].status == 304);
    CHECK_FALSE(log[0].if_none_match.empty());
    CHECK(count_requests(log, "/blobs/") == 0);
    CHECK(active_name(f.store) == active);
}

TEST_CASE("sync: without its validators a poll of the same release is still no change") {
    SyncFixture f;
    const std::string active = f.synced(10);
    fs::remove(f.store / "sync-state");
    f.clear_log();
    SyncReport report = sync_now(f.config());
    INFO(report.message);
    CHECK(report.result == SyncResult::Unchanged);
    CHECK(active_name(f.store) == active);
    auto log = f.nginx->access_log(2);
    CHECK(count_requests(log, "/blobs/") == 0);
    // The validators are back: the next poll is a 304 again.
    f.logged = 2;
    f.clear_log();
    CHECK(sync_now(f.config()).result == SyncResult::Unchanged);
    log = f.nginx->access_log(1);
    REQUIRE(log.size() == 1);
    CHECK(log[0].status == 304);
}

TEST_CASE("sync: one page changed fetches only its blob") {
    SyncFixture f;
    f.synced(10);
    f.clear_log();
    Release next = f.publish(20, change_english_page("Changed body"));
    SyncReport report = sync_now(f.config());
    INFO(report.message);
    REQUIRE(report.result == SyncResult::Activated);
    CHECK(report.blobs_fetched == 1);
    CHECK(report.sequence == 20);
    auto log = f.nginx->access_log(3);
    INFO(describe(log));
    CHECK(count_requests(log, "/blobs/") == 1);
    CHECK(count_requests(log, "/blobs/" + next.entry("pages/moving-in/en.md").sha256) == 1);
    CHECK(active_name(f.store).starts_with("20-"));
}

TEST_CASE("sync: an interrupted blob is resumed with a Range request") {
    SyncFixture f;
    Release release = f.publish(10, add_big_pages(1, 1, 100 * 1024));
    const FileEntry& big = release.entry("pages/big-0/ja.md");
    const std::string bytes = bt::read_file(release.out / "blobs" / big.sha256);
    REQUIRE(bytes.size() == big.size);
    auto store = bundle::BundleStore::open(f.store);
    REQUIRE(store.ok());
    const size_t half = bytes.size() / 2;

    SUBCASE("the first half is there: only the rest is fetched") {
        bt::write_file(store->partial_path(big.sha256), bytes.substr(0, half));
        SyncReport report = sync_now(f.config());
        INFO(report.message);
        REQUIRE(report.result == SyncResult::Activated);
        auto log = f.nginx->access_log(2 + report.blobs_fetched);
        INFO(describe(log));
        bool resumed = false;
        for (const AccessLogEntry& entry : log)
            if (entry.uri == "/blobs/" + big.sha256) {
                CHECK(entry.range == "bytes=" + std::to_string(half) + "-");
                CHECK(entry.status == 206);
                CHECK(entry.body_bytes == bytes.size() - half);
                resumed = true;
            }
        CHECK(resumed);
        CHECK(bt::read_file(store->blob_path(big.sha256)) == bytes);
        CHECK_FALSE(fs::exists(store->partial_path(big.sha256)));
    }
    SUBCASE("the whole blob is there (killed before it was moved): nothing is fetched") {
        bt::write_file(store->partial_path(big.sha256), bytes);
        SyncReport report = sync_now(f.config());
        INFO(report.message);
        REQUIRE(report.result == SyncResult::Activated);
        auto log = f.nginx->access_log(2 + report.blobs_fetched - 1);
        CHECK(count_requests(log, "/blobs/" + big.sha256) == 0);
        CHECK(bt::read_file(store->blob_path(big.sha256)) == bytes);
    }
    SUBCASE("more than the whole blob: started over") {
        bt::write_file(store->partial_path(big.sha256), bytes + "trailing junk");
        SyncReport report = sync_now(f.config());
        INFO(report.message);
        REQUIRE(report.result == SyncResult::Activated);
        CHECK(bt::read_file(store->blob_path(big.sha256)) == bytes);
    }
}

TEST_CASE("sync: a resumed blob whose first half is wrong fails on its SHA-256, then heals") {
    SyncFixture f;
    const std::string active = f.synced(10);
    Release release = f.publish(20, add_big_pages(2, 1, 100 * 1024));
    const FileEntry& big = release.entry("pages/big-0/ja.md");
    auto store = bundle::BundleStore::open(f.store);
    REQUIRE(store.ok());
    bt::write_file(store->partial_path(big.sha256), std::string(big.size / 2, 'x'));
    SyncReport report = sync_now(f.config());
    f.expect_kept(report, active, "SHA-256");
    CHECK_FALSE(fs::exists(store->partial_path(big.sha256)));
    CHECK_FALSE(fs::exists(store->blob_path(big.sha256)));
    f.expect_good_sync(20);
}

TEST_CASE("sync: key rotation: a store with two keys accepts the second key's bundle") {
    SyncFixture f;
    TestKey next;
    const std::string active = f.synced(10);
    publish_release(f.docroot, f.work, next, 20);
    // The old key alone refuses it.
    f.expect_kept(sync_now(f.config()), active, "signature");
    SyncConfig both = f.config();
    both.keys = {f.key.public_key(), next.public_key()};
    f.expect_good_sync(20, both);
    // And the binary, with --pubkey twice.
    publish_release(f.docroot, f.work, next, 30);
    Run run =
        run_kiosk(sync_arguments(f.nginx->url("/"), f.store, {f.key.pub_file(), next.pub_file()}));
    INFO(run.output);
    CHECK(run.exit_code == 0);
    CHECK(active_name(f.store).starts_with("30-"));
}

TEST_CASE("sync: staff rollback survives the next polls") {
    SyncFixture f;
    const std::string v10 = f.synced(10);
    f.synced(20, change_english_page("Twenty"));
    auto store = bundle::BundleStore::open(f.store);
    REQUIRE(store.ok());
    REQUIRE(store->rollback().ok());
    REQUIRE(active_name(f.store) == v10);
    CHECK(sync_now(f.config()).result == SyncResult::Unchanged); // 304
    CHECK(active_name(f.store) == v10);
    fs::remove(f.store / "sync-state");
    CHECK(sync_now(f.config()).result == SyncResult::Unchanged); // 200, same sequence
    CHECK(active_name(f.store) == v10);
    f.publish(30, change_english_page("Thirty"));
    f.expect_good_sync(30);
}

TEST_CASE("sync: a server folder given without its trailing slash") {
    SyncFixture f;
    const fs::path ward = f.docroot / "ward";
    fs::create_directories(ward);
    publish_release(ward, f.work, f.key, 10);
    SyncReport report = sync_now(f.config(f.nginx->url("/ward")));
    INFO(report.message);
    REQUIRE(report.result == SyncResult::Activated);
    auto log = f.nginx->access_log(2 + report.blobs_fetched);
    INFO(describe(log));
    CHECK(count_requests(log, "/ward/") == log.size());
    CHECK(count_requests(log, "/ward/blobs/") == report.blobs_fetched);
}

TEST_CASE("sync: an empty file is a blob like any other") {
    SyncFixture f;
    Release release = f.publish(
        10, [](const fs::path& authored) { bt::write_file(authored / "notes/empty.txt", ""); });
    const FileEntry& empty = release.entry("notes/empty.txt");
    REQUIRE(empty.size == 0);
    SyncReport report = sync_now(f.config());
    INFO(report.message);
    REQUIRE(report.result == SyncResult::Activated);
    auto store = bundle::BundleStore::open(f.store);
    REQUIRE(store.ok());
    CHECK(store->has_blob(empty.sha256, 0));
    CHECK(store->verify_version(report.version, {f.key.public_key()}).ok());
}

// ------------------------------------------------------------------------- HTTP failures

TEST_CASE("sync: HTTP errors keep the active version") {
    SyncFixture f;
    const std::string active = f.synced(10);
    Release next = f.publish(20, change_english_page("Twenty"));
    const std::string blob = "/blobs/" + next.entry("pages/moving-in/en.md").sha256;
    std::vector<std::pair<std::string, int>> fail_paths;
    std::string why;
    long retry_after = -1;
    SUBCASE("404 on manifest.json") {
        fail_paths = {{"/manifest.json", 404}};
        why = "HTTP 404";
    }
    SUBCASE("500 on manifest.json") {
        fail_paths = {{"/manifest.json", 500}};
        why = "HTTP 500";
    }
    SUBCASE("503 with Retry-After on manifest.json") {
        fail_paths = {{"/manifest.json", 503}};
        why = "HTTP 503";
        retry_after = 7;
    }
    SUBCASE("500 on manifest.sig") {
        fail_paths = {{"/manifest.sig", 500}};
        why = "HTTP 500";
    }
    SUBCASE("500 on one blob") {
        fail_paths = {{blob, 500}};
        why = "HTTP 500";
    }
    SUBCASE("503 with Retry-After on one blob") {
        fail_paths = {{blob, 503}};
        why = "HTTP 503";
        retry_after = 7;
    }
    auto failing = start_nginx(f.docroot, fail_paths);
    SyncReport report = sync_now(f.config(failing->url("/")));
    f.expect_kept(report, active, why);
    CHECK(report.retry_after_s == retry_after);
    // The good server: only what is still missing is fetched.
    f.clear_log();
    f.expect_good_sync(20);
    auto log = f.nginx->access_log(3);
    INFO(describe(log));
    CHECK(count_requests(log, "/blobs/") == 1);
}

TEST_CASE("sync: a first sync from a server with nothing on it fails in one line") {
    SyncFixture f;
    SyncReport report = sync_now(f.config());
    f.expect_kept(report, "", "HTTP 404");
    f.publish(10);
    f.expect_good_sync(10);
}

TEST_CASE("sync: a server that never answers times out") {
    SyncFixture f;
    const std::string active = f.synced(10);
    f.publish(20, change_english_page("Twenty"));
    std::string error;
    auto silent = SilentServer::start(&error);
    REQUIRE_MESSAGE(silent, error);
    SyncConfig config = f.config(silent->url("/"));
    config.http.stall_timeout_s = 2;
    SyncReport report = sync_now(config);
    std::string lower = report.message;
    for (char& c : lower)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    INFO(report.message);
    CHECK((contains(lower, "timeout") || contains(lower, "timed out")));
    f.expect_kept(report, active, silent->url("/"));
    f.expect_good_sync(20);
}

TEST_CASE("sync: refused connections fail in one line") {
    SyncFixture f;
    const std::string active = f.synced(10);
    int port = 0;
    {
        auto gone = start_nginx(f.docroot);
        port = gone->port();
    } // stopped: nothing listens there now
    SyncReport report = sync_now(f.config("http://127.0.0.1:" + std::to_string(port) + "/"));
    f.expect_kept(report, active, "127.0.0.1");
}

// ----------------------------------------------------------------------- bad blob bytes

TEST_CASE("sync: a blob whose bytes on the server do not match is refused") {
    SyncFixture f;
    const std::string active = f.synced(10);
    Release next = f.publish(20, add_big_pages(2, 1, 100 * 1024));
    const FileEntry& big = next.entry("pages/big-0/ja.md");
    const fs::path served = f.docroot / "blobs" / big.sha256;
    const std::string good = bt::read_file(served);
    std::string why;
    SUBCASE("same size, other bytes") {
        std::string other = good;
        std::reverse(other.begin(), other.end());
        bt::write_file(served, other);
        why = "SHA-256";
    }
    SUBCASE("larger than declared") {
        std::string other(good.size() + 50000, 'y');
        bt::write_file(served, other);
        why = "larger than";
    }
    SUBCASE("smaller than declared") {
        bt::write_file(served, std::string(good.size() - 1000, 'z'));
        why = std::to_string(good.size() - 1000);
    }
    SyncReport report = sync_now(f.config());
    f.expect_kept(report, active, why);
    auto store = bundle::BundleStore::open(f.store);
    REQUIRE(store.ok());
    CHECK_FALSE(store->has_blob(big.sha256, big.size));
    // The server is fixed: the next sync gets the right bytes, whatever was left behind.
    bt::write_file(served, good);
    f.expect_good_sync(20);
    CHECK(bt::read_file(store->blob_path(big.sha256)) == good);
}

// ------------------------------------------------------------------ refused manifests

TEST_CASE("sync: a tampered manifest is refused before any blob is fetched") {
    SyncFixture f;
    const std::string active = f.synced(10);
    Release next = f.publish(20, change_english_page("Twenty"));
    std::string tampered = next.manifest_bytes;
    const size_t at = tampered.find("2026.01.02-1");
    REQUIRE(at != std::string::npos);
    tampered[at + 11] = '9';
    replace_served(f.docroot / "manifest.json", tampered);
    f.clear_log();
    SyncReport report = sync_now(f.config());
    f.expect_kept(report, active, "signature");
    auto log = f.nginx->access_log(2);
    INFO(describe(log));
    CHECK(count_requests(log, "/blobs/") == 0);
    replace_served(f.docroot / "manifest.json", next.manifest_bytes);
    f.expect_good_sync(20);
}

TEST_CASE("sync: a manifest or signature that is not one is refused") {
    SyncFixture f;
    const std::string active = f.synced(10);
    Release next = f.publish(20, change_english_page("Twenty"));
    std::string why;
    SUBCASE("a manifest over the 16 MiB limit") {
        replace_served(f.docroot / "manifest.json",
                       std::string(bundle::kMaxManifestBytes + 1, ' '));
        why = "larger than the limit";
    }
    SUBCASE("a signature file that is not hex") {
        replace_served(f.docroot / "manifest.sig", "not a signature at all\n");
        why = "not a signature";
    }
    SUBCASE("a manifest that is not JSON, validly signed") {
        serve_signed_manifest(f.docroot, "{\"format\": 2,", f.key);
        why = "manifest.json";
    }
    f.expect_kept(sync_now(f.config()), active, why);
    serve_raw(next, f.docroot);
    f.expect_good_sync(20);
}

TEST_CASE("sync: a bundle signed with another key is refused") {
    SyncFixture f;
    const std::string active = f.synced(10);
    TestKey stranger;
    publish_release(f.docroot, f.work, stranger, 20);
    f.expect_kept(sync_now(f.config()), active, "signature");
    SyncConfig config = f.config();
    config.keys = {stranger.public_key()};
    // The terminal trusting the stranger's key instead refuses nothing here: only to show
    // that the release itself is fine and the key made the difference.
    f.expect_good_sync(20, config);
}

TEST_CASE("sync: a signed manifest with an unsafe path is refused") {
    SyncFixture f;
    const std::string active = f.synced(10);
    Release next = build_release(f.work, f.key, 20, future_expiry(), change_english_page("20"));
    std::string bytes = next.manifest_bytes;
    const std::string original = "\"pages/moving-in/en.md\"";
    std::string unsafe;
    SUBCASE("../") {
        unsafe = "\"../../../escaped.md\"";
    }
    SUBCASE("inner ..") {
        unsafe = "\"pages/../../escaped.md\"";
    }
    SUBCASE("absolute") {
        unsafe = "\"/tmp/escaped.md\"";
    }
    const size_t at = bytes.find(original);
    REQUIRE(at != std::string::npos);
    bytes.replace(at, original.size(), unsafe);
    serve_raw(next, f.docroot);
    serve_signed_manifest(f.docroot, bytes, f.key);
    SyncReport report = sync_now(f.config());
    f.expect_kept(report, active, "manifest.json");
    CHECK_FALSE(fs::exists(f.temp / "escaped.md"));
    CHECK_FALSE(fs::exists(f.store.parent_path() / "escaped.md"));
    serve_raw(next, f.docroot); // the real one, signed by the builder
    f.expect_good_sync(20);
}

TEST_CASE("sync: an older sequence than already accepted is refused (rollback attack)") {
    SyncFixture f;
    f.synced(10);
    Release old_release = build_release(f.work, f.key, 10, future_expiry());
    const std::string active = f.synced(20, change_english_page("Twenty"));
    serve_raw(old_release, f.docroot); // validly signed, merely old
    SyncReport report = sync_now(f.config());
    f.expect_kept(report, active, "older than");
    // The store forgot its sequence file: the active version still counts.
    fs::remove(f.store / bundle::kStoreSequence);
    f.expect_kept(sync_now(f.config()), active, "older than");
    f.publish(30, change_english_page("Thirty"));
    f.expect_good_sync(30);
}

TEST_CASE("sync: the same sequence with different content is refused") {
    SyncFixture f;
    const std::string active = f.synced(10);
    Release other = build_release(f.work, f.key, 10, future_expiry(), change_english_page("X"));
    serve_raw(other, f.docroot);
    SyncReport report = sync_now(f.config());
    f.expect_kept(report, active, "different content");
    f.publish(20, change_english_page("Twenty"));
    f.expect_good_sync(20);
}

TEST_CASE("sync: an expired manifest is refused") {
    SyncFixture f;
    const std::string active = f.synced(10);
    const int64_t an_hour_ago = static_cast<int64_t>(std::time(nullptr)) - 3600;
    publish_release(f.docroot, f.work, f.key, 20, change_english_page("Twenty"), an_hour_ago);
    SyncReport report = sync_now(f.config());
    f.expect_kept(report, active, "expired");
    f.publish(30, change_english_page("Thirty"));
    f.expect_good_sync(30);
}

TEST_CASE("sync: a format 1 manifest is refused") {
    SyncFixture f;
    const std::string active = f.synced(10);
    Release next = build_release(f.work, f.key, 20, future_expiry(), change_english_page("20"));
    bundle::Manifest old_format = next.manifest;
    old_format.sequence = 0;
    old_format.expires_unix = 0;
    const std::string bytes = bundle::to_json(old_format);
    REQUIRE(contains(bytes, "\"format\": 1"));
    serve_raw(next, f.docroot);
    serve_signed_manifest(f.docroot, bytes, f.key);
    SyncReport report = sync_now(f.config());
    f.expect_kept(report, active, "format 1");
    serve_raw(next, f.docroot);
    f.expect_good_sync(20);
}

TEST_CASE("sync: a version that does not load is not activated") {
    SyncFixture f;
    const std::string active = f.synced(10);
    f.publish(20, change_english_page("Twenty"));
    SyncReport report = sync_once(
        f.config(),
        [](const bundle::BundleFiles&) -> Status { return make_error("pages/x.md", 3, "bad"); },
        std::time(nullptr));
    f.expect_kept(report, active, "does not load");
    // It is not kept as a version either: nothing may ever switch to it, not even recovery
    // from a damaged active version (which takes the newest version that verifies).
    auto store = bundle::BundleStore::open(f.store);
    REQUIRE(store.ok());
    auto status = store->status();
    REQUIRE(status.ok());
    for (const auto& version : status->versions)
        CHECK_MESSAGE(version.manifest.sequence != 20, version.name);
    SUBCASE("recovery does not switch to it") {
        fs::remove(f.store / bundle::kStoreVersions / active / "manifest.sig");
        auto recovered = store->recover({f.key.public_key()});
        INFO((recovered ? *recovered : recovered.error().describe()));
        CHECK_FALSE(active_name(f.store).starts_with("20-"));
    }
    SUBCASE("the next good sync takes it") {
        f.expect_good_sync(20);
    }
}

// ------------------------------------------------------------------- the real binary

TEST_CASE("sync: kiosk sync exits 0 on success and no change, 1 with one line on failure") {
    SyncFixture f;
    f.publish(10);
    const std::string arguments = sync_arguments(f.nginx->url("/"), f.store, {f.key.pub_file()});
    Run first = run_kiosk(arguments);
    INFO(first.output);
    CHECK(first.exit_code == 0);
    CHECK(one_output_line(first.output));
    CHECK(contains(first.output, "activated"));
    const std::string active = active_name(f.store);
    CHECK(active.starts_with("10-"));

    Run again = run_kiosk(arguments);
    INFO(again.output);
    CHECK(again.exit_code == 0);
    CHECK(one_output_line(again.output));
    CHECK(contains(again.output, "no change"));

    auto failing = start_nginx(f.docroot, {{"/manifest.json", 500}});
    f.publish(20, change_english_page("Twenty"));
    Run failed = run_kiosk(sync_arguments(failing->url("/"), f.store, {f.key.pub_file()}));
    INFO(failed.output);
    CHECK(failed.exit_code == 1);
    CHECK(one_output_line(failed.output));
    CHECK(contains(failed.output, "HTTP 500"));
    CHECK(active_name(f.store) == active);

    Run good = run_kiosk(arguments);
    INFO(good.output);
    CHECK(good.exit_code == 0);
    CHECK(active_name(f.store).starts_with("20-"));
}

TEST_CASE("sync: kiosk sync on a disk that fills up fails in one line and resumes later") {
    SyncFixture f;
    Release release = f.publish(10);
    const std::string arguments = sync_arguments(f.nginx->url("/"), f.store, {f.key.pub_file()});
    Run first = run_kiosk(arguments);
    REQUIRE_MESSAGE(first.exit_code == 0, first.output);
    f.logged = 2 + distinct_blobs(release);
    const std::string active = active_name(f.store);
    // 200 KiB of new page against a 64 KiB file size limit; SIGXFSZ ignored, so write()
    // fails with EFBIG as on a full disk instead of killing the process.
    Release next = f.publish(20, add_big_pages(3, 1, 200 * 1024));
    f.clear_log();
    Run full = run_kiosk(arguments, "trap '' XFSZ; ulimit -f 64; ");
    INFO(full.output);
    CHECK(full.exit_code == 1);
    CHECK(one_output_line(full.output));
    CHECK((contains(full.output, "disk full") || contains(full.output, "write error")));
    CHECK(active_name(f.store) == active);

    f.logged = 3; // manifest, signature, the big blob
    f.clear_log();
    Run good = run_kiosk(arguments);
    INFO(good.output);
    CHECK(good.exit_code == 0);
    CHECK(active_name(f.store).starts_with("20-"));
    // What did fit was kept: the blob was resumed, not fetched again.
    auto log = f.nginx->access_log(3);
    INFO(describe(log));
    const std::string big = "/blobs/" + next.entry("pages/big-0/ja.md").sha256;
    for (const AccessLogEntry& entry : log)
        if (entry.uri == big) CHECK(entry.status == 206);
}

// -------------------------------------------------------------------- fault injection

namespace {

// Starts `kiosk sync` with its output thrown away.
pid_t spawn_kiosk_sync(const std::string& url, const fs::path& store, const fs::path& pub) {
    std::vector<std::string> args = {
        KIOSK_BINARY, "sync",       "--url",      url, "--store",         store.string(),
        "--pubkey",   pub.string(), "--parallel", "2", "--stall-seconds", "10"};
    std::vector<char*> argv;
    for (std::string& arg : args)
        argv.push_back(arg.data());
    argv.push_back(nullptr);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, "/dev/null", O_WRONLY, 0);
    pid_t pid = -1;
    const int error = ::posix_spawn(&pid, KIOSK_BINARY, &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    REQUIRE(error == 0);
    return pid;
}

int wait_for(pid_t pid) {
    int status = 0;
    while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    return status;
}

void copy_store(const fs::path& from, const fs::path& to) {
    fs::remove_all(to);
    fs::copy(from, to, fs::copy_options::recursive | fs::copy_options::copy_symlinks);
}

} // namespace

TEST_CASE("sync: a kill at random moments leaves a whole version active") {
    TempDir temp;
    TestKey key;
    const fs::path docroot = temp / "docroot", work = temp / "work";
    const fs::path pristine = temp / "pristine", store = temp / "store";
    fs::create_directories(docroot);
    fs::create_directories(work);
    // Four pages of 200 KiB per release, served at 1 MiB/s a connection, two at once: a
    // sync lasts long enough to be killed in the middle of a blob.
    publish_release(docroot, work, key, 10, add_big_pages(1, 4, 200 * 1024));
    auto nginx = start_nginx(docroot, {}, 1 << 20);
    const std::vector<bundle::PublicKey> keys = {key.public_key()};
    const SyncConfig pristine_config = sync_config(nginx->url("/"), pristine, keys);
    REQUIRE(sync_now(pristine_config).result == SyncResult::Activated);
    const std::string v1 = active_name(pristine);
    publish_release(docroot, work, key, 20, add_big_pages(2, 4, 200 * 1024));

    // T: one whole sync from v1 to v2 by the binary.
    copy_store(pristine, store);
    const auto started = std::chrono::steady_clock::now();
    const int whole = wait_for(spawn_kiosk_sync(nginx->url("/"), store, key.pub_file()));
    const auto duration = std::chrono::steady_clock::now() - started;
    REQUIRE(WIFEXITED(whole));
    REQUIRE(WEXITSTATUS(whole) == 0);
    const std::string v2 = active_name(store);
    REQUIRE(v2 != v1);
    const auto max_delay_us = std::chrono::duration_cast<std::chrono::microseconds>(duration);

    std::random_device device;
    const unsigned seed = device();
    std::mt19937 random(seed);
    std::uniform_int_distribution<int64_t> delay_us(0, max_delay_us.count());
    MESSAGE("one whole sync took " << max_delay_us.count() / 1000 << " ms; seed " << seed);

    int kept_v1 = 0, reached_v2 = 0, recovered = 0;
    copy_store(pristine, store);
    for (int iteration = 0; iteration < 100; ++iteration) {
        CAPTURE(iteration);
        const pid_t child = spawn_kiosk_sync(nginx->url("/"), store, key.pub_file());
        // A random moment, not a synchronization: the point is to land anywhere.
        std::this_thread::sleep_for(std::chrono::microseconds(delay_us(random)));
        ::kill(child, SIGKILL);
        (void)wait_for(child);

        auto opened = bundle::BundleStore::open(store);
        REQUIRE(opened.ok());
        auto recovery = opened->recover(keys);
        REQUIRE_MESSAGE(recovery.ok(), recovery.error().describe());
        CHECK_MESSAGE(recovery->empty(), *recovery); // nothing was damaged, only interrupted
        const std::string active = active_name(store);
        REQUIRE((active == v1 || active == v2));
        CHECK(opened->verify_version(active, keys).ok());
        ++(active == v1 ? kept_v1 : reached_v2);

        // Now and then a sync runs to its end from what the kill left behind.
        if (iteration % 10 == 9) {
            SyncReport report = sync_now(sync_config(nginx->url("/"), store, keys));
            INFO(report.message);
            CHECK(report.result != SyncResult::Failed);
            CHECK(active_name(store) == v2);
            ++recovered;
        }
        if (active_name(store) == v2) copy_store(pristine, store);
    }
    MESSAGE("kills that left v1: " << kept_v1 << ", after v2 was active: " << reached_v2);
    CHECK(recovered == 10);
    CHECK(kept_v1 > 0);
}

TEST_CASE("sync: after recovery from a damaged blob, the next sync repairs the newest release") {
    SyncFixture f;
    f.synced(10);
    Release next = f.publish(20, change_english_page("Changed body"));
    REQUIRE(sync_now(f.config()).result == SyncResult::Activated);
    const std::string newest = active_name(f.store);
    // The page only release 20 has is damaged on disk (same size, other bytes).
    const FileEntry& page = next.entry("pages/moving-in/en.md");
    const fs::path blob = f.store / "blobs" / page.sha256;
    std::string bytes = bt::read_file(blob);
    bytes[0] = bytes[0] == 'x' ? 'y' : 'x';
    bt::write_file(blob, bytes);
    auto store = bundle::BundleStore::open(f.store);
    REQUIRE(store.ok());
    auto recovered = store->recover(f.config().keys);
    REQUIRE(recovered.ok());
    CHECK(recovered->find("damaged") != std::string::npos);
    CHECK(active_name(f.store).starts_with("10-"));
    // The server still has release 20: the next sync fetches the lost blob and goes back.
    SyncReport report = sync_now(f.config());
    INFO(report.message);
    REQUIRE(report.result == SyncResult::Activated);
    CHECK(report.blobs_fetched == 1);
    CHECK(active_name(f.store) == newest);
    // A staff rollback (every blob present) is still left alone.
    REQUIRE(store->rollback().ok());
    CHECK(sync_now(f.config()).result == SyncResult::Unchanged);
    CHECK(active_name(f.store).starts_with("10-"));
}
