#include "player/bundle/bundle_files.h"

#include "player/bundle/file_io.h"
#include "player/bundle/manifest.h"
#include "player/bundle/relative_path.h"
#include "player/bundle/sha256.h"
#include "player/bundle/store_layout.h"

#include <algorithm>

namespace kiosk::bundle {

namespace fs = std::filesystem;

namespace {

// A folder named like a content file ("ja.md", "bundle.toml") is a mistake that would
// otherwise only show up as "missing ja.md".
bool has_file_extension(const fs::path& path) {
    static constexpr std::string_view kFileExtensions[] = {".md",  ".toml", ".json", ".png",
                                                           ".jpg", ".jpeg", ".wav"};
    const std::string extension = path.extension().string();
    for (std::string_view known : kFileExtensions)
        if (extension == known) return true;
    return false;
}

bool is_hidden(const fs::path& path) {
    std::string name = path.filename().string();
    return !name.empty() && name.front() == '.';
}

// True when `inner` is `outer` or lies below it; both must be canonical.
bool is_within(const fs::path& inner, const fs::path& outer) {
    fs::path relative = inner.lexically_relative(outer);
    if (relative.empty()) return false;
    auto first = relative.begin();
    return first == relative.end() || *first != "..";
}

std::string joined(const fs::path& root, std::string_view relative_path) {
    return (root / fs::path(std::string(relative_path))).generic_string();
}

} // namespace

Result<fs::path> active_version_dir(const fs::path& store) {
    const fs::path link = store / kStoreCurrent;
    std::error_code ec;
    if (!fs::is_symlink(fs::symlink_status(link, ec)))
        return make_error(link.string(), 0, "not a symlink to the active version");
    fs::path target = fs::read_symlink(link, ec);
    if (ec) return make_error(link.string(), 0, "cannot read symlink: " + ec.message());
    // Only "versions/<name>": an absolute or wandering target would make the store depend
    // on where it was written, or escape it.
    auto part = target.begin();
    bool shaped = target.is_relative() && part != target.end() && *part == kStoreVersions;
    if (shaped) ++part;
    shaped = shaped && part != target.end() && *part != "." && *part != ".." && !part->empty();
    if (shaped) ++part;
    if (!shaped || part != target.end())
        return make_error(link.string(), 0,
                          "points to \"" + target.string() + "\", expected versions/<name>");
    fs::path version = store / target;
    if (!fs::is_regular_file(version / "manifest.json", ec))
        return make_error(link.string(), 0,
                          "active version " + target.generic_string() + " has no manifest.json");
    return version;
}

Result<BundleFiles> BundleFiles::open(const fs::path& dir) {
    std::error_code ec;
    fs::file_status status = fs::status(dir, ec);
    if (!fs::exists(status)) return make_error(dir.string(), 0, "no such bundle folder");
    if (!fs::is_directory(status)) return make_error(dir.string(), 0, "not a folder");
    // By name, not by type: a bundle.toml or manifest.json that is a folder, a FIFO or a
    // symlink is refused below with a message about that file, not "not a bundle".
    if (fs::exists(fs::symlink_status(dir / "bundle.toml", ec))) return open_authored(dir);
    if (fs::exists(fs::symlink_status(dir / "manifest.json", ec))) return open_built(dir);
    if (fs::is_symlink(fs::symlink_status(dir / kStoreCurrent, ec))) return open_store(dir);
    return make_error(dir.string(), 0,
                      "not a bundle: no bundle.toml or manifest.json (and no store 'current')");
}

Result<BundleFiles> BundleFiles::open_authored(const fs::path& dir) {
    std::error_code ec;
    const fs::path canonical_root = fs::canonical(dir, ec);
    if (ec) return make_error(dir.string(), 0, "cannot resolve folder: " + ec.message());

    BundleFiles bundle;
    bundle.m_form = Form::Authored;
    bundle.m_root = dir;
    bundle.m_display = dir;

    fs::recursive_directory_iterator it(dir, ec);
    if (ec) return make_error(dir.string(), 0, "cannot list folder: " + ec.message());
    for (; it != fs::recursive_directory_iterator(); it.increment(ec)) {
        if (ec) break;
        const fs::path& path = it->path();
        // Hidden files are editor and VCS litter (.git, .DS_Store, .swp), never content.
        if (is_hidden(path)) {
            if (it->is_directory(ec) && !it->is_symlink(ec)) it.disable_recursion_pending();
            continue;
        }
        const std::string display = path.generic_string();
        const fs::file_status own = it->symlink_status(ec);
        if (ec) return make_error(display, 0, "cannot stat: " + ec.message());

        fs::path real = path;
        if (fs::is_symlink(own)) {
            real = fs::canonical(path, ec);
            if (ec) return make_error(display, 0, "broken symlink");
            if (!is_within(real, canonical_root))
                return make_error(display, 0,
                                  "symlink leads outside the bundle folder (to " + real.string() +
                                      "); copy the file into the bundle instead");
            if (fs::is_directory(real, ec))
                return make_error(display, 0,
                                  "symlink to a folder is not supported; copy the folder instead");
        } else if (fs::is_directory(own)) {
            if (has_file_extension(path))
                return make_error(display, 0,
                                  "is a folder, but a file of this name belongs here; replace "
                                  "the folder with the file");
            continue;
        }
        if (!fs::is_regular_file(real, ec))
            return make_error(display, 0, "not a regular file (device, socket or pipe?)");

        FileEntry entry;
        entry.path = path.lexically_relative(dir).generic_string();
        if (auto problem = relative_path_problem(entry.path); !problem.empty())
            return make_error(display, 0, "unusable file name: " + problem);
        entry.size = fs::file_size(real, ec);
        if (ec) return make_error(display, 0, "cannot read size: " + ec.message());
        bundle.m_files.push_back(std::move(entry));
    }
    if (ec) return make_error(dir.string(), 0, "cannot list folder: " + ec.message());

    std::sort(bundle.m_files.begin(), bundle.m_files.end(),
              [](const FileEntry& a, const FileEntry& b) { return a.path < b.path; });
    return bundle;
}

Result<BundleFiles> BundleFiles::open_manifest(const fs::path& manifest_dir,
                                               const fs::path& blobs_dir) {
    const fs::path manifest_path = manifest_dir / "manifest.json";
    auto text = read_file(manifest_path, kMaxManifestBytes, Symlinks::Refuse);
    if (!text) return text.error();
    auto manifest = parse_manifest(*text, manifest_path.string());
    if (!manifest) return manifest.error();
    std::error_code ec;
    const fs::file_status blobs_status = fs::symlink_status(blobs_dir, ec);
    if (fs::is_symlink(blobs_status))
        return make_error(blobs_dir.string(), 0,
                          "is a symlink; a built bundle is read only through regular files "
                          "inside it");
    if (!fs::is_directory(blobs_status))
        return make_error(blobs_dir.string(), 0, "blobs folder is missing");

    BundleFiles bundle;
    bundle.m_files = std::move(manifest->files);
    bundle.m_blobs = blobs_dir;
    return bundle;
}

Result<BundleFiles> BundleFiles::open_built(const fs::path& dir) {
    auto bundle = open_manifest(dir, dir / "blobs");
    if (!bundle) return bundle.error();
    bundle->m_form = Form::Built;
    bundle->m_root = dir;
    bundle->m_display = dir;
    return bundle;
}

Result<BundleFiles> BundleFiles::open_store(const fs::path& dir) {
    auto version = active_version_dir(dir);
    if (!version) return version.error();
    auto bundle = open_manifest(*version, dir / kStoreBlobs);
    if (!bundle) return bundle.error();
    bundle->m_form = Form::Store;
    bundle->m_root = dir;
    bundle->m_display = *version;
    return bundle;
}

Result<BundleFiles> BundleFiles::open_version(const fs::path& store, const std::string& name) {
    if (name.empty() || name == "." || name == ".." || name.find('/') != std::string::npos)
        return make_error(store.string(), 0, "\"" + name + "\" is not a version name");
    const fs::path version = store / kStoreVersions / name;
    auto bundle = open_manifest(version, store / kStoreBlobs);
    if (!bundle) return bundle.error();
    bundle->m_form = Form::Store;
    bundle->m_root = store;
    bundle->m_display = version;
    return bundle;
}

const FileEntry* BundleFiles::find(std::string_view relative_path) const {
    auto it = std::lower_bound(
        m_files.begin(), m_files.end(), relative_path,
        [](const FileEntry& entry, std::string_view path) { return entry.path < path; });
    if (it == m_files.end() || it->path != relative_path) return nullptr;
    return &*it;
}

bool BundleFiles::contains(std::string_view relative_path) const {
    return is_safe_relative_path(relative_path) && find(relative_path) != nullptr;
}

Result<std::string> BundleFiles::read(std::string_view relative_path, uint64_t max_bytes) const {
    if (auto problem = relative_path_problem(relative_path); !problem.empty())
        return make_error(std::string(relative_path), 0, "refusing unsafe path: " + problem);
    const FileEntry* entry = find(relative_path);
    if (!entry) return make_error(display_path(relative_path), 0, "no such file in the bundle");
    if (entry->size > max_bytes)
        return make_error(display_path(relative_path), 0,
                          "is " + describe_bytes(entry->size) + ", more than the limit of " +
                              describe_bytes(max_bytes) + " for this kind of file");
    if (m_form == Form::Authored) {
        auto bytes = read_file(m_root / fs::path(entry->path), max_bytes);
        if (!bytes) return make_error(display_path(relative_path), 0, bytes.error().message);
        return bytes;
    }

    const std::string blob_name = "blobs/" + entry->sha256;
    // The manifest says how big the blob is; reading more would only find it damaged.
    auto bytes = read_file(m_blobs / entry->sha256, entry->size, Symlinks::Refuse);
    if (!bytes)
        return make_error(display_path(relative_path), 0,
                          "blob " + blob_name + ": " + bytes.error().message);
    // A damaged blob must never reach the screen as if it were content.
    if (bytes->size() != entry->size || sha256_hex(*bytes) != entry->sha256)
        return make_error(display_path(relative_path), 0,
                          "blob " + blob_name + " does not match its SHA-256 (damaged)");
    return bytes;
}

Result<fs::path> BundleFiles::local_path(std::string_view relative_path) const {
    if (auto problem = relative_path_problem(relative_path); !problem.empty())
        return make_error(std::string(relative_path), 0, "refusing unsafe path: " + problem);
    const FileEntry* entry = find(relative_path);
    if (!entry) return make_error(display_path(relative_path), 0, "no such file in the bundle");
    fs::path path =
        m_form == Form::Authored ? m_root / fs::path(entry->path) : m_blobs / entry->sha256;
    std::error_code ec;
    // A blob must be the regular file sync wrote, never a link planted beside it.
    if (m_form != Form::Authored && fs::is_symlink(fs::symlink_status(path, ec)))
        return make_error(display_path(relative_path), 0, "blob is a symbolic link (refused)");
    if (!fs::is_regular_file(path, ec))
        return make_error(display_path(relative_path), 0, "is missing on disk");
    return path;
}

std::string BundleFiles::display_path(std::string_view relative_path) const {
    return joined(m_display, relative_path);
}

} // namespace kiosk::bundle
