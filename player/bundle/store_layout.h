#pragma once
// The on-disk layout of a terminal's content store (written by sync, read by BundleFiles):
//
//   STORE/
//     current -> versions/<name>      relative symlink to the active version; replaced
//                                     atomically (a new symlink renamed over it), so a
//                                     kill at any moment leaves one whole version active
//     versions/<name>/manifest.json   exactly the bytes that were signed
//     versions/<name>/manifest.sig    hex Ed25519 signature over manifest.json
//     blobs/<sha256>                  file contents, shared by every version
//     tmp/<sha256>.part               downloads in progress (resumed with Range after a kill)
//     sequence                        the highest release sequence accepted (rollback guard)
//     sync-state                      the manifest's ETag / Last-Modified for the next poll
//
// <name> is one path segment chosen by sync (not "." or ".."). Older versions stay for
// rollback; a blob may be deleted only when no kept version lists it.

#include "player/core/result.h"

#include <filesystem>

namespace kiosk::bundle {

inline constexpr const char* kStoreCurrent = "current";
inline constexpr const char* kStoreVersions = "versions";
inline constexpr const char* kStoreBlobs = "blobs";
inline constexpr const char* kStoreSyncState = "sync-state";

// The folder of the active version (STORE/versions/<name>), after checking that `current`
// is a symlink of the expected shape and that its target holds a manifest.json.
Result<std::filesystem::path> active_version_dir(const std::filesystem::path& store);

} // namespace kiosk::bundle
