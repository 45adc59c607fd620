#include "mosquitto_broker.h"

#include "loopback_process.h"
#include "test_certificates.h"

#include <algorithm>
#include <arpa/inet.h>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <fstream>
#include <netinet/in.h>
#include <sstream>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>
#include <vector>

namespace kiosk::test {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

namespace {

// Mosquitto's configuration has no quoting: a path is the rest of the line, so one with a
// newline (or leading/trailing blanks) cannot be written and is refused.
bool safe_config_path(const fs::path& path) {
    const std::string& text = path.native();
    if (text.empty() || text.front() == ' ' || text.back() == ' ') return false;
    return std::none_of(text.begin(), text.end(),
                        [](unsigned char c) { return c < 0x20 || c == 0x7f; });
}

std::string make_config(const fs::path& dir, int port, const MosquittoOptions& options) {
    std::ostringstream c;
    // Mosquitto 2.0 listens only on localhost and refuses anonymous clients once a listener
    // is configured, unless told otherwise.
    c << "listener " << port << " 127.0.0.1\n";
    // certfile and keyfile make the listener TLS; no cafile: clients need no certificate.
    if (options.tls)
        c << "certfile " << options.tls_certificate.string() << "\n"
          << "keyfile " << options.tls_key.string() << "\n";
    if (options.users.empty())
        c << "allow_anonymous true\n";
    else
        c << "allow_anonymous false\n"
          << "password_file " << (dir / "passwd").string() << "\n";
    c << "persistence false\n"
      << "log_dest file " << (dir / "mosquitto.log").string() << "\n"
      << "log_type error\nlog_type warning\nlog_type notice\nlog_type information\n"
      << "log_type subscribe\n"
      << "connection_messages true\n"
      << "log_timestamp_format %H:%M:%S\n";
    // Started as root (CI), mosquitto drops to the user `mosquitto`, which could then not
    // write its log into our 0700 folder; `user root` keeps it as it is.
    if (::geteuid() == 0) c << "user root\n";
    return c.str();
}

pid_t spawn_mosquitto(const fs::path& dir, std::string* error) {
    return spawn_server({kMosquittoBinary, "-c", (dir / "mosquitto.conf").string()},
                        dir / "mosquitto.out", error);
}

} // namespace

std::unique_ptr<MosquittoBroker> MosquittoBroker::start(std::string* error) {
    return start(MosquittoOptions{}, error);
}

std::unique_ptr<MosquittoBroker> MosquittoBroker::start(const MosquittoOptions& options,
                                                        std::string* error) {
    std::string ignored;
    if (error == nullptr) error = &ignored;
    if (::access(kMosquittoBinary, X_OK) != 0) {
        *error = std::string(kMosquittoBinary) + " not found; run scripts/setup.sh";
        return nullptr;
    }
    std::error_code ec;
    fs::path tmp = fs::temp_directory_path(ec);
    if (ec) tmp = "/tmp";
    std::string pattern = (tmp / "kiosk-mosquitto-XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr) {
        *error = "mkdtemp(" + pattern + "): " + std::strerror(errno);
        return nullptr;
    }
    std::unique_ptr<MosquittoBroker> broker(new MosquittoBroker());
    broker->m_dir = pattern;
    if (!safe_config_path(broker->m_dir)) {
        *error = "temporary folder " + pattern + " cannot go into a mosquitto configuration";
        return nullptr;
    }
    if (!broker->configure(options, error)) return nullptr;
    for (int attempt = 0; attempt < kServerPortTries; ++attempt) {
        broker->m_port = pick_free_port(error);
        if (broker->m_port == 0) return nullptr;
        if (broker->launch(error)) return broker;
        // Somebody took the port between pick_free_port() and the broker's bind: another.
        if (error->find("Address already in use") == std::string::npos) return nullptr;
    }
    *error =
        "mosquitto found no free port in " + std::to_string(kServerPortTries) + " tries\n" + *error;
    return nullptr;
}

bool MosquittoBroker::configure(const MosquittoOptions& options, std::string* error) {
    m_options = options;
    std::error_code ec;
    if (options.tls && (options.tls_certificate.empty() || options.tls_key.empty())) {
        const fs::path tls = m_dir / "tls";
        fs::create_directories(tls, ec);
        if (!fs::exists(tls / "broker.pem") &&
            !(make_test_ca(tls, error) &&
              make_test_certificate(tls, "broker", {"IP:127.0.0.1", "DNS:localhost"}, error)))
            return false;
        m_options.tls_certificate = tls / "broker.pem";
        m_options.tls_key = tls / "broker.key";
    }
    if (options.tls) {
        for (fs::path* pem : {&m_options.tls_certificate, &m_options.tls_key}) {
            *pem = fs::absolute(*pem, ec);
            if (ec || !safe_config_path(*pem)) {
                *error = "TLS file " + pem->string() + " cannot go into a mosquitto configuration";
                return false;
            }
        }
    }
    fs::remove(m_dir / "passwd", ec);
    bool first = true;
    for (const auto& user : options.users) {
        // -c creates the file, -b takes the password from the command line.
        std::vector<std::string> args = {kMosquittoPasswdBinary, "-b"};
        if (first) args.insert(args.begin() + 1, "-c");
        args.insert(args.end(), {(m_dir / "passwd").string(), user.name, user.password});
        if (!run_program(args, m_dir / "mosquitto_passwd.out", error)) return false;
        first = false;
    }
    return true;
}

bool MosquittoBroker::launch(std::string* error) {
    {
        std::ofstream config(m_dir / "mosquitto.conf", std::ios::binary | std::ios::trunc);
        config << make_config(m_dir, m_port, m_options);
        if (!config) {
            *error = "cannot write " + (m_dir / "mosquitto.conf").string();
            return false;
        }
    }
    m_pid = spawn_mosquitto(m_dir, error);
    if (m_pid < 0) return false;
    const auto deadline = Clock::now() + kServerStartDeadline;
    for (;;) {
        int status = 0;
        if (::waitpid(m_pid, &status, WNOHANG) == m_pid) {
            m_pid = -1;
            *error = "mosquitto " + describe_exit(status) + log();
            return false;
        }
        if (accepts_connections(m_port)) return true;
        if (Clock::now() >= deadline) break;
        std::this_thread::sleep_for(kServerPollInterval);
    }
    stop();
    *error = "mosquitto did not accept connections on 127.0.0.1:" + std::to_string(m_port) +
             " within 10 s" + log();
    return false;
}

MosquittoBroker::~MosquittoBroker() {
    stop();
    std::error_code ignored;
    if (!m_dir.empty()) fs::remove_all(m_dir, ignored);
}

std::string MosquittoBroker::url() const {
    return (m_options.tls ? "mqtts://127.0.0.1:" : "mqtt://127.0.0.1:") + std::to_string(m_port);
}

fs::path MosquittoBroker::ca_file() const {
    std::error_code ec;
    const fs::path ca = m_dir / "tls" / "ca.pem";
    return fs::exists(ca, ec) ? ca : fs::path();
}

void MosquittoBroker::stop() {
    stop_process(m_pid, SIGTERM);
    m_pid = -1;
}

bool MosquittoBroker::restart(std::string* error) {
    std::string ignored;
    if (error == nullptr) error = &ignored;
    stop();
    return launch(error);
}

bool MosquittoBroker::restart(const MosquittoOptions& options, std::string* error) {
    std::string ignored;
    if (error == nullptr) error = &ignored;
    stop();
    return configure(options, error) && launch(error);
}

std::string MosquittoBroker::log() const {
    std::string text = "\n--- mosquitto.log ---\n" + read_text(m_dir / "mosquitto.log");
    std::string output = read_text(m_dir / "mosquitto.out");
    if (!output.empty()) text += "--- mosquitto stdout/stderr ---\n" + output;
    return text;
}

} // namespace kiosk::test
