#include "nginx_server.h"

#include "loopback_process.h"

#include <algorithm>
#include <arpa/inet.h>
#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <fstream>
#include <netinet/in.h>
#include <poll.h>
#include <sstream>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

namespace kiosk::test {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

namespace {

std::string with_port(int port, std::string_view path, bool tls = false) {
    std::string url = (tls ? "https://127.0.0.1:" : "http://127.0.0.1:") + std::to_string(port);
    if (path.empty() || path.front() != '/') url += '/';
    url += path;
    return url;
}

// Paths go into the configuration in double quotes; nginx would expand `$` in `root` and
// has no way to quote a newline, so such paths are refused rather than escaped.
bool safe_config_path(const fs::path& path) {
    const std::string& text = path.native();
    return std::none_of(text.begin(), text.end(), [](unsigned char c) {
        return c < 0x20 || c == 0x7f || c == '"' || c == '\\' || c == '$';
    });
}

bool safe_uri(const std::string& uri) {
    if (uri.empty() || uri.front() != '/') return false;
    return std::all_of(uri.begin(), uri.end(), [](unsigned char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
               c == '.' || c == '_' || c == '~' || c == '/' || c == '-';
    });
}

std::string quoted(const fs::path& path) {
    return '"' + path.string() + '"';
}

// The location that /heartbeat proxies to; not logged, so tests see only their requests.
constexpr const char* kHeartbeatSink = "/__kiosk_heartbeat_sink";

std::string make_config(const fs::path& dir, const NginxOptions& options, int port) {
    const bool tls = !options.tls_certificate.empty() && !options.tls_key.empty();
    std::ostringstream c;
    // One process: nothing to orphan when the fixture has to SIGKILL it, and no workers that
    // switch to `nobody` when the tests run as root (as CI does) and then cannot read a
    // docroot or temp folder made 0700 by mkdtemp. Foreground, so the fixture is the parent.
    c << "daemon off;\n"
      << "master_process off;\n"
      << "worker_processes 1;\n"
      << "pid " << quoted(dir / "nginx.pid") << ";\n"
      << "lock_file " << quoted(dir / "nginx.lock") << ";\n"
      << "error_log " << quoted(dir / "error.log") << " warn;\n"
      << "events { worker_connections 256; }\n"
      << "http {\n"
      // escape=default writes '"', '\' and control characters (so also tabs) as \xHH:
      // fields never contain a tab and access_log() undoes the escapes.
      << "  log_format kiosk escape=default '$request_method\\t$request_uri\\t$status\\t"
         "$body_bytes_sent\\t$bytes_sent\\t$http_range\\t$http_if_none_match\\t"
         "$http_if_modified_since';\n"
      // No buffer: each line is written when its request ends.
      << "  access_log " << quoted(dir / "access.log")
      << " kiosk;\n"
      // Every temp path here, so nginx touches nothing under /var/lib/nginx.
      << "  client_body_temp_path " << quoted(dir / "client_body") << ";\n"
      << "  proxy_temp_path " << quoted(dir / "proxy") << ";\n"
      << "  fastcgi_temp_path " << quoted(dir / "fastcgi") << ";\n"
      << "  uwsgi_temp_path " << quoted(dir / "uwsgi") << ";\n"
      << "  scgi_temp_path " << quoted(dir / "scgi") << ";\n"
      << "  types { application/json json; }\n"
      << "  default_type application/octet-stream;\n"
      << "  sendfile off;\n"
      << "  etag on;\n"
      << "  if_modified_since exact;\n"
      << "  server {\n"
      << "    listen 127.0.0.1:" << port << (tls ? " ssl" : "") << ";\n"
      << "    root " << quoted(options.docroot) << ";\n";
    if (tls)
        c << "    ssl_certificate " << quoted(options.tls_certificate) << ";\n"
          << "    ssl_certificate_key " << quoted(options.tls_key) << ";\n";
    if (options.limit_rate_bytes_per_s > 0)
        c << "    limit_rate " << options.limit_rate_bytes_per_s << ";\n";
    for (const auto& [uri, status] : options.fail_paths) {
        c << "    location = " << uri << " {\n";
        if (status == 503) c << "      add_header Retry-After 7 always;\n";
        c << "      return " << status << ";\n"
          << "    }\n";
    }
    // `return 204` here would discard the body unread (client_body_in_file_only only acts
    // when a module reads the body); proxy_pass reads it, and the file is then kept.
    c << "    location = /heartbeat {\n"
      << "      client_body_in_file_only on;\n"
      << "      client_body_temp_path " << quoted(dir / "heartbeats") << ";\n"
      << "      client_max_body_size 64k;\n"
      << "      proxy_pass " << (tls ? "https" : "http") << "://127.0.0.1:" << port
      << kHeartbeatSink << ";\n"
      << "    }\n"
      << "    location = " << kHeartbeatSink << " {\n"
      << "      access_log off;\n"
      << "      return 204;\n"
      << "    }\n"
      << "  }\n"
      << "}\n";
    return c.str();
}

// Forks and execs nginx with stdout and stderr into `output`. PR_SET_PDEATHSIG kills nginx
// if the test process dies without running the destructor (a crash, an abort).
pid_t spawn_nginx(const fs::path& dir, const fs::path& output, std::string* error) {
    // `-e`: where nginx logs before it has read the configuration's error_log.
    const std::string args[] = {kNginxBinary,
                                "-p",
                                dir.string() + "/",
                                "-c",
                                (dir / "nginx.conf").string(),
                                "-e",
                                (dir / "error.log").string()};
    // A fresh output file each start: spawn_server appends.
    std::error_code ignored;
    fs::remove(output, ignored);
    return spawn_server(std::vector<std::string>(std::begin(args), std::end(args)), output, error);
}

std::string logs_of(const fs::path& dir) {
    std::string text = "\n--- error.log ---\n" + read_text(dir / "error.log");
    std::string output = read_text(dir / "nginx.out");
    if (!output.empty()) text += "--- nginx stdout/stderr ---\n" + output;
    return text;
}

std::string unescape(std::string_view field) {
    auto hex = [](char c) -> int {
        if (c >= '0' && c <= '9') return c - '0';
        if (c >= 'a' && c <= 'f') return c - 'a' + 10;
        if (c >= 'A' && c <= 'F') return c - 'A' + 10;
        return -1;
    };
    std::string out;
    for (std::size_t i = 0; i < field.size(); ++i) {
        if (field[i] == '\\' && i + 3 < field.size() && field[i + 1] == 'x' &&
            hex(field[i + 2]) >= 0 && hex(field[i + 3]) >= 0) {
            out += static_cast<char>(hex(field[i + 2]) * 16 + hex(field[i + 3]));
            i += 3;
        } else {
            out += field[i];
        }
    }
    return out;
}

// nginx logs an empty variable as "-".
std::string header_field(std::string_view field) {
    return field == "-" ? std::string() : unescape(field);
}

std::vector<AccessLogEntry> parse_access_log(const std::string& text) {
    std::vector<AccessLogEntry> entries;
    std::size_t start = 0;
    for (std::size_t end; (end = text.find('\n', start)) != std::string::npos; start = end + 1) {
        std::vector<std::string_view> fields;
        std::string_view line(text.data() + start, end - start);
        for (std::size_t from = 0;;) {
            std::size_t tab = line.find('\t', from);
            fields.push_back(line.substr(from, tab - from));
            if (tab == std::string_view::npos) break;
            from = tab + 1;
        }
        if (fields.size() != 8) continue; // not ours: never happens with our log_format
        AccessLogEntry entry;
        entry.method = unescape(fields[0]);
        entry.uri = unescape(fields[1]);
        entry.status = std::atoi(std::string(fields[2]).c_str());
        entry.body_bytes = std::strtoull(std::string(fields[3]).c_str(), nullptr, 10);
        entry.bytes_sent = std::strtoull(std::string(fields[4]).c_str(), nullptr, 10);
        entry.range = header_field(fields[5]);
        entry.if_none_match = header_field(fields[6]);
        entry.if_modified_since = header_field(fields[7]);
        entries.push_back(std::move(entry));
    }
    return entries;
}

} // namespace

std::unique_ptr<NginxServer> NginxServer::start(const NginxOptions& options, std::string* error) {
    std::string ignored;
    if (error == nullptr) error = &ignored;
    if (::access(kNginxBinary, X_OK) != 0) {
        *error = std::string(kNginxBinary) +
                 " is missing: the sync tests need a real nginx; install it with "
                 "`apt-get install nginx-light` (scripts/setup.sh does)";
        return nullptr;
    }
    std::error_code ec;
    const fs::path docroot = fs::absolute(options.docroot, ec);
    if (ec || !fs::is_directory(docroot, ec)) {
        *error = "docroot " + options.docroot.string() + " is not a directory";
        return nullptr;
    }
    if (!safe_config_path(docroot)) {
        *error = "docroot " + docroot.string() + " has characters the nginx config cannot hold";
        return nullptr;
    }
    for (const auto& [uri, status] : options.fail_paths) {
        if (!safe_uri(uri)) {
            *error = "fail_paths: \"" + uri + "\" is not a plain absolute URI";
            return nullptr;
        }
    }

    std::string pattern = (fs::temp_directory_path() / "kiosk-nginx-XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr) {
        *error = "mkdtemp(" + pattern + "): " + std::strerror(errno);
        return nullptr;
    }
    std::unique_ptr<NginxServer> server(new NginxServer());
    server->m_dir = pattern;
    if (!safe_config_path(server->m_dir)) {
        *error = "temp folder " + pattern + " has characters the nginx config cannot hold";
        return nullptr; // the destructor removes the folder
    }
    NginxOptions resolved = options;
    resolved.docroot = docroot;
    server->m_tls = !options.tls_certificate.empty() && !options.tls_key.empty();
    for (fs::path* pem : {&resolved.tls_certificate, &resolved.tls_key})
        if (!pem->empty()) *pem = fs::absolute(*pem, ec);

    for (int attempt = 1; attempt <= kServerPortTries; ++attempt) {
        const int port = pick_free_port(error);
        if (port == 0) return nullptr;
        const fs::path& dir = server->m_dir;
        fs::remove(dir / "error.log", ec);
        std::ofstream(dir / "nginx.conf", std::ios::trunc) << make_config(dir, resolved, port);
        const pid_t pid = spawn_nginx(dir, dir / "nginx.out", error);
        if (pid < 0) return nullptr;
        server->m_pid = pid;
        server->m_port = port;

        // Ready once the port accepts connections and nginx has written its pid file, which
        // it does after binding: a connection alone could reach another process that took
        // the port while nginx was still starting.
        const auto deadline = Clock::now() + kServerStartDeadline;
        bool exited = false;
        int status = 0;
        while (Clock::now() < deadline) {
            if (::waitpid(pid, &status, WNOHANG) == pid) {
                exited = true;
                break;
            }
            if (read_text(dir / "nginx.pid") == std::to_string(pid) + "\n" &&
                accepts_connections(port)) {
                return server;
            }
            std::this_thread::sleep_for(kServerPollInterval);
        }
        server->m_pid = -1;
        if (!exited) {
            stop_process(pid, SIGQUIT);
            *error = "nginx did not accept connections on 127.0.0.1:" + std::to_string(port) +
                     " within 10 s" + logs_of(dir);
            return nullptr;
        }
        const std::string logs = logs_of(dir);
        if (logs.find("Address already in use") == std::string::npos) {
            *error = "nginx " + describe_exit(status) + logs;
            return nullptr;
        }
        *error =
            "nginx found no free port in " + std::to_string(kServerPortTries) + " tries" + logs;
    }
    return nullptr;
}

NginxServer::~NginxServer() {
    stop_process(m_pid, SIGQUIT);
    std::error_code ignored;
    if (!m_dir.empty()) fs::remove_all(m_dir, ignored);
}

std::string NginxServer::url(std::string_view path) const {
    return with_port(m_port, path, m_tls);
}

std::vector<AccessLogEntry> NginxServer::access_log(std::size_t min_entries,
                                                    std::chrono::milliseconds timeout) const {
    const auto deadline = Clock::now() + timeout;
    for (;;) {
        std::vector<AccessLogEntry> entries = parse_access_log(read_text(m_dir / "access.log"));
        if (entries.size() >= min_entries || Clock::now() >= deadline) return entries;
        std::this_thread::sleep_for(kServerPollInterval);
    }
}

void NginxServer::clear_access_log() {
    std::error_code ignored;
    fs::resize_file(m_dir / "access.log", 0, ignored);
}

std::vector<std::string> NginxServer::heartbeat_bodies() const {
    // nginx numbers its temp files 0000000001, 0000000002, ...: name order is POST order.
    std::vector<fs::path> files;
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(m_dir / "heartbeats", ec)) {
        if (entry.is_regular_file(ec)) files.push_back(entry.path());
    }
    std::sort(files.begin(), files.end());
    std::vector<std::string> bodies;
    for (const auto& file : files)
        bodies.push_back(read_text(file));
    return bodies;
}

std::unique_ptr<SilentServer> SilentServer::start(std::string* error) {
    std::string ignored;
    if (error == nullptr) error = &ignored;
    std::unique_ptr<SilentServer> server(new SilentServer());
    server->m_fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (server->m_fd < 0) {
        *error = std::string("socket(): ") + std::strerror(errno);
        return nullptr;
    }
    sockaddr_in address = loopback_address(0);
    socklen_t length = sizeof address;
    if (::bind(server->m_fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 ||
        ::listen(server->m_fd, 16) != 0 ||
        ::getsockname(server->m_fd, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
        *error = std::string("listening on 127.0.0.1:0: ") + std::strerror(errno);
        return nullptr;
    }
    server->m_port = ntohs(address.sin_port);
    return server;
}

SilentServer::~SilentServer() {
    if (m_fd >= 0) ::close(m_fd);
}

std::string SilentServer::url(std::string_view path) const {
    return with_port(m_port, path);
}

bool SilentServer::has_waiting_client() const {
    pollfd listener{m_fd, POLLIN,
                    0}; // a listening socket is readable while accept() would not block
    return ::poll(&listener, 1, 0) == 1 && (listener.revents & POLLIN) != 0;
}

} // namespace kiosk::test
