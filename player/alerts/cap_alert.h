#pragma once
// An OASIS CAP 1.2 alert (http://docs.oasis-open.org/emergency/cap/v1.2/) as a plain
// value: what the kiosk needs to decide whether to show it, and what to show. Parsed by
// parse_cap() from untrusted bytes (a file in the bundle, a spool folder, an HTTP feed, an
// MQTT message) with size and depth limits; DTDs and entities are refused, never loaded.

#include "player/core/result.h"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace kiosk::alerts {

enum class Status { Actual, Exercise, System, Test, Draft };
enum class MsgType { Alert, Update, Cancel, Ack, Error };
enum class Severity { Extreme, Severe, Moderate, Minor, Unknown };
enum class Urgency { Immediate, Expected, Future, Past, Unknown };
enum class Certainty { Observed, Likely, Possible, Unlikely, Unknown };

struct CapArea {
    std::string description;           // areaDesc
    std::vector<std::string> geocodes; // "valueName=value", e.g. "JIS=13103"
};

// One <info> block: the alert in one language.
struct CapInfo {
    std::string language; // as given ("ja-JP", "en-US"); "en-US" when absent (CAP default)
    std::string event;
    Severity severity = Severity::Unknown;
    Urgency urgency = Urgency::Unknown;
    Certainty certainty = Certainty::Unknown;
    int64_t effective_unix = 0; // 0: absent (then `sent`)
    int64_t onset_unix = 0;     // 0: absent
    int64_t expires_unix = 0;   // 0: absent (no expiry)
    std::string sender_name;
    std::string headline;
    std::string description;
    std::string instruction;
    std::vector<CapArea> areas;
};

// A reference to an earlier alert: "sender,identifier,sent".
struct CapReference {
    std::string sender;
    std::string identifier;
    int64_t sent_unix = 0;
};

struct CapAlert {
    std::string identifier;
    std::string sender;
    int64_t sent_unix = 0;
    Status status = Status::Actual;
    MsgType msg_type = MsgType::Alert;
    std::string scope; // Public, Restricted, Private
    std::vector<CapReference> references;
    std::vector<CapInfo> infos;
};

// Limits (docs/CONTENT.md): a CAP document is small; anything beyond these is refused.
inline constexpr size_t kMaxCapBytes = 256 * 1024;
inline constexpr int kMaxCapDepth = 16;
inline constexpr size_t kMaxCapInfos = 32;
inline constexpr size_t kMaxCapTextBytes = 16 * 1024; // one headline/description/instruction

// Parses CAP 1.2 (namespace urn:oasis:names:tc:emergency:cap:1.2). Errors name
// `display_name` and the line: "alerts/drill.xml:12: <sent>: expected a date-time like
// 2026-12-01T10:00:00+09:00".
Result<CapAlert> parse_cap(std::string_view xml, std::string_view display_name);

// CAP's date-time, "2026-12-01T10:00:00+09:00": a numeric offset is required ("-00:00" is
// UTC; "Z" and fractions of a second are not CAP), and the date must exist. False when
// `text` is not one; `unix_seconds` is then unchanged.
bool parse_cap_time(std::string_view text, int64_t& unix_seconds);

} // namespace kiosk::alerts
