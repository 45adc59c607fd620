#pragma once
// HTTP for sync, over libcurl: small conditional GETs into memory (manifest, signature),
// many blob downloads at once into files (curl multi, bounded, resumed with Range), and
// a POST for the heartbeat. Every transfer has a size cap, a connect timeout and a stall
// timeout; only http and https, no redirects, TLS verification always on.
//
// Threading: each call uses its own curl handles, so calls may run on any thread (the
// sync thread in `kiosk run`); nothing here touches the UI.

#include "player/core/result.h"

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace kiosk::sync {

struct HttpOptions {
    std::string ca_file;         // a city CA bundle for https; empty: the system's CAs
    long connect_timeout_s = 10; // TCP + TLS handshake
    long stall_timeout_s = 30;   // abort when nothing arrives for this long
    long total_timeout_s = 0;    // 0: none (blobs may be large on a slow line)
    // When set and true, transfers in flight stop within about a second (the kiosk is
    // shutting down); they fail with "cancelled".
    const std::atomic<bool>* cancel = nullptr;
};

struct HttpResponse {
    long status = 0; // 200, 304, 404, ...
    std::string body;
    std::string etag;            // as sent, quotes included; empty when none
    std::string last_modified;   // as sent; empty when none
    long retry_after_s = -1;     // from Retry-After (seconds or a date); -1 when absent
    uint64_t received_bytes = 0; // headers and body
};

// GET `url` into memory. `if_none_match` / `if_modified_since` make it conditional (304).
// gzip is accepted (the manifest compresses to a third); a body larger than `max_bytes`
// once decoded aborts the transfer. Fails on transport errors (refused,
// timed out, TLS); any HTTP status is a success here, for the caller to judge.
Result<HttpResponse> http_get(const std::string& url, uint64_t max_bytes,
                              const HttpOptions& options, const std::string& if_none_match = "",
                              const std::string& if_modified_since = "");

// `reference` (a link read from a feed: absolute, or relative like "q1.xml", "/alerts/q1.xml"
// or "//host/q1.xml") resolved against `base` as RFC 3986 section 5 says, by libcurl's URL
// parser. Fails unless the result is an http or https URL; the message names the reference.
Result<std::string> resolve_url(const std::string& base, const std::string& reference);

// POST `body` (JSON) to `url`; the response body is read up to 4 KiB and dropped.
Result<HttpResponse> http_post_json(const std::string& url, const std::string& body,
                                    const HttpOptions& options);

struct Download {
    std::string url;
    std::filesystem::path file; // written in place; an existing partial file is resumed
    uint64_t size = 0;          // the declared size: more bytes than this abort
};

struct DownloadResult {
    Status status = Ok{};
    long http_status = 0;
    long retry_after_s = -1;
    uint64_t received_bytes = 0; // headers and body
    bool resumed = false;        // a Range request was answered with 206
};

// Fetches every download, at most `parallel` at once. A file already holding some bytes
// is resumed with a Range request (a server that answers 200 instead restarts it). One
// result per download, in the same order.
std::vector<DownloadResult> download_all(const std::vector<Download>& downloads, size_t parallel,
                                         const HttpOptions& options);

} // namespace kiosk::sync
