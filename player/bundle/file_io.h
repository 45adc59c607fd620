#pragma once
// Whole-file reads and writes with Result errors that name the file, so callers never
// juggle streams or errno.

#include "player/core/result.h"

#include <filesystem>
#include <string>
#include <string_view>

namespace kiosk::bundle {

Result<std::string> read_whole_file(const std::filesystem::path& path);

// Writes `bytes` to `path` (truncating) and checks every step. The file ends with exactly
// permission `mode` (not masked by umask), whether it was new or not.
Status write_whole_file(const std::filesystem::path& path, std::string_view bytes,
                        unsigned mode = 0644);

} // namespace kiosk::bundle
