#pragma once
// Helpers shared by the store and sync tests: a signing key pair of their own, releases of
// make_authored_bundle() built, signed and published into an nginx docroot with a given
// sequence, expiry and content tweaks, hand-written signed manifests, and a few ways to look
// at a store. Everything is real: the builder, the signer, the publisher and the store.

#include "../support/nginx_server.h"
#include "bundle_test_support.h"

#include "player/bundle/bundle_builder.h"
#include "player/bundle/bundle_files.h"
#include "player/bundle/bundle_publisher.h"
#include "player/bundle/bundle_store.h"
#include "player/bundle/file_io.h"
#include "player/bundle/manifest.h"
#include "player/bundle/signing.h"
#include "player/bundle/store_layout.h"
#include "player/sync/sync_client.h"

#include <doctest/doctest.h>
#include <sodium.h>

#include <fcntl.h>
#include <sys/stat.h>

#include <cstdint>
#include <ctime>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace kiosk::sync::test {

namespace fs = std::filesystem;
using bundle::test::TempDir;

// An Ed25519 key pair written by the real key generator into a TempDir of its own.
class TestKey {
  public:
    TestKey() {
        REQUIRE(bundle::generate_key_files(m_dir / "test").ok());
        auto pub = bundle::read_public_key(pub_file());
        REQUIRE(pub.ok());
        m_public = *pub;
    }
    fs::path key_file() const { return m_dir / "test.key"; }
    fs::path pub_file() const { return m_dir / "test.pub"; }
    const bundle::PublicKey& public_key() const { return m_public; }

    bundle::SecretKey secret() const {
        auto secret = bundle::read_secret_key(key_file());
        REQUIRE(secret.ok());
        return *secret;
    }

    // A detached signature over any bytes, in manifest.sig's form (hex and a newline): for
    // manifests the builder would never write.
    std::string sign(std::string_view bytes) const {
        REQUIRE(::sodium_init() >= 0);
        const bundle::SecretKey key = secret();
        unsigned char signature[crypto_sign_BYTES];
        ::crypto_sign_detached(signature, nullptr,
                               reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size(),
                               key.bytes.data());
        static const char* const digits = "0123456789abcdef";
        std::string text;
        for (unsigned char byte : signature) {
            text += digits[byte >> 4];
            text += digits[byte & 15];
        }
        return text + "\n";
    }

  private:
    TempDir m_dir;
    bundle::PublicKey m_public;
};

// Changes the authored bundle before it is built.
using Tweak = std::function<void(const fs::path& authored)>;

// A day ahead of now, so releases built by the tests are never expired when synced.
inline int64_t future_expiry() {
    return static_cast<int64_t>(std::time(nullptr)) + 30 * 86400;
}

// Built and signed: OUT/manifest.json, OUT/manifest.sig, OUT/blobs/.
struct Release {
    fs::path out;
    bundle::Manifest manifest;
    std::string manifest_bytes;

    // The blob of one file of the bundle, by its path in the manifest.
    const bundle::FileEntry& entry(std::string_view path) const {
        for (const bundle::FileEntry& file : manifest.files)
            if (file.path == path) return file;
        FAIL("no " << std::string(path) << " in the manifest");
        return manifest.files.front();
    }
};

// make_authored_bundle() plus `tweak`, built into `work`/out-<sequence>-<n> with the given
// stamp and signed with `key`.
inline Release build_release(const fs::path& work, const TestKey& key, uint64_t sequence,
                             int64_t expires_unix, const Tweak& tweak = {}) {
    static int counter = 0;
    const std::string suffix = std::to_string(sequence) + "-" + std::to_string(counter++);
    const fs::path authored = work / ("authored-" + suffix);
    bundle::test::make_authored_bundle(authored);
    if (tweak) tweak(authored);
    Release release;
    release.out = work / ("out-" + suffix);
    auto built = bundle::build_bundle(authored, release.out, bundle::test::kTestIdentity,
                                      bundle::ReleaseStamp{sequence, expires_unix});
    REQUIRE_MESSAGE(built.ok(), built.error().describe());
    auto signed_ok = bundle::sign_built_bundle(release.out, key.secret());
    REQUIRE_MESSAGE(signed_ok.ok(), signed_ok.error().describe());
    release.manifest_bytes = bundle::test::read_file(release.out / "manifest.json");
    auto manifest = bundle::parse_manifest(release.manifest_bytes);
    REQUIRE(manifest.ok());
    release.manifest = *manifest;
    return release;
}

// build_release(), then `kiosk bundle publish`'s publish_bundle() into `docroot`.
inline Release publish_release(const fs::path& docroot, const fs::path& work, const TestKey& key,
                               uint64_t sequence, const Tweak& tweak = {},
                               int64_t expires_unix = future_expiry()) {
    Release release = build_release(work, key, sequence, expires_unix, tweak);
    auto published = bundle::publish_bundle(release.out, docroot);
    REQUIRE_MESSAGE(published.ok(), published.error().describe());
    return release;
}

// Replaces a served file as a distinct publication: nginx's ETag and Last-Modified are the
// modification time in whole seconds (and the size), so a file replaced within the second
// it was last written, by the same number of bytes, would look unchanged to conditional
// GETs. Its time is moved a second past the old one then, as a later publish would.
inline void replace_served(const fs::path& path, const std::string& bytes) {
    struct stat before {};
    const bool existed = ::stat(path.c_str(), &before) == 0;
    bundle::test::write_file(path, bytes);
    struct stat after {};
    REQUIRE(::stat(path.c_str(), &after) == 0);
    if (existed && after.st_mtim.tv_sec <= before.st_mtim.tv_sec) {
        const struct timespec times[2] = {{0, UTIME_OMIT}, {before.st_mtim.tv_sec + 1, 0}};
        REQUIRE(::utimensat(AT_FDCWD, path.c_str(), times, 0) == 0);
    }
}

// Puts a release on the server without the publisher's checks (an attacker's or a broken
// server's view): every blob, manifest.sig, then manifest.json.
inline void serve_raw(const Release& release, const fs::path& docroot) {
    fs::create_directories(docroot / "blobs");
    for (const auto& blob : fs::directory_iterator(release.out / "blobs"))
        fs::copy_file(blob.path(), docroot / "blobs" / blob.path().filename(),
                      fs::copy_options::overwrite_existing);
    replace_served(docroot / "manifest.sig", bundle::test::read_file(release.out / "manifest.sig"));
    replace_served(docroot / "manifest.json", release.manifest_bytes);
}

// Serves `manifest_bytes` (anything at all) with a valid signature by `key`.
inline void serve_signed_manifest(const fs::path& docroot, const std::string& manifest_bytes,
                                  const TestKey& key) {
    replace_served(docroot / "manifest.sig", key.sign(manifest_bytes));
    replace_served(docroot / "manifest.json", manifest_bytes);
}

// Paragraphs of words drawn from `seed`: a page of about `bytes` that the content loader
// accepts (each paragraph well under its 8 KiB limit), and that differs for every seed.
inline std::string big_page(uint32_t seed, size_t bytes) {
    static const char* const words[] = {"ward",     "office", "counter", "floor",   "form",
                                        "resident", "card",   "moving",  "tax",     "hours",
                                        "garbage",  "bus",    "shelter", "station", "fee"};
    std::string text =
        "+++\ncategory = \"procedures\"\ntitle = \"Big page " + std::to_string(seed) + "\"\n+++\n";
    uint32_t state = seed * 2654435761u + 12345u;
    size_t paragraph = 0;
    while (text.size() < bytes) {
        state = state * 1664525u + 1013904223u;
        text += words[(state >> 16) % 15];
        if (++paragraph % 150 == 0)
            text += ".\n\n";
        else
            text += ' ';
    }
    return text + ".\n";
}

// A tweak adding `pages` pages of about `bytes` each, their text drawn from `seed`.
inline Tweak add_big_pages(uint32_t seed, int pages, size_t bytes) {
    return [=](const fs::path& authored) {
        for (int i = 0; i < pages; ++i)
            bundle::test::write_file(authored / ("pages/big-" + std::to_string(i) + "/ja.md"),
                                     big_page(seed * 100 + static_cast<uint32_t>(i), bytes));
    };
}

// A tweak giving pages/moving-in/en.md another body.
inline Tweak change_english_page(const std::string& body) {
    return [=](const fs::path& authored) {
        bundle::test::write_file(authored / "pages/moving-in/en.md",
                                 "+++\ncategory = \"procedures\"\ntitle = \"Moving in\"\n+++\n" +
                                     body + "\n");
    };
}

// A check that opens nothing heavy: the version's bundle.toml reads (its SHA-256 verified).
inline Status light_check(const bundle::BundleFiles& files) {
    auto text = files.read("bundle.toml", 1 << 20);
    if (!text) return text.error();
    return Ok{};
}

inline SyncConfig sync_config(const std::string& url, const fs::path& store,
                              std::vector<bundle::PublicKey> keys) {
    SyncConfig config;
    config.url = url;
    config.store = store;
    config.keys = std::move(keys);
    config.http.connect_timeout_s = 5;
    config.http.stall_timeout_s = 10;
    return config;
}

inline SyncReport sync_now(const SyncConfig& config) {
    return sync_once(config, light_check, static_cast<int64_t>(std::time(nullptr)));
}

// The name of the store's active version, "" when none.
inline std::string active_name(const fs::path& store_dir) {
    auto store = bundle::BundleStore::open(store_dir);
    REQUIRE(store.ok());
    auto status = store->status();
    REQUIRE(status.ok());
    return status->active ? status->active->name : std::string();
}

inline bool one_line(const std::string& text) {
    return !text.empty() && text.find('\n') == std::string::npos;
}

// A real nginx serving `docroot`; fails the test when it does not start.
inline std::unique_ptr<kiosk::test::NginxServer>
start_nginx(const kiosk::test::NginxOptions& options) {
    std::string error;
    auto server = kiosk::test::NginxServer::start(options, &error);
    if (!server) FAIL("the nginx fixture did not start: " << error);
    return server;
}

inline std::unique_ptr<kiosk::test::NginxServer>
start_nginx(const fs::path& docroot, std::vector<std::pair<std::string, int>> fail_paths = {},
            uint64_t limit_rate = 0) {
    kiosk::test::NginxOptions options;
    options.docroot = docroot;
    options.fail_paths = std::move(fail_paths);
    options.limit_rate_bytes_per_s = limit_rate;
    return start_nginx(options);
}

} // namespace kiosk::sync::test
