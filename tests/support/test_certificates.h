#pragma once
// Throwaway TLS certificates for the real-server fixtures (nginx over https, Mosquitto over
// mqtts), made with the openssl command (scripts/setup.sh installs it): a CA of our own, and
// server certificates it signs for the names the tests connect to. Nothing here is secret:
// the keys are unencrypted, the certificates valid for two days.

#include <filesystem>
#include <string>
#include <vector>

namespace kiosk::test {

inline constexpr const char* kOpensslBinary = "/usr/bin/openssl";

// DIR/ca.pem and DIR/ca.key, a CA named "Test City CA", unless DIR/ca.pem exists already
// (then it is kept: several server certificates can share one CA). False with *error (what
// openssl said) when openssl fails.
bool make_test_ca(const std::filesystem::path& dir, std::string* error);

// DIR/NAME.pem and DIR/NAME.key: a server certificate signed by DIR's CA (make_test_ca()
// first) for `names`, each "IP:127.0.0.1" or "DNS:localhost" (subjectAltName entries: what
// the clients verify); the first name without its prefix is also the subject's CN. False
// with *error when openssl fails or `names` is empty.
bool make_test_certificate(const std::filesystem::path& dir, const std::string& name,
                           const std::vector<std::string>& names, std::string* error);

} // namespace kiosk::test
