#pragma once
// `kiosk bundle publish OUTDIR --to DOCROOT`: copies a built, signed bundle to the folder a
// static HTTP server (or a CDN's origin) serves, in the order that keeps every terminal
// safe: blobs first, then manifest.sig, then manifest.json, each renamed into place after
// it is flushed. A terminal that fetches the manifest therefore always finds its blobs.
//
// Blobs that neither the new nor the previous manifest lists are deleted afterwards; the
// previous release's stay, for terminals in the middle of syncing it.

#include "player/core/result.h"

#include <cstdint>
#include <filesystem>

namespace kiosk::bundle {

struct PublishSummary {
    size_t blobs_copied = 0;  // new on the server
    size_t blobs_kept = 0;    // already there
    size_t blobs_deleted = 0; // listed by neither the new nor the previous manifest
    uint64_t bytes_copied = 0;
};

// `built_dir` must hold manifest.json (format 2: sequence and expiry) and manifest.sig;
// its sequence must be higher than the one already published in `docroot`, if any, unless
// it is the very same release (publishing it again repairs missing blobs).
Result<PublishSummary> publish_bundle(const std::filesystem::path& built_dir,
                                      const std::filesystem::path& docroot);

} // namespace kiosk::bundle
