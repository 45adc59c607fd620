#pragma once
// What the real-server fixtures (nginx, Mosquitto) share: loopback ports and the server
// process they start and stop.

#include <chrono>
#include <filesystem>
#include <netinet/in.h>
#include <string>
#include <sys/types.h>
#include <vector>

namespace kiosk::test {

// The bounds both server fixtures use. Far more than a server needs (milliseconds), but a
// loaded CI machine may be slow, and an nginx port clash costs 2.5 s of bind retries.
inline constexpr auto kServerStartDeadline = std::chrono::seconds(10);
inline constexpr auto kServerStopDeadline = std::chrono::seconds(5);
inline constexpr auto kServerPollInterval = std::chrono::milliseconds(10);
inline constexpr int kServerPortTries = 5;

// 127.0.0.1:port as a socket address.
sockaddr_in loopback_address(int port);

// A port the kernel just handed out on 127.0.0.1; another process may take it before the
// server binds it, so callers try again on "address in use". 0 with *error when none.
int pick_free_port(std::string* error);

// Something listens on 127.0.0.1:port and completes a TCP handshake.
bool accepts_connections(int port);

// Forks and execs `args` (args[0] the program) with stdin from /dev/null and stdout and
// stderr appended to `output`. PR_SET_PDEATHSIG: the server dies with the test process
// even when no destructor runs (a crash, an abort). -1 with *error when fork fails.
pid_t spawn_server(const std::vector<std::string>& args, const std::filesystem::path& output,
                   std::string* error);

// Runs `args` (args[0] the program; no shell, so arguments need no quoting) like
// spawn_server() and waits for it. True when it exits with status 0; else false with *error
// naming the command, how it ended and what it wrote to `output`. For the tools that set a
// server up (openssl, mosquitto_passwd).
bool run_program(const std::vector<std::string>& args, const std::filesystem::path& output,
                 std::string* error);

// Sends `signal`, waits up to kServerStopDeadline, then SIGKILL; always reaps the process.
void stop_process(pid_t pid, int signal);

// "exited with status 1", "was killed by signal 9": a waitpid status for a message.
std::string describe_exit(int status);

// A whole file as text; empty when it cannot be read (logs for failure messages).
std::string read_text(const std::filesystem::path& path);

} // namespace kiosk::test
