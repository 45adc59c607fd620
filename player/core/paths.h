#pragma once
// Where the kiosk's own resources (font set, UI strings, sample content) live. An
// installed kiosk reads KIOSK_DATA_DIR; a kiosk run from the source tree falls back to the
// tree it was built from.

#include <filesystem>

namespace kiosk {

std::filesystem::path data_root();

} // namespace kiosk
