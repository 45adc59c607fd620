#include "player/bundle/bundle_builder.h"

#include "player/bundle/bundle_files.h"
#include "player/bundle/file_io.h"
#include "player/bundle/manifest.h"
#include "player/bundle/sha256.h"

#include <set>
#include <unistd.h>

namespace kiosk::bundle {

namespace fs = std::filesystem;

namespace {

// Removes a scratch folder on every early return.
class ScratchDir {
  public:
    explicit ScratchDir(fs::path path) : m_path(std::move(path)) {}
    ~ScratchDir() {
        if (m_path.empty()) return;
        std::error_code ignored;
        fs::remove_all(m_path, ignored);
    }
    ScratchDir(const ScratchDir&) = delete;
    ScratchDir& operator=(const ScratchDir&) = delete;

    const fs::path& path() const { return m_path; }
    void release() { m_path.clear(); }

  private:
    fs::path m_path;
};

// The folder an absolute, normalized path would name, even if it does not exist yet.
// "out/" and "out/." name "out": the trailing separator must not leave an empty filename.
fs::path resolved(const fs::path& path) {
    std::error_code ec;
    fs::path absolute = fs::absolute(path, ec).lexically_normal();
    fs::path result = fs::weakly_canonical(absolute, ec);
    if (ec) result = absolute;
    if (result.filename().empty() && result.has_relative_path()) result = result.parent_path();
    return result;
}

bool is_within(const fs::path& inner, const fs::path& outer) {
    fs::path relative = inner.lexically_relative(outer);
    return !relative.empty() && *relative.begin() != "..";
}

enum class OutState { Missing, Empty, PreviousBuild };

// Why `out_dir` is not exactly a previous build (empty when it is): its manifest.json
// must parse, and it may hold only manifest.json, manifest.sig and blobs/ with only the
// blobs that manifest lists. Replacing it then deletes nothing a build did not write.
std::string not_a_previous_build(const fs::path& out_dir) {
    auto text = read_file(out_dir / "manifest.json", kMaxManifestBytes, Symlinks::Refuse);
    if (!text) return "its manifest.json is unreadable (" + text.error().message + ")";
    auto manifest = parse_manifest(*text, "manifest.json");
    if (!manifest) return "its manifest.json is not one a build wrote";
    std::set<std::string> blobs;
    for (const FileEntry& file : manifest->files)
        blobs.insert(file.sha256);
    std::error_code ec;
    for (fs::directory_iterator it(out_dir, ec), end; !ec && it != end; it.increment(ec)) {
        const std::string name = it->path().filename().string();
        const fs::file_status status = it->symlink_status(ec);
        if ((name == "manifest.json" || name == "manifest.sig") && fs::is_regular_file(status))
            continue;
        if (name == "blobs" && fs::is_directory(status)) continue;
        return "it holds " + name + ", which a build did not write";
    }
    if (ec) return "it cannot be listed (" + ec.message() + ")";
    for (fs::directory_iterator it(out_dir / "blobs", ec), end; !ec && it != end;
         it.increment(ec)) {
        const std::string name = it->path().filename().string();
        if (!blobs.count(name) || !fs::is_regular_file(it->symlink_status(ec)))
            return "it holds blobs/" + name + ", which its manifest does not list";
    }
    if (ec) return "its blobs folder cannot be listed (" + ec.message() + ")";
    return {};
}

Result<OutState> inspect_out_dir(const fs::path& out_dir) {
    std::error_code ec;
    fs::file_status status = fs::symlink_status(out_dir, ec);
    if (!fs::exists(status)) return OutState::Missing;
    if (!fs::is_directory(status))
        return make_error(out_dir.string(), 0,
                          "exists and is not a folder; refusing to replace it");
    if (fs::is_empty(out_dir, ec) && !ec) return OutState::Empty;
    if (!fs::exists(fs::symlink_status(out_dir / "manifest.json", ec)))
        return make_error(out_dir.string(), 0,
                          "exists, is not empty and is not a built bundle (no manifest.json); "
                          "refusing to overwrite it (choose an empty or new folder)");
    if (std::string why = not_a_previous_build(out_dir); !why.empty())
        return make_error(out_dir.string(), 0,
                          "is not exactly a previous build: " + why +
                              "; refusing to replace it (choose an empty or new folder)");
    return OutState::PreviousBuild;
}

Status write_build(const BundleFiles& files, const BundleIdentity& identity,
                   const ReleaseStamp& stamp, const fs::path& scratch, BuildSummary& summary) {
    std::error_code ec;
    const fs::path blobs = scratch / "blobs";
    fs::create_directories(blobs, ec);
    if (ec) return make_error(blobs.string(), 0, "cannot create folder: " + ec.message());

    Manifest manifest{identity.id, identity.version, stamp.sequence, stamp.expires_unix, {}};
    std::set<std::string> written;
    for (const FileEntry& file : files.files()) {
        auto bytes = files.read(file.path);
        if (!bytes) return bytes.error();
        FileEntry entry{file.path, bytes->size(), sha256_hex(*bytes)};
        if (written.insert(entry.sha256).second) {
            if (Status ok = write_whole_file(blobs / entry.sha256, *bytes); !ok) return ok;
        }
        summary.total_bytes += entry.size;
        manifest.files.push_back(std::move(entry));
    }
    if (Status valid = validate_manifest(manifest, files.display_path("bundle.toml")); !valid)
        return valid;
    summary.file_count = manifest.files.size();
    summary.blob_count = written.size();
    return write_whole_file(scratch / "manifest.json", to_json(manifest));
}

// Moves the finished scratch folder to `out_dir`. A previous build is first renamed aside
// so that, if anything fails, it can be put back.
Status move_into_place(ScratchDir& scratch, const fs::path& out_dir, OutState state,
                       const fs::path& aside) {
    std::error_code ec;
    if (state == OutState::Empty) fs::remove(out_dir, ec);
    if (state == OutState::PreviousBuild) {
        fs::rename(out_dir, aside, ec);
        if (ec)
            return make_error(out_dir.string(), 0, "cannot move old build aside: " + ec.message());
    }
    fs::rename(scratch.path(), out_dir, ec);
    if (ec) {
        std::error_code ignored;
        if (state == OutState::PreviousBuild) fs::rename(aside, out_dir, ignored);
        return make_error(out_dir.string(), 0, "cannot move build into place: " + ec.message());
    }
    scratch.release();
    if (state == OutState::PreviousBuild) fs::remove_all(aside, ec);
    return Ok{};
}

} // namespace

Result<BuildSummary> build_bundle(const fs::path& bundle_dir, const fs::path& out_dir,
                                  const BundleIdentity& identity, const ReleaseStamp& stamp) {
    auto files = BundleFiles::open(bundle_dir);
    if (!files) return files.error();

    const fs::path out_resolved = resolved(out_dir);
    if (is_within(out_resolved, resolved(bundle_dir)) || out_resolved == resolved(bundle_dir))
        return make_error(out_dir.string(), 0,
                          "output folder is inside the bundle folder; choose another place");
    if (out_resolved.filename().empty())
        return make_error(out_dir.string(), 0, "not a usable output folder");
    auto state = inspect_out_dir(out_resolved);
    if (!state) return make_error(out_dir.string(), 0, state.error().message);

    if (!is_valid_bundle_id(identity.id))
        return make_error(files->display_path("bundle.toml"), 0,
                          "bundle id \"" + identity.id +
                              "\" may use only a-z, 0-9 and - (at most " +
                              std::to_string(kMaxBundleIdLength) + ")");

    // Siblings of out_dir, so the final renames stay on one file system.
    const std::string stem = "." + out_resolved.filename().string();
    const std::string pid = std::to_string(::getpid());
    const fs::path parent = out_resolved.parent_path();
    std::error_code ec;
    fs::create_directories(parent, ec);
    if (ec) return make_error(parent.string(), 0, "cannot create folder: " + ec.message());
    ScratchDir scratch(parent / (stem + ".building-" + pid));
    fs::remove_all(scratch.path(), ec);

    BuildSummary summary;
    summary.bundle_id = identity.id;
    summary.version = identity.version;
    if (Status ok = write_build(*files, identity, stamp, scratch.path(), summary); !ok) return ok.error();
    if (Status ok = move_into_place(scratch, out_resolved, *state, parent / (stem + ".old-" + pid));
        !ok)
        return ok.error();
    return summary;
}

} // namespace kiosk::bundle
