// Signing and verification of built bundles: every tampering is caught and named.

#include "bundle_test_support.h"

#include "player/bundle/bundle_builder.h"
#include "player/bundle/manifest.h"
#include "player/bundle/signing.h"

#include <doctest/doctest.h>

#include <sys/stat.h>

using namespace kiosk::bundle;
using namespace kiosk::bundle::test;

namespace {

// A built, signed bundle at temp/out, keys at temp/keys/test.{key,pub}.
struct SignedBundle {
    TempDir temp;
    fs::path out = temp / "out";
    PublicKey public_key;

    SignedBundle() {
        make_authored_bundle(temp / "ward");
        REQUIRE(build_bundle(temp / "ward", out, kTestIdentity, kTestStamp).ok());
        fs::create_directories(temp / "keys");
        REQUIRE(generate_key_files(temp / "keys/test").ok());
        auto secret = read_secret_key(temp / "keys/test.key");
        REQUIRE(secret.ok());
        REQUIRE(sign_built_bundle(out, *secret).ok());
        auto pub = read_public_key(temp / "keys/test.pub");
        REQUIRE(pub.ok());
        public_key = *pub;
    }

    fs::path some_blob() const {
        auto manifest = parse_manifest(read_file(out / "manifest.json"));
        REQUIRE(manifest.ok());
        return out / "blobs" / manifest->files.front().sha256;
    }

    kiosk::Error expect_failure() const {
        auto status = verify_built_bundle(out, public_key);
        REQUIRE_FALSE(status.ok());
        return status.error();
    }
};

} // namespace

TEST_CASE("signing: key files have the documented shape") {
    TempDir temp;
    REQUIRE(generate_key_files(temp / "k").ok());
    std::string secret = read_file(temp / "k.key");
    std::string pub = read_file(temp / "k.pub");
    CHECK(secret.size() == 129);
    CHECK(secret.back() == '\n');
    CHECK(pub.size() == 65);
    struct stat info {};
    REQUIRE(::stat((temp / "k.key").c_str(), &info) == 0);
    CHECK((info.st_mode & 0777) == 0600);
    // A second keygen must not destroy the first key.
    auto again = generate_key_files(temp / "k");
    REQUIRE_FALSE(again.ok());
    CHECK(read_file(temp / "k.key") == secret);
}

TEST_CASE("signing: a signed bundle verifies, and the signature is deterministic") {
    SignedBundle bundle;
    auto status = verify_built_bundle(bundle.out, bundle.public_key);
    CHECK_MESSAGE(status.ok(), status.error().describe());
    std::string sig = read_file(bundle.out / "manifest.sig");
    CHECK(sig.size() == 129);
    auto secret = read_secret_key(bundle.temp / "keys/test.key");
    REQUIRE(sign_built_bundle(bundle.out, *secret).ok());
    CHECK(read_file(bundle.out / "manifest.sig") == sig); // Ed25519 is deterministic
}

TEST_CASE("verify: a changed byte in a blob") {
    SignedBundle bundle;
    fs::path blob = bundle.some_blob();
    std::string bytes = read_file(blob);
    bytes[0] ^= 0x20;
    write_file(blob, bytes);
    kiosk::Error error = bundle.expect_failure();
    CHECK(error.file == blob.string());
    CHECK(error.message.find("does not match its SHA-256") != std::string::npos);
}

TEST_CASE("verify: a blob of the wrong size") {
    SignedBundle bundle;
    fs::path blob = bundle.some_blob();
    write_file(blob, read_file(blob) + "x");
    kiosk::Error error = bundle.expect_failure();
    CHECK(error.file == blob.string());
    CHECK(error.message.find("size") != std::string::npos);
}

TEST_CASE("verify: an added file in blobs/") {
    SignedBundle bundle;
    write_file(bundle.out / "blobs" / std::string(64, '0'), "extra");
    kiosk::Error error = bundle.expect_failure();
    CHECK(error.file == (bundle.out / "blobs" / std::string(64, '0')).string());
    CHECK(error.message == "not listed in the manifest");
}

TEST_CASE("verify: an added file at the top") {
    SignedBundle bundle;
    write_file(bundle.out / "README.txt", "extra");
    kiosk::Error error = bundle.expect_failure();
    CHECK(error.file == (bundle.out / "README.txt").string());
    CHECK(error.message.find("unexpected file") != std::string::npos);
}

TEST_CASE("verify: a removed blob") {
    SignedBundle bundle;
    fs::path blob = bundle.some_blob();
    fs::remove(blob);
    kiosk::Error error = bundle.expect_failure();
    CHECK(error.file == blob.string());
    CHECK(error.message.starts_with("missing"));
}

TEST_CASE("verify: a changed manifest byte") {
    SignedBundle bundle;
    std::string manifest = read_file(bundle.out / "manifest.json");
    manifest.replace(manifest.find("2026.01.02-1"), 12, "2026.01.02-2");
    write_file(bundle.out / "manifest.json", manifest);
    kiosk::Error error = bundle.expect_failure();
    CHECK(error.file == (bundle.out / "manifest.sig").string());
    CHECK(error.message.find("signature does not match") != std::string::npos);
}

TEST_CASE("verify: a wrong public key") {
    SignedBundle bundle;
    REQUIRE(generate_key_files(bundle.temp / "keys/other").ok());
    auto other = read_public_key(bundle.temp / "keys/other.pub");
    REQUIRE(other.ok());
    auto status = verify_built_bundle(bundle.out, *other);
    REQUIRE_FALSE(status.ok());
    CHECK(status.error().message.find("signature does not match") != std::string::npos);
}

TEST_CASE("verify: a missing signature") {
    SignedBundle bundle;
    fs::remove(bundle.out / "manifest.sig");
    kiosk::Error error = bundle.expect_failure();
    CHECK(error.file == (bundle.out / "manifest.sig").string());
    CHECK(error.message.find("not signed") != std::string::npos);
}

TEST_CASE("verify: a garbled signature file") {
    SignedBundle bundle;
    write_file(bundle.out / "manifest.sig", "hello\n");
    kiosk::Error error = bundle.expect_failure();
    CHECK(error.message.find("not a signature") != std::string::npos);
}

TEST_CASE("signing: malformed key files are reported") {
    TempDir temp;
    write_file(temp / "bad.pub", "zz\n");
    write_file(temp / "bad.key", std::string(128, 'g'));
    auto pub = read_public_key(temp / "bad.pub");
    REQUIRE_FALSE(pub.ok());
    CHECK(pub.error().file == (temp / "bad.pub").string());
    CHECK_FALSE(read_secret_key(temp / "bad.key").ok());
    CHECK_FALSE(read_public_key(temp / "missing.pub").ok());
}
