// kiosk sync (one sync, then exit) and kiosk store status | rollback (staff tools).
// `kiosk run` syncs on its own thread with the same sync_once().

#include "kiosk/cli_args.h"
#include "kiosk/commands.h"
#include "player/bundle/bundle_store.h"
#include "player/bundle/file_io.h"
#include "player/bundle/manifest.h"
#include "player/content/bundle_loader.h"
#include "player/sync/sync_client.h"

#include <cstdio>
#include <ctime>

namespace kiosk::cli {

namespace {

constexpr const char* kSyncUsage =
    "kiosk sync --url URL --store DIR --pubkey PREFIX.pub [--pubkey NEXT.pub] [--ca FILE]\n"
    "           [--stall-seconds N] [--parallel N] [--keep N]\n"
    "  One sync from a static HTTP server into a store, then exit: 0 when the store is up to\n"
    "  date (changed or not), 1 when the sync failed (the active version stays).\n"
    "  --pubkey twice: both keys are accepted (key rotation). --ca: a city CA for https.\n"
    "  --stall-seconds: give up when nothing arrives for N seconds (default 30).\n"
    "  --parallel: blob downloads at once (default 4). --keep: versions kept (default 3).";

constexpr const char* kStoreUsage =
    "kiosk store status DIR     active version, sequence, expiry, kept versions, disk use\n"
    "kiosk store rollback DIR   switch to the newest kept version older than the active one\n"
    "                           (sync keeps it until a newer release is published)";

// A whole number in [low, high] from an option, or `fallback` when absent; false when
// malformed.
bool option_number(const Args& args, const char* name, long low, long high, long& value) {
    auto text = args.get(name);
    if (!text) return true;
    char* end = nullptr;
    const long parsed = std::strtol(text->c_str(), &end, 10);
    if (text->empty() || *end != '\0' || parsed < low || parsed > high) return false;
    value = parsed;
    return true;
}

// The whole version loads without errors, pictures decoded (what `bundle build` demands):
// sync's check before it activates a version. The error is the first problem and a count.
Status check_loads(const bundle::BundleFiles& files) {
    content::LoadReport report;
    content::LoadOptions options;
    options.decode_images = true;
    auto bundle = content::load_bundle(files, &report, options);
    size_t errors = 0;
    const content::Problem* first = nullptr;
    for (const auto& problem : report.problems)
        if (problem.severity == content::Severity::Error && errors++ == 0) first = &problem;
    if (first)
        return make_error(first->where.describe() +
                          (errors > 1 ? " (and " + std::to_string(errors - 1) + " more)" : ""));
    if (!bundle) return bundle.error();
    return Ok{};
}

std::string utc(int64_t unix_seconds) {
    return unix_seconds > 0 ? bundle::format_utc_time(unix_seconds) : "never";
}

} // namespace

int sync_main(const Argv& argv) {
    Args args(argv, {{"--url", true},
                     {"--store", true},
                     {"--pubkey", true},
                     {"--ca", true},
                     {"--stall-seconds", true},
                     {"--parallel", true},
                     {"--keep", true}});
    if (args.wants_help()) {
        std::puts(kSyncUsage);
        return Exit::Success;
    }
    if (!args.error().empty()) return usage_error("sync", args.error(), kSyncUsage);
    if (!args.positionals().empty())
        return usage_error("sync", "unexpected argument " + args.positionals()[0], kSyncUsage);
    for (const char* required : {"--url", "--store", "--pubkey"})
        if (!args.get(required))
            return usage_error("sync", std::string("missing ") + required, kSyncUsage);
    sync::SyncConfig config;
    config.url = *args.get("--url");
    config.store = *args.get("--store");
    const auto key_files = args.get_all("--pubkey");
    if (key_files.size() > 2)
        return usage_error("sync", "at most two --pubkey (the current key and the next)",
                           kSyncUsage);
    for (const std::string& file : key_files) {
        auto key = bundle::read_public_key(file);
        if (!key) return failure("sync", key.error().describe());
        config.keys.push_back(*key);
    }
    config.http.ca_file = args.get_or("--ca", "");
    long stall = 30, parallel = 4, keep = 3;
    if (!option_number(args, "--stall-seconds", 1, 3600, stall))
        return usage_error("sync", "--stall-seconds must be 1..3600", kSyncUsage);
    if (!option_number(args, "--parallel", 1, 16, parallel))
        return usage_error("sync", "--parallel must be 1..16", kSyncUsage);
    if (!option_number(args, "--keep", 1, 100, keep))
        return usage_error("sync", "--keep must be 1..100", kSyncUsage);
    config.http.stall_timeout_s = stall;
    config.parallel = static_cast<size_t>(parallel);
    config.keep_versions = static_cast<size_t>(keep);

    sync::SyncReport report = sync::sync_once(config, check_loads, std::time(nullptr));
    if (report.result == sync::SyncResult::Failed) return failure("sync", report.message);
    std::printf("%s; %llu bytes received\n", report.message.c_str(),
                static_cast<unsigned long long>(report.received_bytes));
    return Exit::Success;
}

int store_main(const Argv& argv) {
    Args args(argv, {});
    if (args.wants_help()) {
        std::puts(kStoreUsage);
        return Exit::Success;
    }
    if (!args.error().empty()) return usage_error("store", args.error(), kStoreUsage);
    const auto& words = args.positionals();
    if (words.size() != 2 || (words[0] != "status" && words[0] != "rollback"))
        return usage_error("store", "expected: status DIR | rollback DIR", kStoreUsage);
    std::error_code ec;
    if (!std::filesystem::is_directory(words[1], ec))
        return failure("store", words[1] + ": no such store folder");
    auto store = bundle::BundleStore::open(words[1]);
    if (!store) return failure("store", store.error().describe());
    if (words[0] == "rollback") {
        auto version = store->rollback();
        if (!version) return failure("store rollback", version.error().describe());
        std::printf("rolled back to %s (%s, sequence %llu)\n", version->name.c_str(),
                    version->manifest.version.c_str(),
                    static_cast<unsigned long long>(version->manifest.sequence));
        return Exit::Success;
    }
    auto status = store->status();
    if (!status) return failure("store status", status.error().describe());
    const int64_t now = std::time(nullptr);
    if (status->active) {
        const auto& m = status->active->manifest;
        const bool stale = m.expires_unix > 0 && m.expires_unix <= now;
        std::printf("active: %s (%s %s, sequence %llu, expires %s%s)\n",
                    status->active->name.c_str(), m.bundle_id.c_str(), m.version.c_str(),
                    static_cast<unsigned long long>(m.sequence), utc(m.expires_unix).c_str(),
                    stale ? ", STALE" : "");
    } else {
        std::printf("active: none\n");
    }
    std::printf("highest sequence accepted: %llu\n",
                static_cast<unsigned long long>(status->highest_sequence));
    std::printf("kept versions: %zu\n", status->versions.size());
    for (const auto& version : status->versions)
        std::printf("  %s %s  %s, sequence %llu, %zu files\n", version.active ? "*" : " ",
                    version.name.c_str(), version.manifest.version.c_str(),
                    static_cast<unsigned long long>(version.manifest.sequence),
                    version.manifest.files.size());
    std::printf("disk use: %s in %llu blobs\n", bundle::describe_bytes(status->disk_bytes).c_str(),
                static_cast<unsigned long long>(status->blob_count));
    return Exit::Success;
}

} // namespace kiosk::cli
