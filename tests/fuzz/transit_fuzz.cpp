// libFuzzer target for the transit board: the ODPT feed arrives over HTTP from a third
// party (and the names file in a bundle), so no input may crash, hang or exhaust memory,
// and whatever parses must keep within the documented limits. Every input goes to both
// parsers. Built by `cmake -DKIOSK_FUZZ=ON` with clang (bench/fuzz/run.sh); seeds: the
// samples in tests/data/odpt, hostile ones included.

#include "player/core/utf8.h"
#include "player/transit/transit_board.h"

#include <cstddef>
#include <cstdint>
#include <set>
#include <string>
#include <string_view>
#include <vector>

using namespace kiosk;
using namespace kiosk::transit;

namespace {

void check_texts(const Texts& texts) {
    if (texts.size() > kMaxLanguages + 1) __builtin_trap(); // + a name from an id
    for (const auto& [tag, text] : texts)
        if (tag.empty() || text.empty() || text.size() > kMaxTextBytes || !is_valid_utf8(text))
            __builtin_trap();
}

void check_board(const TransitBoard& board, const std::vector<std::string>& skipped) {
    if (board.lines.size() > kMaxLines || board.fetched_unix != 0) __builtin_trap();
    if (skipped.size() > kMaxSkippedNotes + 1) __builtin_trap();
    for (const std::string& note : skipped)
        if (!note.starts_with("feed.json")) __builtin_trap();
    std::set<std::string> railways;
    int64_t newest = 0;
    for (const LineStatus& line : board.lines) {
        if (line.railway_id.empty() || line.operator_id.empty() || line.date_unix <= 0)
            __builtin_trap();
        if (!railways.insert(line.railway_id).second) __builtin_trap(); // one line per railway
        if (line.line_name.empty() || line.operator_name.empty()) __builtin_trap();
        if (line.state != classify(line.status)) __builtin_trap();
        for (const Texts* texts : {&line.status, &line.text, &line.line_name, &line.operator_name})
            check_texts(*texts);
        newest = std::max(newest, line.date_unix);
    }
    if (board.data_unix != newest) __builtin_trap();
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    std::string_view text(reinterpret_cast<const char*>(data), size);

    std::vector<std::string> skipped;
    auto board = parse_train_information(text, "feed.json", {}, &skipped);
    if (board.ok()) {
        check_board(*board, skipped);
    } else if (board.error().file != "feed.json" || board.error().message.empty()) {
        __builtin_trap(); // every refusal names the file
    }

    auto names = parse_transit_names(text, "transit-names.toml");
    if (names.ok()) {
        for (const auto* table : {&names->operators, &names->railways}) {
            if (table->size() > kMaxLines) __builtin_trap();
            for (const auto& [id, texts] : *table) {
                if (id.empty()) __builtin_trap();
                check_texts(texts);
            }
        }
        // The names then shape a board: it must still keep to the limits.
        if (board.ok()) {
            skipped.clear();
            auto named = parse_train_information(text, "feed.json", *names, &skipped);
            if (!named.ok() || named->lines.size() != board->lines.size()) __builtin_trap();
            check_board(*named, skipped);
        }
    } else if (names.error().file != "transit-names.toml" || names.error().message.empty()) {
        __builtin_trap();
    }
    return 0;
}
