// `kiosk bundle build|keygen|sign|verify` through the real binary: exit codes and the
// one-line messages of the command-line contract (DESIGN.md section 5).

#include "bundle_test_support.h"
#include "kiosk_process_support.h"

#include <ctime>

#include <doctest/doctest.h>

#include <cstdio>
#include <sys/wait.h>

using namespace kiosk::bundle::test;

namespace {

using kiosk::test::quoted;
using kiosk::test::Run;

Run kiosk_bundle(const std::string& arguments) {
    return kiosk::test::run_kiosk("bundle " + arguments);
}

} // namespace

TEST_CASE("bundle cli: build stamps a sequence and an expiry, checked as usage") {
    TempDir temp;
    make_authored_bundle(temp / "ward");
    const std::string ward = quoted((temp / "ward").string());
    const std::string out = quoted((temp / "out").string());
    for (const char* bad :
         {"--sequence 0", "--sequence -3", "--sequence 9007199254740992", "--sequence 1e3",
          "--expires 2001-01-01T00:00:00Z", "--expires tomorrow", "--valid-days 0",
          "--valid-days 4000", "--valid-days 3 --expires 2099-01-01T00:00:00Z"}) {
        Run run = kiosk_bundle("build " + ward + " -o " + out + " " + bad);
        CHECK_MESSAGE(run.exit_code == 2, bad, run.output);
    }
    // Default: the build time as sequence, expiry 30 days later.
    Run build = kiosk_bundle("build " + ward + " -o " + out);
    REQUIRE_MESSAGE(build.exit_code == 0, build.output);
    auto text =
        kiosk::bundle::read_file(temp / "out/manifest.json", kiosk::bundle::kMaxManifestBytes);
    REQUIRE(text.ok());
    auto manifest = kiosk::bundle::parse_manifest(*text);
    REQUIRE(manifest.ok());
    const auto now = static_cast<uint64_t>(std::time(nullptr));
    CHECK(manifest->sequence + 600 > now);
    CHECK(manifest->sequence <= now);
    CHECK(manifest->expires_unix == int64_t(manifest->sequence) + 30 * 86400);
}

TEST_CASE("bundle cli: build, keygen, sign, verify") {
    TempDir temp;
    make_authored_bundle(temp / "ward");
    const std::string ward = quoted((temp / "ward").string());
    const std::string out = quoted((temp / "out").string());
    const std::string prefix = (temp / "keys").string();

    Run build = kiosk_bundle("build " + ward + " -o " + out +
                             " --sequence 42 --expires 2099-01-01T00:00:00Z");
    CHECK_MESSAGE(build.exit_code == 0, build.output);
    CHECK(build.output.starts_with("built test-ward 2026.01.02-1 (sequence 42, expires "
                                   "2099-01-01T00:00:00Z): 4 files, 1 KiB -> "));

    Run keygen = kiosk_bundle("keygen -o " + quoted(prefix));
    CHECK_MESSAGE(keygen.exit_code == 0, keygen.output);

    Run unsigned_verify = kiosk_bundle("verify " + out + " --pubkey " + quoted(prefix + ".pub"));
    CHECK(unsigned_verify.exit_code == 1);
    CHECK(unsigned_verify.output == "kiosk bundle verify: " + (temp / "out/manifest.sig").string() +
                                        ": missing: the bundle is not signed\n");

    Run sign = kiosk_bundle("sign " + out + " --key " + quoted(prefix + ".key"));
    CHECK_MESSAGE(sign.exit_code == 0, sign.output);

    Run verify = kiosk_bundle("verify " + out + " --pubkey " + quoted(prefix + ".pub"));
    CHECK_MESSAGE(verify.exit_code == 0, verify.output);
    CHECK(verify.output.find("signature good") != std::string::npos);

    write_file(temp / "out/extra", "x");
    Run tampered = kiosk_bundle("verify " + out + " --pubkey " + quoted(prefix + ".pub"));
    CHECK(tampered.exit_code == 1);
    CHECK(tampered.output.starts_with("kiosk bundle verify: " + (temp / "out/extra").string() +
                                      ": unexpected file"));
}

TEST_CASE("bundle cli: help and usage errors") {
    for (const char* sub : {"build", "keygen", "sign", "verify"}) {
        CAPTURE(sub);
        Run help = kiosk_bundle(std::string(sub) + " --help");
        CHECK(help.exit_code == 0);
        CHECK(help.output.starts_with("usage: kiosk bundle "));
        Run bad = kiosk_bundle(std::string(sub) + " --no-such-option");
        CHECK(bad.exit_code == 2);
        Run missing = kiosk_bundle(sub);
        CHECK(missing.exit_code == 2);
    }
    CHECK(kiosk_bundle("--help").exit_code == 0);
    CHECK(kiosk_bundle("").exit_code == 2);
    CHECK(kiosk_bundle("frobnicate").exit_code == 2);
    CHECK(kiosk_bundle("build a b -o c").exit_code == 2);
}

TEST_CASE("bundle cli: a missing bundle folder fails with one line") {
    TempDir temp;
    Run build = kiosk_bundle("build " + quoted((temp / "nope").string()) + " -o " +
                             quoted((temp / "out").string()));
    CHECK(build.exit_code == 1);
    CHECK(build.output ==
          "kiosk bundle build: " + (temp / "nope").string() + ": no such bundle folder\n");
}

TEST_CASE("bundle cli: a bundle with errors is not built, and each error is named") {
    TempDir temp;
    const std::string broken = std::string(KIOSK_TEST_DATA) + "/data/broken/bundle-missing-title";
    Run run = kiosk_bundle("build " + quoted(broken) + " -o " + quoted((temp / "out").string()));
    CHECK(run.exit_code == 1);
    CHECK(run.output.find("bundle.toml:1: missing \"title\" in bundle.toml") != std::string::npos);
    CHECK(run.output.find("not built") != std::string::npos);
    CHECK_FALSE(fs::exists(temp / "out"));
}
