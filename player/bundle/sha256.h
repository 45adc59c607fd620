#pragma once
// SHA-256 as lowercase hex, the name of every blob and the checksum in every manifest entry.

#include "player/core/result.h"

#include <filesystem>
#include <string>
#include <string_view>

namespace kiosk::bundle {

std::string sha256_hex(std::string_view bytes);

// Streams the file, so large images are not held in memory just to be hashed.
Result<std::string> sha256_file_hex(const std::filesystem::path& path);

// 64 lowercase hex digits.
bool is_sha256_hex(std::string_view text);

// sodium_init() once per process; safe from any thread. Returns false if libsodium cannot
// initialize (no usable random source), which callers report as an error.
bool ensure_sodium();

} // namespace kiosk::bundle
