#include "player/sync/sync_client.h"

#include "player/bundle/bundle_store.h"
#include "player/bundle/file_io.h"
#include "player/bundle/manifest.h"
#include "player/bundle/store_layout.h"

#include <sys/statvfs.h>

#include <map>
#include <set>

namespace kiosk::sync {

namespace fs = std::filesystem;
using bundle::BundleStore;
using bundle::FileEntry;
using bundle::Manifest;

namespace {

// STORE/sync-state: the validators of the manifest last seen, so the next poll can be a
// conditional GET. Three lines: url, ETag, Last-Modified (either may be empty).
constexpr const char* kSyncState = bundle::kStoreSyncState;

struct Validators {
    std::string url, etag, last_modified;
};

Validators read_validators(const fs::path& store) {
    Validators state;
    auto text = bundle::read_file(store / kSyncState, 4096, bundle::Symlinks::Refuse);
    if (!text) return state;
    std::vector<std::string> lines(1);
    for (char c : *text) {
        if (c == '\n')
            lines.emplace_back();
        else
            lines.back() += c;
    }
    if (lines.size() >= 3) state = Validators{lines[0], lines[1], lines[2]};
    return state;
}

void write_validators(const fs::path& store, const Validators& state) {
    // Header values with a newline would corrupt the file; such a server gets no
    // conditional requests.
    for (const std::string* value : {&state.url, &state.etag, &state.last_modified})
        if (value->find('\n') != std::string::npos || value->size() > 1000) return;
    (void)bundle::write_file_atomically(store / kSyncState, state.url + "\n" + state.etag + "\n" +
                                                                state.last_modified + "\n");
}

void describe_active(const BundleStore& store, SyncReport& report) {
    auto status = store.status();
    if (!status || !status->active) return;
    report.version = status->active->name;
    report.sequence = status->active->manifest.sequence;
    report.expires_unix = status->active->manifest.expires_unix;
}

SyncReport failed(SyncReport report, std::string message) {
    report.result = SyncResult::Failed;
    report.message = std::move(message);
    return report;
}

std::string http_problem(const std::string& url, const HttpResponse& response) {
    std::string message = url + ": HTTP " + std::to_string(response.status);
    if (response.retry_after_s >= 0)
        message += " (retry after " + std::to_string(response.retry_after_s) + " s)";
    return message;
}

// Free bytes for the store's file system; UINT64_MAX when unknown.
uint64_t free_bytes(const fs::path& dir) {
    struct statvfs info {};
    if (::statvfs(dir.c_str(), &info) != 0) return UINT64_MAX;
    return static_cast<uint64_t>(info.f_bavail) * info.f_frsize;
}

} // namespace

std::string join_url(const std::string& base, const std::string& file) {
    if (!base.empty() && base.back() == '/') return base + file;
    return base + "/" + file;
}

SyncReport sync_once(const SyncConfig& config, const VersionCheck& check, int64_t now_unix) {
    SyncReport report;
    auto opened = BundleStore::open(config.store);
    if (!opened) return failed(report, opened.error().describe());
    BundleStore& store = *opened;
    describe_active(store, report);
    if (config.keys.empty()) return failed(report, "no public key configured; refusing to sync");
    if (!config.url.starts_with("http://") && !config.url.starts_with("https://"))
        return failed(report, config.url + ": the sync URL must start with https:// or http://");

    // 1. The manifest, conditionally: a poll with no change costs one small request.
    const std::string manifest_url = join_url(config.url, "manifest.json");
    Validators previous = read_validators(config.store);
    const bool conditional = !report.version.empty() && previous.url == config.url;
    auto manifest_response =
        http_get(manifest_url, bundle::kMaxManifestBytes, config.http,
                 conditional ? previous.etag : "", conditional ? previous.last_modified : "");
    if (!manifest_response) return failed(report, manifest_response.error().describe());
    report.received_bytes += manifest_response->received_bytes;
    report.retry_after_s = manifest_response->retry_after_s;
    if (manifest_response->status == 304) {
        report.result = SyncResult::Unchanged;
        report.message = "no change (" + manifest_url + " answered 304)";
        return report;
    }
    if (manifest_response->status != 200)
        return failed(report, http_problem(manifest_url, *manifest_response));
    const std::string& manifest_bytes = manifest_response->body;

    // 2. Its signature, before anything in the manifest is believed.
    const std::string sig_url = join_url(config.url, "manifest.sig");
    auto sig_response = http_get(sig_url, bundle::kMaxKeyFileBytes, config.http);
    if (!sig_response) return failed(report, sig_response.error().describe());
    report.received_bytes += sig_response->received_bytes;
    if (sig_response->status != 200) {
        report.retry_after_s = sig_response->retry_after_s;
        return failed(report, http_problem(sig_url, *sig_response));
    }
    Status signature = make_error("no key");
    for (const bundle::PublicKey& key : config.keys) {
        signature =
            bundle::verify_manifest_signature(manifest_bytes, sig_response->body, key, sig_url);
        if (signature) break;
    }
    if (!signature)
        return failed(report, signature.error().describe() + "; keeping the active version");

    // 3. The manifest itself: format, sequence (rollback), expiry (freeze).
    auto manifest = bundle::parse_manifest(manifest_bytes, manifest_url);
    if (!manifest) return failed(report, manifest.error().describe());
    if (manifest->sequence == 0)
        return failed(report, manifest_url +
                                  ": format 1 manifest has no sequence number, so a replayed "
                                  "old release could not be told apart; rebuild it with this "
                                  "kiosk's `bundle build` (format 2)");
    const uint64_t highest = store.highest_sequence();
    const Validators current{config.url, manifest_response->etag, manifest_response->last_modified};
    if (manifest->sequence < highest)
        return failed(report, manifest_url + ": sequence " + std::to_string(manifest->sequence) +
                                  " is older than " + std::to_string(highest) +
                                  ", already accepted; refusing a rollback to an old release");
    bool repairing = false; // the newest release again, after damage lost some of its blobs
    if (manifest->sequence == highest) {
        auto status = store.status();
        const std::string name_prefix = std::to_string(manifest->sequence) + "-";
        const bundle::StoredVersion* same = nullptr;
        if (status)
            for (const auto& version : status->versions)
                if (version.name.starts_with(name_prefix) &&
                    bundle::to_json(version.manifest) == bundle::to_json(*manifest))
                    same = &version;
        if (!same)
            return failed(report, manifest_url + ": sequence " + std::to_string(highest) +
                                      " was already accepted with different content; a new "
                                      "release needs a higher sequence");
        // Active, or complete but not active (staff rolled back): nothing to do. Blobs
        // missing (recovery deleted damaged ones and fell back): fetch them and switch back.
        bool complete = true;
        for (const FileEntry& file : manifest->files)
            if (!store.has_blob(file.sha256, file.size)) complete = false;
        if (same->active || complete) {
            write_validators(config.store, current);
            report.result = SyncResult::Unchanged;
            report.message =
                "no change (sequence " + std::to_string(highest) + " is the newest already)";
            return report;
        }
        repairing = true;
    }
    if (manifest->expires_unix <= now_unix && !repairing)
        return failed(report, manifest_url + ": expired at " +
                                  bundle::format_utc_time(manifest->expires_unix) +
                                  "; refusing a stale release (the server may be frozen)");

    // 4. The blobs the store lacks, after checking they fit on the disk.
    std::map<std::string, const FileEntry*> missing;
    for (const FileEntry& file : manifest->files)
        if (!store.has_blob(file.sha256, file.size)) missing.emplace(file.sha256, &file);
    uint64_t needed = 0;
    for (const auto& [sha, file] : missing)
        needed += file->size;
    // Room for the blobs plus a margin for the versions and the file system itself.
    const uint64_t margin = 16ull << 20;
    if (const uint64_t free = free_bytes(config.store); free < needed + margin)
        return failed(report, config.store.string() + ": needs " + bundle::describe_bytes(needed) +
                                  " for new blobs but only " + bundle::describe_bytes(free) +
                                  " are free (disk full); keeping the active version");
    std::vector<Download> downloads;
    std::vector<const FileEntry*> entries;
    for (const auto& [sha, file] : missing) {
        downloads.push_back(
            Download{join_url(config.url, "blobs/" + sha), store.partial_path(sha), file->size});
        entries.push_back(file);
    }
    std::vector<DownloadResult> results = download_all(downloads, config.parallel, config.http);
    std::string first_problem;
    for (size_t i = 0; i < results.size(); ++i) {
        report.received_bytes += results[i].received_bytes;
        if (results[i].retry_after_s >= 0) report.retry_after_s = results[i].retry_after_s;
        Status ok = results[i].status;
        if (ok) ok = store.adopt_blob(downloads[i].file, *entries[i]);
        if (ok)
            ++report.blobs_fetched;
        else if (first_problem.empty())
            first_problem = ok.error().describe();
    }
    if (Status ok = store.flush_blobs(); !ok && first_problem.empty())
        first_problem = ok.error().describe();
    if (!first_problem.empty())
        return failed(report, first_problem + " (" + std::to_string(report.blobs_fetched) + " of " +
                                  std::to_string(missing.size()) +
                                  " blobs fetched; the rest next time)");

    // 5. The whole version, as the kiosk would show it, then the switch.
    auto name = store.add_version(manifest_bytes, sig_response->body, *manifest);
    if (!name) return failed(report, name.error().describe());
    auto files = bundle::BundleFiles::open_version(config.store, *name);
    if (!files) return failed(report, files.error().describe());
    if (check) {
        if (Status loads = check(*files); !loads) {
            // Not kept: recovery and pruning take every folder in versions/ for an accepted
            // version. Its sequence is above any accepted, so it is not the active one.
            std::error_code ignored;
            fs::remove_all(config.store / bundle::kStoreVersions / *name, ignored);
            return failed(report, "version " + manifest->version + " does not load: " +
                                      loads.error().describe() + "; keeping the active version");
        }
    }
    if (Status ok = store.activate(*name); !ok) return failed(report, ok.error().describe());
    write_validators(config.store, current);
    std::string pruned;
    if (Status ok = store.prune(config.keep_versions); !ok)
        pruned = " (pruning old versions failed: " + ok.error().describe() + ")";
    describe_active(store, report);
    report.result = SyncResult::Activated;
    report.message = "activated " + manifest->bundle_id + " " + manifest->version + " (sequence " +
                     std::to_string(manifest->sequence) + ", " +
                     std::to_string(report.blobs_fetched) + " blobs fetched)" + pruned;
    return report;
}

} // namespace kiosk::sync
