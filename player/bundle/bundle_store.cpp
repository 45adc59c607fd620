#include "player/bundle/bundle_store.h"

#include "player/bundle/file_io.h"
#include "player/bundle/sha256.h"
#include "player/bundle/store_layout.h"

#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <set>

namespace kiosk::bundle {

namespace fs = std::filesystem;

namespace {

Error fs_error(const fs::path& path, const std::string& what, const std::error_code& ec) {
    return make_error(path.string(), 0, what + ": " + ec.message());
}

bool is_hidden(const fs::path& path) {
    const std::string name = path.filename().string();
    return name.empty() || name[0] == '.';
}

// Bytes of every regular file below `dir` (symlinks not followed).
uint64_t bytes_below(const fs::path& dir) {
    uint64_t total = 0;
    std::error_code ec;
    for (fs::recursive_directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
        std::error_code size_ec;
        if (it->is_regular_file(size_ec) && !it->is_symlink(size_ec)) {
            uint64_t size = it->file_size(size_ec);
            if (!size_ec) total += size;
        }
    }
    return total;
}

} // namespace

Result<BundleStore> BundleStore::open(const fs::path& dir) {
    std::error_code ec;
    for (const char* sub : {kStoreBlobs, kStoreVersions, kStoreTemporary}) {
        fs::create_directories(dir / sub, ec);
        if (ec) return fs_error(dir / sub, "cannot create store folder", ec);
        if (fs::is_symlink(fs::symlink_status(dir / sub, ec)))
            return make_error((dir / sub).string(), 0,
                              "is a symlink; a store's folders must be real folders");
    }
    return BundleStore(dir);
}

fs::path BundleStore::blob_path(std::string_view sha256) const {
    return m_dir / kStoreBlobs / std::string(sha256);
}

fs::path BundleStore::partial_path(std::string_view sha256) const {
    return m_dir / kStoreTemporary / (std::string(sha256) + ".part");
}

bool BundleStore::has_blob(std::string_view sha256, uint64_t size) const {
    std::error_code ec;
    const fs::path path = blob_path(sha256);
    if (!fs::is_regular_file(fs::symlink_status(path, ec))) return false;
    return fs::file_size(path, ec) == size && !ec;
}

Status BundleStore::adopt_blob(const fs::path& downloaded, const FileEntry& entry) {
    std::error_code ec;
    const uint64_t size = fs::file_size(downloaded, ec);
    if (ec) return fs_error(downloaded, "cannot read size", ec);
    auto refuse = [&](std::string why) -> Status {
        std::error_code ignored;
        fs::remove(downloaded, ignored);
        return make_error("blobs/" + entry.sha256, 0, why + " (" + entry.path + ")");
    };
    if (size != entry.size)
        return refuse("size " + std::to_string(size) + " but the manifest says " +
                      std::to_string(entry.size));
    auto digest = sha256_file_hex(downloaded);
    if (!digest) return digest.error();
    if (*digest != entry.sha256) return refuse("content does not match its SHA-256");
    if (Status ok = sync_path(downloaded); !ok) return ok;
    fs::rename(downloaded, blob_path(entry.sha256), ec);
    if (ec) return fs_error(blob_path(entry.sha256), "cannot move blob into place", ec);
    return Ok{};
}

Status BundleStore::flush_blobs() const {
    return sync_path(m_dir / kStoreBlobs);
}

Result<std::string> BundleStore::add_version(std::string_view manifest_bytes,
                                             std::string_view sig_text, const Manifest& manifest) {
    for (const FileEntry& file : manifest.files)
        if (!has_blob(file.sha256, file.size))
            return make_error("blobs/" + file.sha256, 0,
                              "missing, so the version cannot be added (" + file.path + ")");
    const std::string name =
        std::to_string(manifest.sequence) + "-" + sha256_hex(manifest_bytes).substr(0, 16);
    const fs::path versions = m_dir / kStoreVersions;
    const fs::path final_dir = versions / name;
    std::error_code ec;
    if (fs::is_regular_file(final_dir / "manifest.json", ec) &&
        fs::is_regular_file(final_dir / "manifest.sig", ec))
        return name; // the same bytes were added before (a sync killed before activation)
    // Written under a hidden name and renamed, so versions/<name> is always whole.
    const fs::path staging = versions / ("." + name + ".tmp-" + std::to_string(::getpid()));
    fs::remove_all(staging, ec);
    fs::create_directory(staging, ec);
    if (ec) return fs_error(staging, "cannot create folder", ec);
    for (auto [file, bytes] :
         {std::pair{"manifest.json", manifest_bytes}, std::pair{"manifest.sig", sig_text}}) {
        if (Status ok = write_whole_file(staging / file, bytes); !ok) return ok.error();
        if (Status ok = sync_path(staging / file); !ok) return ok.error();
    }
    if (Status ok = sync_path(staging); !ok) return ok.error();
    fs::remove_all(final_dir, ec); // a damaged earlier attempt under the same name
    fs::rename(staging, final_dir, ec);
    if (ec) return fs_error(final_dir, "cannot move version into place", ec);
    if (Status ok = sync_path(versions); !ok) return ok.error();
    return name;
}

Status BundleStore::activate(const std::string& name) {
    const fs::path version = m_dir / kStoreVersions / name;
    auto bytes = read_file(version / "manifest.json", kMaxManifestBytes, Symlinks::Refuse);
    if (!bytes) return bytes.error();
    auto manifest = parse_manifest(*bytes, (version / "manifest.json").string());
    if (!manifest) return manifest.error();

    // Read before the switch: afterwards the active version itself counts as accepted.
    const uint64_t highest = highest_sequence();
    const fs::path link = m_dir / kStoreCurrent;
    const fs::path fresh = m_dir / (".current-" + std::to_string(::getpid()));
    std::error_code ec;
    fs::remove(fresh, ec);
    fs::create_symlink(fs::path(kStoreVersions) / name, fresh, ec);
    if (ec) return fs_error(fresh, "cannot create symlink", ec);
    fs::rename(fresh, link, ec); // atomic: readers see the old target or the new one
    if (ec) {
        std::error_code ignored;
        fs::remove(fresh, ignored);
        return fs_error(link, "cannot switch the active version", ec);
    }
    if (Status ok = sync_path(m_dir); !ok) return ok;
    if (manifest->sequence > highest)
        return write_file_atomically(m_dir / kStoreSequence,
                                     std::to_string(manifest->sequence) + "\n");
    return Ok{};
}

std::vector<StoredVersion> BundleStore::list_versions() const {
    std::vector<StoredVersion> versions;
    const std::optional<std::string> active = active_name();
    std::error_code ec;
    for (fs::directory_iterator it(m_dir / kStoreVersions, ec), end; !ec && it != end;
         it.increment(ec)) {
        if (is_hidden(it->path())) continue;
        auto bytes = read_file(it->path() / "manifest.json", kMaxManifestBytes, Symlinks::Refuse);
        if (!bytes) continue;
        auto manifest = parse_manifest(*bytes);
        if (!manifest) continue;
        const std::string name = it->path().filename().string();
        versions.push_back(StoredVersion{name, std::move(*manifest), active && *active == name});
    }
    std::sort(versions.begin(), versions.end(), [](const auto& a, const auto& b) {
        if (a.manifest.sequence != b.manifest.sequence)
            return a.manifest.sequence > b.manifest.sequence;
        return a.name > b.name;
    });
    return versions;
}

std::optional<std::string> BundleStore::active_name() const {
    auto dir = active_version_dir(m_dir);
    if (!dir) return std::nullopt;
    return dir->filename().string();
}

uint64_t BundleStore::highest_sequence() const {
    uint64_t highest = 0;
    if (auto text = read_file(m_dir / kStoreSequence, 64, Symlinks::Refuse)) {
        unsigned long long value = 0;
        if (std::sscanf(text->c_str(), "%llu", &value) == 1) highest = value;
    }
    // Versions accepted before the file was written (or after it was lost) count too.
    for (const StoredVersion& version : list_versions())
        if (version.active) highest = std::max(highest, version.manifest.sequence);
    return highest;
}

Status BundleStore::prune(size_t keep) {
    std::vector<StoredVersion> versions = list_versions();
    std::set<std::string> kept;
    for (const StoredVersion& version : versions)
        if (version.active) kept.insert(version.name);
    for (const StoredVersion& version : versions)
        if (kept.size() < std::max<size_t>(keep, 1)) kept.insert(version.name);

    std::error_code ec;
    const fs::path versions_dir = m_dir / kStoreVersions;
    for (fs::directory_iterator it(versions_dir, ec), end; !ec && it != end; it.increment(ec)) {
        const std::string name = it->path().filename().string();
        if (kept.count(name)) continue;
        std::error_code remove_ec;
        fs::remove_all(it->path(), remove_ec);
        if (remove_ec) return fs_error(it->path(), "cannot delete old version", remove_ec);
    }
    std::set<std::string> referenced;
    for (const StoredVersion& version : versions)
        if (kept.count(version.name))
            for (const FileEntry& file : version.manifest.files)
                referenced.insert(file.sha256);
    for (fs::directory_iterator it(m_dir / kStoreBlobs, ec), end; !ec && it != end;
         it.increment(ec)) {
        if (referenced.count(it->path().filename().string())) continue;
        std::error_code remove_ec;
        fs::remove_all(it->path(), remove_ec);
        if (remove_ec) return fs_error(it->path(), "cannot delete unused blob", remove_ec);
    }
    for (fs::directory_iterator it(m_dir / kStoreTemporary, ec), end; !ec && it != end;
         it.increment(ec)) {
        std::error_code remove_ec;
        fs::remove_all(it->path(), remove_ec);
    }
    return Ok{};
}

Result<StoreStatus> BundleStore::status() const {
    StoreStatus status;
    status.versions = list_versions();
    for (const StoredVersion& version : status.versions)
        if (version.active) status.active = version;
    status.highest_sequence = highest_sequence();
    std::error_code ec;
    for (fs::directory_iterator it(m_dir / kStoreBlobs, ec), end; !ec && it != end;
         it.increment(ec))
        ++status.blob_count;
    for (const char* sub : {kStoreBlobs, kStoreVersions, kStoreTemporary})
        status.disk_bytes += bytes_below(m_dir / sub);
    return status;
}

Result<StoredVersion> BundleStore::rollback() {
    std::vector<StoredVersion> versions = list_versions();
    auto active = std::find_if(versions.begin(), versions.end(),
                               [](const StoredVersion& v) { return v.active; });
    if (active == versions.end())
        return make_error(m_dir.string(), 0, "no active version to roll back from");
    // Versions are sorted newest first, so the next one is the newest older one.
    auto older = std::next(active);
    if (older == versions.end())
        return make_error(m_dir.string(), 0,
                          "no older version is kept (the active one is the oldest)");
    if (Status ok = activate(older->name); !ok) return ok.error();
    older->active = true;
    return *older;
}

Status BundleStore::verify_version(const std::string& name,
                                   const std::vector<PublicKey>& keys) const {
    const fs::path version = m_dir / kStoreVersions / name;
    auto bytes = read_file(version / "manifest.json", kMaxManifestBytes, Symlinks::Refuse);
    if (!bytes) return bytes.error();
    auto sig = read_file(version / "manifest.sig", kMaxKeyFileBytes, Symlinks::Refuse);
    if (!sig) return sig.error();
    Status signature = make_error((version / "manifest.sig").string(), 0, "no public key given");
    for (const PublicKey& key : keys) {
        signature =
            verify_manifest_signature(*bytes, *sig, key, (version / "manifest.sig").string());
        if (signature) break;
    }
    if (!signature) return signature;
    auto manifest = parse_manifest(*bytes, (version / "manifest.json").string());
    if (!manifest) return manifest.error();
    std::set<std::string> checked;
    for (const FileEntry& file : manifest->files) {
        if (!checked.insert(file.sha256).second) continue;
        const fs::path blob = blob_path(file.sha256);
        if (!has_blob(file.sha256, file.size))
            return make_error(blob.string(), 0, "missing or of the wrong size (" + file.path + ")");
        auto digest = sha256_file_hex(blob);
        if (!digest) return digest.error();
        if (*digest != file.sha256)
            return make_error(blob.string(), 0,
                              "content does not match its SHA-256 (" + file.path + ")");
    }
    return Ok{};
}

Result<std::string> BundleStore::recover(const std::vector<PublicKey>& keys) {
    std::string problem;
    std::optional<std::string> active = active_name();
    if (active) {
        Status good = verify_version(*active, keys);
        if (good) return std::string();
        problem = "active version " + *active + " is damaged: " + good.error().describe();
        // A damaged blob goes, so the next sync fetches it again and can switch back.
        if (auto bytes = read_file(m_dir / kStoreVersions / *active / "manifest.json",
                                   kMaxManifestBytes, Symlinks::Refuse))
            if (auto manifest = parse_manifest(*bytes))
                for (const FileEntry& file : manifest->files) {
                    const fs::path blob = blob_path(file.sha256);
                    auto digest = has_blob(file.sha256, file.size) ? sha256_file_hex(blob)
                                                                   : Result<std::string>(Error{});
                    if (!digest || *digest != file.sha256) {
                        std::error_code ignored;
                        fs::remove(blob, ignored);
                    }
                }
    } else {
        auto why = active_version_dir(m_dir);
        std::error_code ec;
        problem = fs::exists(fs::symlink_status(m_dir / kStoreCurrent, ec))
                      ? why.error().describe()
                      : "no active version yet";
    }
    for (const StoredVersion& version : list_versions()) {
        if (active && version.name == *active) continue;
        if (!verify_version(version.name, keys)) continue;
        if (Status ok = activate(version.name); !ok) return ok.error();
        // The next poll must fetch the manifest whole, not "not modified", to repair.
        std::error_code ignored;
        fs::remove(m_dir / kStoreSyncState, ignored);
        return "store " + m_dir.string() + ": " + problem + "; now showing version " +
               version.name + " (" + version.manifest.version + ")";
    }
    return make_error(m_dir.string(), 0, problem + "; no other kept version verifies");
}

} // namespace kiosk::bundle
