#pragma once
// Proof of play: which slide and which alert the screen showed, and when, for the city
// (did the evacuation notice really run at the station?). One JSON line per showing in a
// local file, size-capped by rotating to FILE.1 (so at most twice the cap on disk), and a
// per-item summary for the heartbeat. No personal data: only what the screen showed.
//
//   {"t":"2026-12-02T01:00:10Z","what":"slide","id":"welcome","locale":"en","playlist":"day"}
//
// Threading: record() on the UI thread; summary() from any thread (the sync worker).

#include "player/core/result.h"
#include "player/sync/terminal_status.h"

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

namespace kiosk::app {

struct PlayRecord {
    int64_t start_unix = 0;
    std::string what; // "slide" or "alert"
    std::string id;
    std::string locale, playlist;
};

class ProofOfPlay {
  public:
    static constexpr uint64_t kDefaultMaxBytes = 1024 * 1024;
    // Distinct items the summary keeps (the least recent are dropped beyond it).
    static constexpr size_t kMaxSummaryItems = 200;

    // `file` empty: summary only, nothing written.
    explicit ProofOfPlay(std::filesystem::path file, uint64_t max_bytes = kDefaultMaxBytes);

    // Appends one line (rotating first when the file would pass its cap). A write that
    // fails is returned once per failure streak for the caller to log; the summary is kept.
    Status record(const PlayRecord& record);
    std::vector<sync::PlayCount> summary() const;

  private:
    Status append_line(const std::string& line);

    std::filesystem::path m_file;
    uint64_t m_max_bytes;
    uint64_t m_size = 0;
    bool m_failing = false;
    mutable std::mutex m_mutex;
    std::map<std::pair<std::string, std::string>, sync::PlayCount> m_counts;
};

} // namespace kiosk::app
