// libFuzzer target for the CAP 1.2 parser: alerts arrive over MQTT, an HTTP feed and a
// spool folder before (or without) a signature check, so no input may crash, hang or
// exhaust memory, and whatever parses must keep within the documented limits.
// Built by `cmake -DKIOSK_FUZZ=ON` with clang (bench/fuzz/run.sh); seeds: tests/data/cap.

#include "player/alerts/cap_alert.h"

#include <cstddef>
#include <cstdint>
#include <string_view>

using namespace kiosk::alerts;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    std::string_view text(reinterpret_cast<const char*>(data), size);
    auto alert = parse_cap(text, "alert.xml");
    if (!alert.ok()) {
        // Every refusal names the file.
        if (alert.error().file != "alert.xml" || alert.error().message.empty()) __builtin_trap();
        return 0;
    }
    if (alert->identifier.empty() || alert->sender.empty() || alert->sent_unix <= 0)
        __builtin_trap();
    if (alert->infos.size() > kMaxCapInfos) __builtin_trap();
    for (const CapInfo& info : alert->infos) {
        if (info.language.empty() || info.event.empty()) __builtin_trap();
        for (const std::string* field :
             {&info.event, &info.headline, &info.description, &info.instruction})
            if (field->size() > kMaxCapTextBytes) __builtin_trap();
    }
    return 0;
}
