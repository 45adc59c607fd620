#pragma once
// What the tests of polled feeds (the alert feed, the transit feed) share: publishing into
// nginx's docroot as a publisher should, and counting requests and log lines.

#include "../support/nginx_server.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>
#include <vector>

namespace kiosk::test {

// Written beside, then renamed into place: nginx never serves half a file.
inline void publish_renamed(const std::filesystem::path& docroot, const std::string& path,
                            std::string_view bytes) {
    const std::filesystem::path part = docroot / (path + ".part");
    std::filesystem::create_directories(part.parent_path());
    std::ofstream(part, std::ios::binary) << bytes;
    std::filesystem::rename(part, docroot / path);
}

// Requests of exactly `uri` in nginx's access log, answered with `status` (0: any).
inline size_t requests_of(const std::vector<AccessLogEntry>& log, const std::string& uri,
                          int status = 0) {
    return static_cast<size_t>(std::count_if(log.begin(), log.end(), [&](const auto& e) {
        return e.uri == uri && (status == 0 || e.status == status);
    }));
}

// Log lines that contain `part`.
inline size_t lines_with(const std::vector<std::string>& log, const std::string& part) {
    return static_cast<size_t>(std::count_if(log.begin(), log.end(), [&](const auto& line) {
        return line.find(part) != std::string::npos;
    }));
}

} // namespace kiosk::test
