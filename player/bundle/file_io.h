#pragma once
// Whole-file reads and writes with Result errors that name the file, so callers never
// juggle streams or errno.
//
// Every read has a byte limit and accepts only regular files: a FIFO, a device such as
// /dev/zero or a folder where a file belongs is refused at once (the open never blocks),
// and a file larger than the limit is refused without reading it whole.

#include "player/core/byte_size.h"
#include "player/core/result.h"

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

namespace kiosk::bundle {

// The limits of docs/CONTENT.md ("Limits"). One place, so the documentation and the code
// cannot drift apart file by file.
inline constexpr uint64_t kMaxBundleFileBytes = 64ull << 20; // any one file of a bundle
inline constexpr uint64_t kMaxManifestBytes = 16ull << 20;   // manifest.json
inline constexpr uint64_t kMaxKeyFileBytes = 4096;           // .key, .pub, manifest.sig

enum class Symlinks { Follow, Refuse };

// Reads `path` whole. Fails with "PATH: ..." when it is not a regular file, is larger than
// `max_bytes`, or (with Symlinks::Refuse) is itself a symlink.
Result<std::string> read_file(const std::filesystem::path& path, uint64_t max_bytes,
                              Symlinks symlinks = Symlinks::Follow);

// read_file() with the general limit for one bundle file.
inline Result<std::string> read_whole_file(const std::filesystem::path& path) {
    return read_file(path, kMaxBundleFileBytes);
}

// "64 MiB", "4 KiB", "512 bytes" (player/core, shared with media's checks).
using ::kiosk::describe_bytes;

// Writes `bytes` to `path` (truncating) and checks every step. The file ends with exactly
// permission `mode` (not masked by umask), whether it was new or not.
Status write_whole_file(const std::filesystem::path& path, std::string_view bytes,
                        unsigned mode = 0644);

// Flushes a file's or a folder's contents to the disk (fsync). A rename is durable only
// once the folder holding it is flushed too.
Status sync_path(const std::filesystem::path& path);

// Replaces `path` with `bytes` so that after a crash or power cut it holds either the old
// bytes or the new ones: a temporary sibling is written and flushed, renamed over `path`,
// and the folder is flushed.
Status write_file_atomically(const std::filesystem::path& path, std::string_view bytes,
                             unsigned mode = 0644);

} // namespace kiosk::bundle
