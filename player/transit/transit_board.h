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
inline constexpr size_t kMaxTextBytes = 2048;        // one text in one language
inline constexpr size_t kMaxLanguages = 32;          // languages in one multilingual text
inline constexpr size_t kMaxIdBytes = 256;           // an odpt:operator / odpt:railway id
inline constexpr size_t kMaxSkippedNotes = 20;       // skipped entries named one by one
inline constexpr size_t kMaxNamesBytes = 256 * 1024; // signage/transit-names.toml

// The language tag under which a name made from an id is kept ("und": undetermined, BCP 47),
// so that no locale's fallback chain mistakes it for a translation; pick_text() ends there.
inline constexpr std::string_view kNameFromIdTag = "und";

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
    Texts operator_name;     // from the names table, else the id's last part (kNameFromIdTag)
    Texts line_name;
    LineState state = LineState::Normal;
    Texts status;          // odpt:trainInformationStatus; empty when Normal
    Texts text;            // odpt:trainInformationText
    int64_t date_unix = 0; // dc:date of this entry
};

struct TransitBoard {
    std::vector<LineStatus> lines; // in the names table's order, then the feed's
    int64_t data_unix = 0;         // the newest dc:date: "as of" on the screen; 0 when no entry
    // When the kiosk fetched this data over HTTP (app/transit_service.h); 0 for a file read
    // from the bundle or the command line, whose fetch time means nothing.
    int64_t fetched_unix = 0;
};

// The one staleness rule of the transit slide, shared by the screen and the tests: stale
// when the data is more than `stale_minutes` old at `now_unix`. The data's age counts from
// its dc:date, but never from later than when it was fetched: a feed whose clock runs ahead
// (or that lies) cannot keep a board "current". A board with no date is stale.
bool is_stale(const TransitBoard& board, int64_t now_unix, int stale_minutes);

// Display names of operators and lines per language, from the bundle
// (signage/transit-names.toml), since TrainInformation carries only ids:
//   [operators."odpt.Operator:TokyoMetro"]  ja = "東京メトロ"  en = "Tokyo Metro"
//   [railways."odpt.Railway:TokyoMetro.Ginza"]  ja = "銀座線"  en = "Ginza Line"
// A railway listed here is shown first, in this order; others follow as the feed lists them.
struct TransitNames {
    std::vector<std::pair<std::string, Texts>> operators, railways;
};

// Parses an odpt:TrainInformation document. A document that is not JSON (invalid UTF-8
// included), not a JSON array, too large, too deep, or with more than kMaxLines entries is
// refused whole with one message naming `display_name` (and the line when there is one);
// nothing is read before the size check, and the depth and count limits stop the parser
// where they are crossed. An entry with wrong types, no railway, no operator, a dc:date
// without a UTC offset, a text over kMaxTextBytes or a malformed language tag is skipped
// and named in `skipped` as "NAME:LINE: entry N: why" (the first kMaxSkippedNotes, then
// one line counting the rest); the other entries are kept.
Result<TransitBoard> parse_train_information(std::string_view json, std::string_view display_name,
                                             const TransitNames& names,
                                             std::vector<std::string>* skipped = nullptr);

// Reads signage/transit-names.toml (bytes already read, at most kMaxNamesBytes); errors
// name the file and line. Only [operators."<id>"] and [railways."<id>"] tables of
// language = "name" are allowed.
Result<TransitNames> parse_transit_names(std::string_view toml, std::string_view display_name);

// The state a status text means, for colours and icons: its "ja" text first (運転見合わせ,
// 見合わせ, 運休: Suspended; 遅延: Delay; 運転再開, 再開: Resumed; 平常: Normal; the most
// severe word wins), then its "en" text (suspend, delay, resum, normal; any case); any
// other non-empty text is Other, and no text at all is Normal.
LineState classify(const Texts& status);

// The text to show for a locale: the first of `chain` (the bundle's fallback chain for the
// locale) that the texts have, then "en", then a name made from an id, then any text. Null
// only when `texts` is empty.
const std::string* pick_text(const Texts& texts, const std::vector<std::string>& chain);

} // namespace kiosk::transit
