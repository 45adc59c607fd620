#pragma once
// A real Mosquitto broker for the MQTT tests (the Debian package, scripts/setup.sh installs
// it), on a free loopback port with its configuration and log in its own temporary folder,
// like NginxServer: retained messages, sessions and reconnects then behave as in the field.
// Optionally over TLS (mqtts, with a throwaway CA: test_certificates.h) and with passwords.

#include <filesystem>
#include <memory>
#include <string>
#include <sys/types.h>
#include <vector>

namespace kiosk::test {

// Where Debian installs the broker; the tests fail (not skip) without it.
inline constexpr const char* kMosquittoBinary = "/usr/sbin/mosquitto";
inline constexpr const char* kMosquittoPasswdBinary = "/usr/bin/mosquitto_passwd";

struct MosquittoUser {
    std::string name, password;
};

struct MosquittoOptions {
    // A TLS listener (mqtts) instead of plain MQTT. With tls_certificate and tls_key (PEM) it
    // presents those; without, a certificate for 127.0.0.1 and localhost signed by a CA the
    // fixture makes in its folder (ca_file()), the same one across restarts.
    bool tls = false;
    std::filesystem::path tls_certificate, tls_key;
    // Non-empty: only these clients may connect (a password_file written with
    // mosquitto_passwd, allow_anonymous false); the broker refuses others in its CONNACK.
    std::vector<MosquittoUser> users;
};

class MosquittoBroker {
  public:
    // Starts mosquitto listening on 127.0.0.1:<free port> (anonymous clients allowed, no
    // persistence), returning once the port accepts connections (or after 10 s with an
    // error). Returns nullptr and sets *error (the broker's log included) when mosquitto is
    // missing or will not start.
    static std::unique_ptr<MosquittoBroker> start(std::string* error);
    // The same with TLS and/or passwords (above).
    static std::unique_ptr<MosquittoBroker> start(const MosquittoOptions& options,
                                                  std::string* error);
    // Stops the broker (SIGTERM, then SIGKILL after 5 s), reaps it and removes its folder.
    ~MosquittoBroker();
    MosquittoBroker(const MosquittoBroker&) = delete;
    MosquittoBroker& operator=(const MosquittoBroker&) = delete;

    int port() const { return m_port; }
    pid_t pid() const { return m_pid; } // -1 while stopped
    std::string url() const;            // "mqtt://127.0.0.1:PORT" or "mqtts://127.0.0.1:PORT"
    // The CA of the certificate the fixture made (MosquittoOptions::tls without a certificate
    // of the test's); empty before the broker first ran with such a certificate.
    std::filesystem::path ca_file() const;

    // Stops the broker; clients see their connection drop. Without persistence it forgets
    // every session and retained message.
    void stop();
    // Stops the broker if it runs, then starts it again on the SAME port (the clients'
    // reconnects go there) and waits until it accepts. False with *error when it will not.
    bool restart(std::string* error);
    // The same with other options (now TLS, a new certificate, other users): a broker that was
    // misconfigured and then fixed, at the address the clients keep trying.
    bool restart(const MosquittoOptions& options, std::string* error);
    // The broker's log so far (connections, subscriptions), for failure messages.
    std::string log() const;

  private:
    MosquittoBroker() = default;
    bool configure(const MosquittoOptions& options, std::string* error);
    bool launch(std::string* error);

    std::filesystem::path m_dir; // config, log, certificates; removed by the destructor
    MosquittoOptions m_options;  // certificate paths filled in by configure()
    pid_t m_pid = -1;
    int m_port = 0;
};

} // namespace kiosk::test
