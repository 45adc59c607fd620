#pragma once
// BundleStore: a terminal's content store (store_layout.h) and everything that changes it:
// adopting downloaded blobs, adding a signed version, switching `current` atomically,
// keeping a few older versions, collecting unreferenced blobs, staff rollback, and
// recovery at start-up.
//
// Durability: every file is flushed before it is renamed into place and every folder after
// a rename in it, so after a kill or a power cut at any moment `current` names one whole,
// verified version (the old one or the new one).
//
// Threading: one writer at a time (the sync thread, or a staff command run while sync is
// stopped). Readers open versions through BundleFiles, which only ever sees whole versions.

#include "player/bundle/manifest.h"
#include "player/bundle/signing.h"
#include "player/core/result.h"

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace kiosk::bundle {

// STORE/tmp/ holds downloads in progress; STORE/sequence the highest sequence accepted.
inline constexpr const char* kStoreTemporary = "tmp";
inline constexpr const char* kStoreSequence = "sequence";
inline constexpr size_t kDefaultKeptVersions = 3;

struct StoredVersion {
    std::string name; // versions/<name>
    Manifest manifest;
    bool active = false;
};

struct StoreStatus {
    std::optional<StoredVersion> active;
    std::vector<StoredVersion> versions; // newest sequence first, the active one included
    uint64_t highest_sequence = 0;       // the highest ever accepted (rollback protection)
    uint64_t blob_count = 0;
    uint64_t disk_bytes = 0; // blobs, versions and downloads in progress
};

class BundleStore {
  public:
    // Opens `dir`, creating it and its folders when missing.
    static Result<BundleStore> open(const std::filesystem::path& dir);

    const std::filesystem::path& dir() const { return m_dir; }

    // blobs/<sha256> exists as a regular file of `size` bytes. The content is trusted: a blob
    // got there only after its hash was checked (recover() checks again at start-up).
    bool has_blob(std::string_view sha256, uint64_t size) const;
    std::filesystem::path blob_path(std::string_view sha256) const;
    // Where a download of this blob is written; it survives a kill, so it can resume.
    std::filesystem::path partial_path(std::string_view sha256) const;

    // Checks the size and SHA-256 of `downloaded` against `entry`, flushes it and renames it
    // to blobs/<sha256>. A mismatch deletes the file and names the path in the manifest.
    Status adopt_blob(const std::filesystem::path& downloaded, const FileEntry& entry);
    // Flushes blobs/ after a batch of adopt_blob() calls.
    Status flush_blobs() const;

    // Writes versions/<name>/ with exactly these manifest bytes and signature, after
    // checking that every blob it lists is present. `name` is "<sequence>-<digest prefix>".
    Result<std::string> add_version(std::string_view manifest_bytes, std::string_view sig_text,
                                    const Manifest& manifest);
    // Points `current` at versions/<name> (a new symlink renamed over the old one) and
    // raises the recorded highest sequence to the version's.
    Status activate(const std::string& name);
    // Keeps the active version and the newest `keep` versions in all; deletes the others,
    // every blob no kept version lists, and leftover temporary files.
    Status prune(size_t keep = kDefaultKeptVersions);

    Result<StoreStatus> status() const;
    uint64_t highest_sequence() const;

    // Staff: activates the newest kept version older than the active one. The recorded
    // highest sequence stays, so sync does not undo the rollback until a newer release.
    Result<StoredVersion> rollback();

    // The signature (any of `keys`) and every blob (size and SHA-256) of one version.
    Status verify_version(const std::string& name, const std::vector<PublicKey>& keys) const;

    // Start-up check. Returns "" when the active version verifies; otherwise activates the
    // newest version that verifies and returns one line saying what was wrong and what is
    // shown now. Fails when no version verifies (the caller then uses its fallback bundle).
    Result<std::string> recover(const std::vector<PublicKey>& keys);

  private:
    explicit BundleStore(std::filesystem::path dir) : m_dir(std::move(dir)) {}
    std::vector<StoredVersion> list_versions() const; // newest sequence first
    std::optional<std::string> active_name() const;

    std::filesystem::path m_dir;
};

} // namespace kiosk::bundle
