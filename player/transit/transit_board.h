#pragma once
// The transit board: line status from the Japanese open-data standard for public transport
// (ODPT, odpt:TrainInformation), as the signage's transit slide shows it. The feed is
// hostile until parsed: a size, depth and count limit, typed fields, texts per language
// (ODPT's multilingual objects, {"ja": "...", "en": "..."}), unknown languages kept but
// never required.
//
// An ODPT TrainInformation document is a JSON array of objects such as
//   { "@type": "odpt:TrainInformation", "dc:date": "2026-12-01T08:05:00+09:00",
//     "odpt:operator": "odpt.Operator:TokyoMetro",
//     "odpt:railway": "odpt.Railway:TokyoMetro.Ginza",
//     "odpt:trainInformationStatus": {"ja": "遅延", "en": "Delay"},
//     "odpt:trainInformationText": {"ja": "...", "en": "..."} }
// with no status when trains run normally.

#include "player/core/result.h"

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace kiosk::transit {

inline constexpr size_t kMaxFeedBytes = 2 * 1024 * 1024;
inline constexpr int kMaxFeedDepth = 16;
inline constexpr size_t kMaxLines = 300;
inline constexpr size_t kMaxTextBytes = 2048; // one text in one language

// A text per language tag as the feed gives it ("ja", "en", "zh-Hans", "ko").
using Texts = std::map<std::string, std::string, std::less<>>;

enum class LineState {
    Normal,    // no status: trains run as planned
    Delay,     // 遅延
    Suspended, // 運転見合わせ, 運休
    Resumed,   // 運転再開
    Other      // a status the kiosk cannot classify: shown as given, marked as a notice
};

struct LineStatus {
    std::string operator_id; // "odpt.Operator:TokyoMetro"
    std::string railway_id;  // "odpt.Railway:TokyoMetro.Ginza"
    Texts operator_name;     // from the names table, else the id's last part
    Texts line_name;
    LineState state = LineState::Normal;
    Texts status;          // odpt:trainInformationStatus; empty when Normal
    Texts text;            // odpt:trainInformationText
    int64_t date_unix = 0; // dc:date of this entry
};

struct TransitBoard {
    std::vector<LineStatus> lines; // in the names table's order, then the feed's
    int64_t data_unix = 0;         // the newest dc:date: "as of" on the screen
};

// Display names of operators and lines per language, from the bundle
// (signage/transit-names.toml), since TrainInformation carries only ids:
//   [operators."odpt.Operator:TokyoMetro"]  ja = "東京メトロ"  en = "Tokyo Metro"
//   [railways."odpt.Railway:TokyoMetro.Ginza"]  ja = "銀座線"  en = "Ginza Line"
// A railway listed here is shown first, in this order; others follow as the feed lists them.
struct TransitNames {
    std::vector<std::pair<std::string, Texts>> operators, railways;
};

// Parses an odpt:TrainInformation document. A document that is not a JSON array, too
// large, too deep, or with more than kMaxLines entries is refused whole with one message
// naming `display_name`; an entry with wrong types or no railway is skipped and named in
// `skipped` (one line each, at most 20 kept), the rest is kept.
Result<TransitBoard> parse_train_information(std::string_view json, std::string_view display_name,
                                             const TransitNames& names,
                                             std::vector<std::string>* skipped = nullptr);

// Reads signage/transit-names.toml (bytes already read); errors name the file and line.
Result<TransitNames> parse_transit_names(std::string_view toml, std::string_view display_name);

// The state a status text means (its "ja" text first, then "en"), for colours and icons.
LineState classify(const Texts& status);

} // namespace kiosk::transit
