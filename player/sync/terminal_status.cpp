#include "player/sync/terminal_status.h"

#include "player/bundle/file_io.h"
#include "player/bundle/manifest.h"

#include <nlohmann/json.hpp>
#include <sys/statvfs.h>

namespace kiosk::sync {

namespace {

std::string utc_or_empty(int64_t unix_seconds) {
    return unix_seconds > 0 ? bundle::format_utc_time(unix_seconds) : "";
}

} // namespace

std::string status_json(const TerminalStatus& status) {
    nlohmann::json json = {
        {"terminal_id", status.terminal_id},
        {"active_version", status.active_version},
        {"bundle_version", status.bundle_version},
        {"sequence", status.sequence},
        {"expires", utc_or_empty(status.expires_unix)},
        {"stale", status.stale},
        {"last_attempt", utc_or_empty(status.last_attempt_unix)},
        {"last_success", utc_or_empty(status.last_success_unix)},
        {"last_result", status.last_result},
        {"last_error", status.last_error},
        {"uptime_s", status.uptime_s},
        {"free_disk_bytes", status.free_disk_bytes},
    };
    nlohmann::json played = nlohmann::json::array();
    for (const PlayCount& p : status.played)
        played.push_back({{"what", p.what},
                          {"id", p.id},
                          {"count", p.count},
                          {"last", utc_or_empty(p.last_unix)}});
    json["played"] = std::move(played);
    // Messages quote server answers and paths: never let bad UTF-8 throw here.
    return json.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

uint64_t free_disk_bytes(const std::filesystem::path& path) {
    struct statvfs info {};
    if (::statvfs(path.c_str(), &info) != 0) return 0;
    return static_cast<uint64_t>(info.f_bavail) * info.f_frsize;
}

Status write_status_file(const std::filesystem::path& path, const TerminalStatus& status) {
    return bundle::write_file_atomically(path, status_json(status));
}

Status post_heartbeat(const std::string& url, const TerminalStatus& status,
                      const HttpOptions& options) {
    auto response = http_post_json(url, status_json(status), options);
    if (!response) return response.error();
    if (response->status < 200 || response->status > 299)
        return make_error(url + ": heartbeat answered HTTP " + std::to_string(response->status));
    return Ok{};
}

} // namespace kiosk::sync
