#pragma once
// Sizes in messages to staff and in tool output.

#include <cstdint>
#include <string>

namespace kiosk {

// "64 MiB", "4 KiB", "512 bytes": limits in messages.
std::string describe_bytes(uint64_t bytes);

} // namespace kiosk
