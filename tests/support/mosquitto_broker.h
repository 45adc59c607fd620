#pragma once
// A real Mosquitto broker for the MQTT tests (the Debian package, scripts/setup.sh installs
// it), on a free loopback port with its configuration and log in its own temporary folder,
// like NginxServer: retained messages, sessions and reconnects then behave as in the field.

#include <filesystem>
#include <memory>
#include <string>
#include <sys/types.h>

namespace kiosk::test {

// Where Debian installs the broker; the tests fail (not skip) without it.
inline constexpr const char* kMosquittoBinary = "/usr/sbin/mosquitto";

class MosquittoBroker {
  public:
    // Starts mosquitto listening on 127.0.0.1:<free port> (anonymous clients allowed, no
    // persistence), returning once the port accepts connections (or after 10 s with an
    // error). Returns nullptr and sets *error (the broker's log included) when mosquitto is
    // missing or will not start.
    static std::unique_ptr<MosquittoBroker> start(std::string* error);
    // Stops the broker (SIGTERM, then SIGKILL after 5 s), reaps it and removes its folder.
    ~MosquittoBroker();
    MosquittoBroker(const MosquittoBroker&) = delete;
    MosquittoBroker& operator=(const MosquittoBroker&) = delete;

    int port() const { return m_port; }
    pid_t pid() const { return m_pid; } // -1 while stopped
    std::string url() const;            // "mqtt://127.0.0.1:PORT"

    // Stops the broker; clients see their connection drop. Without persistence it forgets
    // every session and retained message.
    void stop();
    // Stops the broker if it runs, then starts it again on the SAME port (the clients'
    // reconnects go there) and waits until it accepts. False with *error when it will not.
    bool restart(std::string* error);
    // The broker's log so far (connections, subscriptions), for failure messages.
    std::string log() const;

  private:
    MosquittoBroker() = default;
    bool launch(std::string* error);

    std::filesystem::path m_dir; // config and log; removed by the destructor
    pid_t m_pid = -1;
    int m_port = 0;
};

} // namespace kiosk::test
