#include "kiosk/app/proof_of_play.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <ctime>
#include <system_error>

namespace kiosk::app {

namespace {

std::string utc(int64_t unix_seconds) {
    const std::time_t t = static_cast<std::time_t>(unix_seconds);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buf;
}

} // namespace

ProofOfPlay::ProofOfPlay(std::filesystem::path file, uint64_t max_bytes)
    : m_file(std::move(file)), m_max_bytes(std::max<uint64_t>(max_bytes, 4096)) {
    std::error_code ec;
    if (!m_file.empty()) m_size = std::filesystem::file_size(m_file, ec);
    if (ec) m_size = 0;
}

Status ProofOfPlay::record(const PlayRecord& record) {
    {
        std::lock_guard lock(m_mutex);
        auto key = std::make_pair(record.what, record.id);
        auto found = m_counts.find(key);
        if (found == m_counts.end() && m_counts.size() >= kMaxSummaryItems) {
            auto oldest = std::min_element(m_counts.begin(), m_counts.end(), [](auto& a, auto& b) {
                return a.second.last_unix < b.second.last_unix;
            });
            m_counts.erase(oldest);
        }
        sync::PlayCount& count = m_counts[key];
        count.what = record.what;
        count.id = record.id;
        ++count.count;
        count.last_unix = std::max(count.last_unix, record.start_unix);
    }
    if (m_file.empty()) return Ok{};
    nlohmann::json line = {{"t", utc(record.start_unix)},
                           {"what", record.what},
                           {"id", record.id},
                           {"locale", record.locale}};
    if (!record.playlist.empty()) line["playlist"] = record.playlist;
    return append_line(line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n");
}

Status ProofOfPlay::append_line(const std::string& line) {
    if (m_size + line.size() > m_max_bytes / 2) {
        // Rotate: the previous half is kept as FILE.1, so the log never passes its cap.
        std::error_code ec;
        std::filesystem::rename(m_file, std::filesystem::path(m_file.string() + ".1"), ec);
        m_size = 0;
    }
    std::ofstream out(m_file, std::ios::binary | std::ios::app);
    out << line;
    out.flush();
    if (!out) {
        const bool first = !m_failing;
        m_failing = true;
        if (first) return make_error(m_file.string(), 0, "cannot append to the proof-of-play log");
        return Ok{};
    }
    m_failing = false;
    m_size += line.size();
    return Ok{};
}

std::vector<sync::PlayCount> ProofOfPlay::summary() const {
    std::lock_guard lock(m_mutex);
    std::vector<sync::PlayCount> out;
    out.reserve(m_counts.size());
    for (const auto& [key, count] : m_counts)
        out.push_back(count);
    return out;
}

} // namespace kiosk::app
