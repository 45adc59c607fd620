#include "test_certificates.h"

#include "loopback_process.h"

#include <fstream>

namespace kiosk::test {

namespace fs = std::filesystem;

namespace {

// openssl with `args`; what it wrote goes to DIR/openssl.out and into *error.
bool openssl(const fs::path& dir, std::vector<std::string> args, std::string* error) {
    args.insert(args.begin(), kOpensslBinary);
    if (run_program(args, dir / "openssl.out", error)) return true;
    *error += "(scripts/setup.sh installs openssl)";
    return false;
}

// P-256 keys: quick to make (an RSA key takes a noticeable share of a test's time), and every
// client and server here takes them.
const std::vector<std::string> kNewKey = {"-newkey", "ec", "-pkeyopt",
                                          "ec_paramgen_curve:prime256v1", "-nodes"};

std::vector<std::string> with(std::vector<std::string> head, const std::vector<std::string>& tail) {
    head.insert(head.end(), tail.begin(), tail.end());
    return head;
}

} // namespace

bool make_test_ca(const fs::path& dir, std::string* error) {
    std::string ignored;
    if (error == nullptr) error = &ignored;
    if (fs::exists(dir / "ca.pem")) return true;
    return openssl(dir,
                   with(with({"req", "-x509"}, kNewKey),
                        {"-keyout", (dir / "ca.key").string(), "-out", (dir / "ca.pem").string(),
                         "-days", "2", "-subj", "/CN=Test City CA"}),
                   error);
}

bool make_test_certificate(const fs::path& dir, const std::string& name,
                           const std::vector<std::string>& names, std::string* error) {
    std::string ignored;
    if (error == nullptr) error = &ignored;
    if (names.empty()) {
        *error = "make_test_certificate: no names for " + name;
        return false;
    }
    std::string alt_names;
    for (const auto& entry : names)
        alt_names += (alt_names.empty() ? "" : ",") + entry;
    const fs::path extensions = dir / (name + ".ext");
    std::ofstream(extensions, std::ios::trunc) << "subjectAltName=" << alt_names << "\n";
    const std::string& first = names.front();
    const std::string common_name = first.substr(first.find(':') + 1);
    const std::string base = (dir / name).string();
    return openssl(
               dir,
               with(with({"req", "-new"}, kNewKey), {"-keyout", base + ".key", "-out",
                                                     base + ".csr", "-subj", "/CN=" + common_name}),
               error) &&
           openssl(dir,
                   {"x509", "-req", "-in", base + ".csr", "-CA", (dir / "ca.pem").string(),
                    "-CAkey", (dir / "ca.key").string(), "-CAcreateserial", "-out", base + ".pem",
                    "-days", "2", "-extfile", extensions.string()},
                   error);
}

} // namespace kiosk::test
