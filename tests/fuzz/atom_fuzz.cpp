// libFuzzer target for the Atom feed reader: the feed is fetched over HTTP and carries no
// signature (only the CAP documents it links to are signed), so no input may crash, hang
// or exhaust memory, and whatever parses must keep within the documented limits.
// Built by `cmake -DKIOSK_FUZZ=ON` with clang (bench/fuzz/run.sh); seeds: tests/data/atom.

#include "player/alerts/atom_feed.h"

#include <cstddef>
#include <cstdint>
#include <set>
#include <string>
#include <string_view>

using namespace kiosk::alerts;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    std::string_view text(reinterpret_cast<const char*>(data), size);
    (void)is_atom_feed(text);
    auto feed = parse_atom_feed(text, "feed.xml");
    if (!feed.ok()) {
        // Every refusal names the feed.
        if (feed.error().file != "feed.xml" || feed.error().message.empty()) __builtin_trap();
        return 0;
    }
    if (feed->entries.size() > kMaxAtomEntries) __builtin_trap();
    if (feed->skipped.size() > kMaxAtomSkipped) __builtin_trap();
    std::set<std::string> ids;
    int64_t previous = 0;
    for (const AtomEntry& entry : feed->entries) {
        if (entry.id.empty() || entry.id.size() > kMaxAtomTextBytes) __builtin_trap();
        if (entry.href.empty() || entry.href.size() > kMaxAtomTextBytes) __builtin_trap();
        if (entry.updated_unix <= 0 || entry.updated_unix < previous) __builtin_trap();
        if (!ids.insert(entry.id).second) __builtin_trap();
        previous = entry.updated_unix;
    }
    return 0;
}
