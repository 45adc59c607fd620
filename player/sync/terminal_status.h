#pragma once
// The terminal's status after each sync attempt: written atomically to a local file (for
// staff and monitoring on the terminal) and POSTed to the heartbeat URL (for the city's
// overview). No personal data: nothing about visitors is in it.
//
//   {"terminal_id": "minato-1f-01", "active_version": "101-3f2a...", "bundle_version":
//    "2026.12.02-1", "sequence": 101, "expires": "2027-01-01T00:00:00Z", "stale": false,
//    "last_attempt": "...Z", "last_success": "...Z", "last_result": "activated ...",
//    "last_error": "", "uptime_s": 3600, "free_disk_bytes": 123456789,
//    "played": [{"what": "slide", "id": "welcome", "count": 42, "last": "...Z"}]}

#include "player/core/result.h"
#include "player/sync/http_client.h"

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace kiosk::sync {

// Proof of play: how often something was shown since the kiosk started (its log has each
// showing; the heartbeat carries this summary). `what` is "slide" or "alert".
struct PlayCount {
    std::string what, id;
    uint64_t count = 0;
    int64_t last_unix = 0;
};

struct TerminalStatus {
    std::string terminal_id;
    std::string active_version; // the store's version name; "" when none
    std::string bundle_version; // bundle.toml's version of it
    uint64_t sequence = 0;
    int64_t expires_unix = 0;
    bool stale = false; // expiry passed: still shown, but staff must know
    int64_t last_attempt_unix = 0;
    int64_t last_success_unix = 0;
    std::string last_result; // the last attempt's one line
    std::string last_error;  // the last failure's one line, kept after later successes
    int64_t uptime_s = 0;
    uint64_t free_disk_bytes = 0;
    std::vector<PlayCount> played; // empty: no signage or alert shown yet
};

std::string status_json(const TerminalStatus& status);

// Free bytes on the file system holding `path`; 0 when unknown.
uint64_t free_disk_bytes(const std::filesystem::path& path);

// The file is replaced atomically, so a reader never sees half of it.
Status write_status_file(const std::filesystem::path& path, const TerminalStatus& status);

// POSTs the JSON; a failure is returned, never retried here (the next attempt sends again).
Status post_heartbeat(const std::string& url, const TerminalStatus& status,
                      const HttpOptions& options);

} // namespace kiosk::sync
