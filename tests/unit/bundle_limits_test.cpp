// Hostile files around a bundle: every read has a limit and accepts only regular files, a
// built bundle is read only through regular files inside it, manifests are refused before a
// parser can be made to recurse, and signing never trades a good signature for a bad one.

#include "bundle_test_support.h"

#include "player/bundle/bundle_builder.h"
#include "player/bundle/bundle_files.h"
#include "player/bundle/file_io.h"
#include "player/bundle/manifest.h"
#include "player/bundle/signing.h"

#include <doctest/doctest.h>

#include <sys/stat.h>

using namespace kiosk::bundle;
using namespace kiosk::bundle::test;

namespace {

bool contains(const std::string& text, const std::string& fragment) {
    return text.find(fragment) != std::string::npos;
}

// A built bundle at temp/out with its manifest parsed.
struct Built {
    TempDir temp;
    fs::path out = temp / "out";
    Manifest manifest;

    Built() {
        make_authored_bundle(temp / "ward");
        REQUIRE(build_bundle(temp / "ward", out, kTestIdentity, kTestStamp).ok());
        auto parsed = parse_manifest(read_file(out / "manifest.json"));
        REQUIRE(parsed.ok());
        manifest = *parsed;
    }
};

} // namespace

TEST_CASE("file reads: a FIFO, a device and a folder are refused at once, never read") {
    TempDir temp;
    REQUIRE(::mkfifo((temp / "pipe").c_str(), 0600) == 0);
    // Opening a FIFO for reading blocks until a writer comes; the reader must not wait.
    auto pipe = read_file(temp / "pipe", 1024);
    REQUIRE_FALSE(pipe.ok());
    CHECK(contains(pipe.error().message, "not a regular file"));

    auto zero = read_file("/dev/zero", 1024);
    REQUIRE_FALSE(zero.ok());
    CHECK(contains(zero.error().message, "not a regular file"));

    fs::create_directories(temp / "folder.toml");
    auto folder = read_file(temp / "folder.toml", 1024);
    REQUIRE_FALSE(folder.ok());
    CHECK(folder.error().message == "is a folder where a file belongs");
}

TEST_CASE("file reads: a file over the limit is refused with both sizes named") {
    TempDir temp;
    write_file(temp / "big", std::string(5000, 'x'));
    auto big = read_file(temp / "big", 4096);
    REQUIRE_FALSE(big.ok());
    CHECK(big.error().describe() ==
          (temp / "big").string() + ": is 5000 bytes, more than the limit of 4 KiB");
    CHECK(read_file(temp / "big", 5000).ok());
}

TEST_CASE("file reads: Symlinks::Refuse refuses a symlink, Follow reads through it") {
    TempDir temp;
    write_file(temp / "real", "bytes");
    fs::create_symlink(temp / "real", temp / "link");
    CHECK(read_file(temp / "link", 100).ok());
    auto refused = read_file(temp / "link", 100, Symlinks::Refuse);
    REQUIRE_FALSE(refused.ok());
    CHECK(contains(refused.error().message, "is a symlink"));
}

TEST_CASE("built bundle: a blob that is a symlink is refused, even to identical bytes") {
    Built built;
    const FileEntry& entry = built.manifest.files.front();
    const fs::path blob = built.out / "blobs" / entry.sha256;
    fs::copy_file(blob, built.temp / "outside");
    fs::remove(blob);
    fs::create_symlink(built.temp / "outside", blob);
    auto files = BundleFiles::open(built.out);
    REQUIRE(files.ok());
    auto bytes = files->read(entry.path);
    REQUIRE_FALSE(bytes.ok());
    CHECK(contains(bytes.error().message, "is a symlink"));
}

TEST_CASE("built bundle: manifest.json or blobs/ as a symlink is refused on open") {
    Built built;
    fs::rename(built.out / "manifest.json", built.temp / "manifest.json");
    fs::create_symlink(built.temp / "manifest.json", built.out / "manifest.json");
    auto linked_manifest = BundleFiles::open(built.out);
    REQUIRE_FALSE(linked_manifest.ok());
    CHECK(contains(linked_manifest.error().message, "is a symlink"));

    fs::remove(built.out / "manifest.json");
    fs::rename(built.temp / "manifest.json", built.out / "manifest.json");
    fs::rename(built.out / "blobs", built.temp / "blobs");
    fs::create_symlink(built.temp / "blobs", built.out / "blobs");
    auto linked_blobs = BundleFiles::open(built.out);
    REQUIRE_FALSE(linked_blobs.ok());
    CHECK(contains(linked_blobs.error().message, "is a symlink"));
}

TEST_CASE("built bundle: a blob larger than the limit asked for is refused unread") {
    Built built;
    auto files = BundleFiles::open(built.out);
    REQUIRE(files.ok());
    const FileEntry& entry = files->files().front();
    REQUIRE(entry.size > 4);
    auto small = files->read(entry.path, 4);
    REQUIRE_FALSE(small.ok());
    CHECK(contains(small.error().message, "more than the limit of 4 bytes"));
}

TEST_CASE("manifest: nesting 100 000 deep is refused in one linear pass, with its line") {
    std::string deep = "{\n\"files\": " + std::string(100000, '[') + std::string(100000, ']') + "}";
    auto parsed = parse_manifest(deep, "m.json");
    REQUIRE_FALSE(parsed.ok());
    CHECK(parsed.error().line == 2);
    CHECK(contains(parsed.error().message, "nested deeper than 8 levels"));
    // Brackets inside strings are text, not nesting.
    std::string quoted = "{\"bundle_id\": \"" + std::string(100, '[') + "\"}";
    auto text = parse_manifest(quoted, "m.json");
    REQUIRE_FALSE(text.ok());
    CHECK_FALSE(contains(text.error().message, "nested"));
}

TEST_CASE("manifest: library failures become sentences, never raw exception text") {
    for (const char* text : {"{\"format\": 1, \"bundle_id\": \"a\", \"version\": \"1\", "
                             "\"files\": [{\"path\": \"a\", \"sha256\": 5, \"size\": 1}]}",
                             "[1, 2", "{\"a\": \"\\ud800\"}", "\xff"}) {
        auto parsed = parse_manifest(text, "m.json");
        REQUIRE_FALSE(parsed.ok());
        CAPTURE(parsed.error().message);
        CHECK_FALSE(contains(parsed.error().message, "[json.exception"));
        CHECK_FALSE(parsed.error().message.empty());
    }
}

TEST_CASE("signing: a damaged secret key is refused before it signs anything") {
    TempDir temp;
    REQUIRE(generate_key_files(temp / "k").ok());
    std::string hex = read_file(temp / "k.key");
    // Flip one digit of the public half (the last 64 hex digits): still 128 hex digits.
    hex[100] = hex[100] == '0' ? '1' : '0';
    write_file(temp / "bad.key", hex);
    auto key = read_secret_key(temp / "bad.key");
    REQUIRE_FALSE(key.ok());
    CHECK(contains(key.error().message, "damaged secret key"));
    // A flip in the seed half is damage too.
    hex = read_file(temp / "k.key");
    hex[3] = hex[3] == '0' ? '1' : '0';
    write_file(temp / "bad2.key", hex);
    CHECK_FALSE(read_secret_key(temp / "bad2.key").ok());
    CHECK(read_secret_key(temp / "k.key").ok());
}

TEST_CASE("signing: a failed sign leaves the good signature in place, no temporary file") {
    Built built;
    REQUIRE(generate_key_files(built.temp / "k").ok());
    auto key = read_secret_key(built.temp / "k.key");
    REQUIRE(key.ok());
    REQUIRE(sign_built_bundle(built.out, *key).ok());
    const std::string good = read_file(built.out / "manifest.sig");

    // A key whose halves disagree (as if damaged in memory) must not replace it.
    SecretKey damaged;
    damaged.bytes = key->bytes;
    damaged.bytes[40] ^= 1;
    auto refused = sign_built_bundle(built.out, damaged);
    REQUIRE_FALSE(refused.ok());
    CHECK(contains(refused.error().message, "old manifest.sig is kept"));
    CHECK(read_file(built.out / "manifest.sig") == good);
    CHECK_FALSE(fs::exists(built.out / ".manifest.sig.tmp"));
    auto pub = read_public_key(built.temp / "k.pub");
    REQUIRE(pub.ok());
    CHECK(verify_built_bundle(built.out, *pub).ok());
}

TEST_CASE("bundle files: a folder named like a content file says so") {
    TempDir temp;
    make_authored_bundle(temp / "ward");
    fs::remove(temp / "ward/pages/copy/ja.md");
    fs::create_directories(temp / "ward/pages/copy/ja.md");
    auto files = BundleFiles::open(temp / "ward");
    REQUIRE_FALSE(files.ok());
    CHECK(contains(files.error().describe(), "pages/copy/ja.md: is a folder, but a file"));
}
