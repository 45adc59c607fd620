#pragma once
// One sync of a terminal's store from a static HTTP server:
//
//   URL/manifest.json   conditional GET (If-None-Match, else If-Modified-Since)
//   URL/manifest.sig    the Ed25519 signature over manifest.json's exact bytes
//   URL/blobs/<sha256>  each blob the store lacks, several at once, resumed with Range
//
// Nothing is activated unless all of this holds: the signature verifies with one of the
// pinned keys; the manifest is format 2 with a sequence higher than any accepted before
// (a replayed old release is refused) and an expiry still ahead; every blob has the
// declared size and SHA-256; and the whole version loads without errors (the caller's
// check). Then `current` is switched atomically and old versions are pruned. Any failure
// leaves the active version as it was and says why in one line.

#include "player/bundle/bundle_files.h"
#include "player/bundle/signing.h"
#include "player/core/result.h"
#include "player/sync/http_client.h"

#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

namespace kiosk::sync {

struct SyncConfig {
    std::string url; // the folder on the server holding manifest.json
    std::filesystem::path store;
    std::vector<bundle::PublicKey> keys; // one, or two during a key rotation
    HttpOptions http;
    size_t parallel = 4; // blob downloads at once
    size_t keep_versions = 3;
};

enum class SyncResult { Unchanged, Activated, Failed };

struct SyncReport {
    SyncResult result = SyncResult::Failed;
    std::string message;         // one line for the log and the status file
    std::string version;         // the active version after the attempt ("" when none)
    uint64_t sequence = 0;       // its sequence
    int64_t expires_unix = 0;    // its expiry
    long retry_after_s = -1;     // the server asked us to wait (503/429 Retry-After)
    uint64_t received_bytes = 0; // on the wire, every request of this attempt
    size_t blobs_fetched = 0;
};

// Checks a version before it is activated; the app passes the content loader here (sync
// knows nothing about content).
using VersionCheck = std::function<Status(const bundle::BundleFiles& files)>;

// `now_unix`: the current time, for the expiry check.
SyncReport sync_once(const SyncConfig& config, const VersionCheck& check, int64_t now_unix);

// The URL of one file below the server folder: "https://x/ward/" + "manifest.json".
std::string join_url(const std::string& base, const std::string& file);

} // namespace kiosk::sync
