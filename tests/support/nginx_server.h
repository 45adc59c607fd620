#pragma once
// Servers for the sync tests. Terminals fetch signed bundles over HTTP from a plain static
// server, so the tests talk to a real nginx (the Debian package, scripts/setup.sh installs
// it) rather than a mock: ETags, 304s, ranges, throttled bodies and error statuses then
// behave exactly as in the field. Each server lives on a free loopback port with a
// configuration, logs and temp files in its own temporary folder, so tests can run in
// parallel and leave nothing behind.

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <sys/types.h>
#include <utility>
#include <vector>

namespace kiosk::test {

// Where Debian installs nginx; the tests fail (not skip) without it, since CI installs it.
inline constexpr const char* kNginxBinary = "/usr/sbin/nginx";

struct NginxOptions {
    std::filesystem::path docroot; // served at /
    // 0: unlimited; else nginx `limit_rate` for every response, to make a download slow
    // enough to kill mid-blob.
    uint64_t limit_rate_bytes_per_s = 0;
    // Exact URI -> status to return instead of the file (e.g. {"/manifest.json", 500}), for
    // the client's error paths. 503 answers carry "Retry-After: 7". URIs are limited to
    // [A-Za-z0-9._~/-] so they cannot break the generated configuration.
    std::vector<std::pair<std::string, int>> fail_paths;
    // Both set: https only (a city CA's certificate and its key, PEM); url() says https.
    std::filesystem::path tls_certificate, tls_key;
};

// One line of the access log. Header fields the client did not send are empty.
struct AccessLogEntry {
    std::string method;
    std::string uri; // as the client sent it ($request_uri: with the query, not normalised)
    std::string range;
    int status = 0;
    uint64_t body_bytes = 0; // $body_bytes_sent: less than the file when the client hung up
    uint64_t bytes_sent = 0; // $bytes_sent: with the headers
    std::string if_none_match;
    std::string if_modified_since;
};

class NginxServer {
  public:
    // Starts nginx listening on 127.0.0.1:<free port>, returning once the port accepts
    // connections (or after 10 s with an error). Returns nullptr and sets *error (the error
    // log included) when nginx is missing or will not start.
    static std::unique_ptr<NginxServer> start(const NginxOptions& options, std::string* error);
    // Stops nginx (SIGQUIT, then SIGKILL after 5 s), reaps it and removes its folder.
    ~NginxServer();
    NginxServer(const NginxServer&) = delete;
    NginxServer& operator=(const NginxServer&) = delete;

    int port() const { return m_port; }
    // The nginx process, for tests of this fixture (that it is gone after the destructor).
    pid_t pid() const { return m_pid; }
    std::string url(std::string_view path = "/") const; // "http://127.0.0.1:PORT/path"

    // The requests logged so far, oldest first. nginx writes a request's line only after
    // the response has gone out, so a client can hold the answer before the line exists:
    // this waits (up to `timeout`) until there are at least `min_entries` lines.
    std::vector<AccessLogEntry>
    access_log(std::size_t min_entries = 0,
               std::chrono::milliseconds timeout = std::chrono::seconds(5)) const;
    // Empties the access log; nginx appends to the same file (O_APPEND), so it goes on
    // logging from the start. Wait for the lines of earlier requests first (above), or they
    // may land after the truncation.
    void clear_access_log();

    // The bodies POSTed to /heartbeat (answered 204), oldest first. nginx keeps each body
    // as a file (client_body_in_file_only on); `return 204` alone would discard the body
    // unread, so /heartbeat proxies to a location of the same server that answers 204.
    std::vector<std::string> heartbeat_bodies() const;

  private:
    NginxServer() = default;

    std::filesystem::path m_dir; // config, pid, logs, temp paths; removed by the destructor
    pid_t m_pid = -1;
    int m_port = 0;
    bool m_tls = false;
};

// A TCP listener on 127.0.0.1 that never accepts nor answers: the kernel completes the
// handshake (backlog), the client's request then waits forever. For "a server that accepts
// and never answers", which no nginx configuration gives.
class SilentServer {
  public:
    static std::unique_ptr<SilentServer> start(std::string* error);
    ~SilentServer();
    SilentServer(const SilentServer&) = delete;
    SilentServer& operator=(const SilentServer&) = delete;

    int port() const { return m_port; }
    std::string url(std::string_view path = "/") const;
    // A client's connection waits in the backlog: its TCP handshake is done, and it now waits
    // for an answer (an HTTP response, a CONNACK, a TLS ServerHello).
    bool has_waiting_client() const;

  private:
    SilentServer() = default;

    int m_fd = -1;
    int m_port = 0;
};

} // namespace kiosk::test
