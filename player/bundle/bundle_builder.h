#pragma once
// `kiosk bundle build`: turns a bundle (normally authored) into a built bundle:
//
//   OUT/manifest.json     every file with size and SHA-256 (see manifest.h)
//   OUT/blobs/<sha256>    each distinct content once
//
// The output depends only on the input files' paths and bytes and the release stamp, so
// building twice with the same stamp gives byte-identical folders (and the same
// signature). No manifest.sig: sign afterwards.

#include "player/bundle/manifest.h"
#include "player/core/result.h"

#include <cstdint>
#include <filesystem>
#include <string>

namespace kiosk::bundle {

struct BuildSummary {
    std::string bundle_id;
    std::string version;
    size_t file_count = 0;
    size_t blob_count = 0;    // distinct contents
    uint64_t total_bytes = 0; // sum of file sizes
};

// Builds into a hidden sibling folder first, then moves it into place, so `out_dir` holds
// either the previous build or the new one, never a half-written mix. `out_dir` may be
// missing, empty, or exactly a previous build (manifest.json, manifest.sig and only the
// blobs its manifest lists: it is replaced); anything else is refused, so a build never
// deletes what it did not write. An `out_dir` inside `bundle_dir` is refused too.
// `stamp` is the release's sequence number and expiry (manifest.h says why they exist).
// `identity` (id and version) comes from the caller, which read bundle.toml with the
// content loader: there is one reader of bundle.toml, and it is not here.
Result<BuildSummary> build_bundle(const std::filesystem::path& bundle_dir,
                                  const std::filesystem::path& out_dir,
                                  const BundleIdentity& identity, const ReleaseStamp& stamp);

} // namespace kiosk::bundle
