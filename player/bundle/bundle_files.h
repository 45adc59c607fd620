#pragma once
// BundleFiles: read-only access to the files of one bundle version, whatever its form:
//   - an authored bundle (a folder as staff edit it, e.g. content/demo-ward),
//   - a built bundle (manifest.json + blobs/<sha256>, the output of `kiosk bundle build`),
//   - a sync store (it then opens the store's active version).
// Content parsing reads only through this, so it never cares which form it was given.

#include "player/bundle/file_io.h"
#include "player/core/result.h"

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace kiosk::bundle {

struct FileEntry {
    std::string path; // relative, '/'-separated, e.g. "pages/moving-in/ja.md"
    uint64_t size = 0;
    std::string sha256; // lowercase hex; empty for authored bundles until hashed
};

class BundleFiles {
  public:
    // Detects the form of `dir`. Fails with a clear message when `dir` does not exist or is
    // none of the three forms. Authored bundles: files outside the folder (symlinks that
    // leave it) are reported as errors, not followed.
    static Result<BundleFiles> open(const std::filesystem::path& dir);

    // One version of a sync store (STORE/versions/<name>), active or not: sync checks a
    // version before it switches to it.
    static Result<BundleFiles> open_version(const std::filesystem::path& store,
                                            const std::string& name);

    enum class Form { Authored, Built, Store };
    Form form() const { return m_form; }

    // Every file, sorted by path. Built bundles list what the manifest lists.
    const std::vector<FileEntry>& files() const { return m_files; }
    bool contains(std::string_view relative_path) const;

    // The bytes of one file, refused when larger than `max_bytes`. A built bundle reads
    // blobs only as regular files (never through a symlink) and verifies their SHA-256.
    Result<std::string> read(std::string_view relative_path,
                             uint64_t max_bytes = kMaxBundleFileBytes) const;

    // Where one file lies on disk, for a reader that needs a path rather than bytes (video:
    // libmpv streams the file). Authored: the file in the folder; built and store forms:
    // its blob, a regular file, whose SHA-256 sync verified when it arrived.
    Result<std::filesystem::path> local_path(std::string_view relative_path) const;

    // How to name a file in a message to staff: the real path for authored bundles
    // ("content/demo-ward/pages/x/ja.md"), "<bundle>/<relative path>" otherwise.
    std::string display_path(std::string_view relative_path) const;

    const std::filesystem::path& root() const { return m_root; }

  private:
    static Result<BundleFiles> open_authored(const std::filesystem::path& dir);
    static Result<BundleFiles> open_built(const std::filesystem::path& dir);
    static Result<BundleFiles> open_store(const std::filesystem::path& dir);
    static Result<BundleFiles> open_manifest(const std::filesystem::path& manifest_dir,
                                             const std::filesystem::path& blobs_dir);
    const FileEntry* find(std::string_view relative_path) const;

    Form m_form = Form::Authored;
    std::filesystem::path m_root;    // the folder holding the files (authored) or blobs
    std::vector<FileEntry> m_files;  // sorted by path
    std::filesystem::path m_blobs;   // built and store forms: where blobs/<sha256> live
    std::filesystem::path m_display; // prefix of display_path(): root, or a store version
};

} // namespace kiosk::bundle
