#include "player/bundle/bundle_publisher.h"

#include "player/bundle/file_io.h"
#include "player/bundle/manifest.h"
#include "player/bundle/sha256.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <set>

namespace kiosk::bundle {

namespace fs = std::filesystem;

namespace {

Result<Manifest> read_manifest(const fs::path& path) {
    auto text = read_file(path, kMaxManifestBytes, Symlinks::Refuse);
    if (!text) return text.error();
    return parse_manifest(*text, path.string());
}

// Copies `from` to `to` through a flushed temporary sibling and a rename.
Status copy_into_place(const fs::path& from, const fs::path& to, uint64_t max_bytes) {
    auto bytes = read_file(from, max_bytes, Symlinks::Refuse);
    if (!bytes) return bytes.error();
    return write_file_atomically(to, *bytes);
}

} // namespace

Result<PublishSummary> publish_bundle(const fs::path& built_dir, const fs::path& docroot) {
    const fs::path manifest_path = built_dir / "manifest.json";
    const fs::path sig_path = built_dir / "manifest.sig";
    auto manifest = read_manifest(manifest_path);
    if (!manifest) return manifest.error();
    if (manifest->sequence == 0)
        return make_error(manifest_path.string(), 0,
                          "format 1 manifest (no sequence): terminals refuse it; rebuild with "
                          "kiosk bundle build");
    std::error_code ec;
    if (!fs::is_regular_file(fs::symlink_status(sig_path, ec)))
        return make_error(sig_path.string(), 0,
                          "missing: sign the bundle first (kiosk bundle sign OUTDIR --key K)");

    fs::create_directories(docroot / "blobs", ec);
    if (ec) return make_error((docroot / "blobs").string(), 0, "cannot create: " + ec.message());
    std::set<std::string> keep;
    if (fs::exists(fs::symlink_status(docroot / "manifest.json", ec))) {
        auto previous = read_manifest(docroot / "manifest.json");
        if (!previous)
            return make_error((docroot / "manifest.json").string(), 0,
                              "the published manifest does not read (" + previous.error().message +
                                  "); move it away first");
        const bool same_release = to_json(*previous) == to_json(*manifest);
        if (previous->sequence >= manifest->sequence && !same_release)
            return make_error(manifest_path.string(), 0,
                              "sequence " + std::to_string(manifest->sequence) +
                                  " is not higher than the published " +
                                  std::to_string(previous->sequence) +
                                  "; terminals would refuse it (build with a higher --sequence)");
        for (const FileEntry& file : previous->files)
            keep.insert(file.sha256);
    }

    PublishSummary summary;
    std::set<std::string> wanted;
    for (const FileEntry& file : manifest->files) {
        if (!wanted.insert(file.sha256).second) continue;
        const fs::path target = docroot / "blobs" / file.sha256;
        std::error_code size_ec;
        if (fs::is_regular_file(fs::symlink_status(target, size_ec)) &&
            fs::file_size(target, size_ec) == file.size) {
            ++summary.blobs_kept;
            continue;
        }
        auto bytes = read_file(built_dir / "blobs" / file.sha256, file.size, Symlinks::Refuse);
        if (!bytes) return bytes.error();
        if (sha256_hex(*bytes) != file.sha256)
            return make_error((built_dir / "blobs" / file.sha256).string(), 0,
                              "does not match its SHA-256 (" + file.path + "); rebuild");
        if (Status ok = write_file_atomically(target, *bytes); !ok) return ok.error();
        ++summary.blobs_copied;
        summary.bytes_copied += file.size;
    }
    // Static servers derive ETag and Last-Modified from the modification time in whole
    // seconds (and the size): a manifest replaced within the second of the previous one, by
    // as many bytes, would be answered 304 to every terminal that has the previous one.
    const fs::path published = docroot / "manifest.json";
    struct stat previous_stat {};
    const bool had_previous = ::stat(published.c_str(), &previous_stat) == 0;

    // The order terminals rely on: the signature, then the manifest it signs.
    if (Status ok = copy_into_place(sig_path, docroot / "manifest.sig", kMaxKeyFileBytes); !ok)
        return ok.error();
    if (Status ok = copy_into_place(manifest_path, published, kMaxManifestBytes); !ok)
        return ok.error();
    struct stat new_stat {};
    if (had_previous && ::stat(published.c_str(), &new_stat) == 0 &&
        new_stat.st_mtim.tv_sec <= previous_stat.st_mtim.tv_sec) {
        const struct timespec times[2] = {{0, UTIME_OMIT}, {previous_stat.st_mtim.tv_sec + 1, 0}};
        if (::utimensat(AT_FDCWD, published.c_str(), times, 0) != 0)
            return make_error(published.string(), 0,
                              "cannot set its modification time past the previous manifest's; "
                              "terminals may not notice the new release until the next one");
    }

    keep.insert(wanted.begin(), wanted.end());
    for (fs::directory_iterator it(docroot / "blobs", ec), end; !ec && it != end;
         it.increment(ec)) {
        if (keep.count(it->path().filename().string())) continue;
        std::error_code remove_ec;
        if (fs::remove(it->path(), remove_ec)) ++summary.blobs_deleted;
    }
    return summary;
}

} // namespace kiosk::bundle
