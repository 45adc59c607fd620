#include "player/core/paths.h"

#include <cstdlib>

namespace kiosk {

std::filesystem::path data_root() {
    if (const char* dir = std::getenv("KIOSK_DATA_DIR"); dir && *dir) return dir;
    return KIOSK_SOURCE_ROOT;
}

} // namespace kiosk
