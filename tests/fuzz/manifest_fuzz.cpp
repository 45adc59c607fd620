// libFuzzer target for the manifest parser: a terminal parses manifests that come over
// the network before their signature is checked, so no input may crash or hang it.
// Built by `cmake -DKIOSK_FUZZ=ON` with clang (scripts/fuzz.sh).

#include "player/bundle/manifest.h"

#include <cstddef>
#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    std::string_view text(reinterpret_cast<const char*>(data), size);
    auto manifest = kiosk::bundle::parse_manifest(text, "manifest.json");
    if (manifest.ok()) {
        // What parses must serialize and parse back to the same value.
        std::string again = kiosk::bundle::to_json(*manifest);
        auto reparsed = kiosk::bundle::parse_manifest(again, "manifest.json");
        if (!reparsed.ok() || kiosk::bundle::to_json(*reparsed) != again) __builtin_trap();
    }
    return 0;
}
