// BundleFiles: the three forms (authored, built, store), path safety, symlinks.

#include "bundle_test_support.h"

#include "player/bundle/bundle_builder.h"
#include "player/bundle/bundle_files.h"
#include "player/bundle/manifest.h"
#include "player/bundle/sha256.h"
#include "player/bundle/store_layout.h"

#include <doctest/doctest.h>

using namespace kiosk::bundle;
using namespace kiosk::bundle::test;

namespace {

std::vector<std::string> paths_of(const BundleFiles& files) {
    std::vector<std::string> paths;
    for (const FileEntry& entry : files.files())
        paths.push_back(entry.path);
    return paths;
}

// Turns a built bundle into a store with one version, by hand, as sync would.
void make_store_from_built(const fs::path& built, const fs::path& store, const std::string& name) {
    fs::create_directories(store / "versions" / name);
    fs::copy(built / "blobs", store / "blobs", fs::copy_options::recursive);
    fs::copy_file(built / "manifest.json", store / "versions" / name / "manifest.json");
    write_file(store / "versions" / name / "manifest.sig", "00\n");
    fs::create_directory_symlink(fs::path("versions") / name, store / "current");
}

} // namespace

TEST_CASE("bundle files: authored bundle lists sorted paths and skips hidden files") {
    TempDir temp;
    make_authored_bundle(temp / "ward");
    auto files = BundleFiles::open(temp / "ward");
    REQUIRE_MESSAGE(files.ok(), files.error().describe());
    CHECK(files->form() == BundleFiles::Form::Authored);
    CHECK(paths_of(*files) == std::vector<std::string>{"bundle.toml", "pages/copy/ja.md",
                                                       "pages/moving-in/en.md",
                                                       "pages/moving-in/ja.md"});
    CHECK(files->contains("pages/moving-in/ja.md"));
    CHECK_FALSE(files->contains(".hidden-notes.txt"));
    auto text = files->read("pages/moving-in/en.md");
    REQUIRE(text.ok());
    CHECK(*text == std::string(kMovingInEn));
    CHECK(files->files()[0].size == read_file(temp / "ward/bundle.toml").size());
    CHECK(files->display_path("pages/moving-in/ja.md") ==
          (temp / "ward").generic_string() + "/pages/moving-in/ja.md");

    auto missing = files->read("pages/nope/ja.md");
    REQUIRE_FALSE(missing.ok());
    CHECK(missing.error().message == "no such file in the bundle");
}

TEST_CASE("bundle files: authored, built and store forms read the same bytes") {
    TempDir temp;
    make_authored_bundle(temp / "ward");
    auto built = build_bundle(temp / "ward", temp / "out", kTestIdentity, kTestStamp);
    REQUIRE_MESSAGE(built.ok(), built.error().describe());
    make_store_from_built(temp / "out", temp / "store", "test-ward-1");

    auto authored = BundleFiles::open(temp / "ward");
    auto from_build = BundleFiles::open(temp / "out");
    auto from_store = BundleFiles::open(temp / "store");
    REQUIRE(authored.ok());
    REQUIRE_MESSAGE(from_build.ok(), from_build.error().describe());
    REQUIRE_MESSAGE(from_store.ok(), from_store.error().describe());
    CHECK(from_build->form() == BundleFiles::Form::Built);
    CHECK(from_store->form() == BundleFiles::Form::Store);
    CHECK(paths_of(*from_build) == paths_of(*authored));
    CHECK(paths_of(*from_store) == paths_of(*authored));
    for (const FileEntry& entry : authored->files()) {
        auto a = authored->read(entry.path);
        auto b = from_build->read(entry.path);
        auto s = from_store->read(entry.path);
        REQUIRE(a.ok());
        REQUIRE_MESSAGE(b.ok(), b.error().describe());
        REQUIRE_MESSAGE(s.ok(), s.error().describe());
        CHECK(*a == *b);
        CHECK(*a == *s);
    }
    for (const FileEntry& entry : from_build->files()) {
        CHECK(is_sha256_hex(entry.sha256));
        CHECK(entry.size == authored->read(entry.path)->size());
    }
    CHECK(from_store->display_path("bundle.toml") ==
          (temp / "store/versions/test-ward-1").generic_string() + "/bundle.toml");
    auto toml = from_store->read("bundle.toml");
    REQUIRE(toml.ok());
    CHECK(*toml == *authored->read("bundle.toml"));
}

TEST_CASE("bundle files: store opens the version that current points to") {
    TempDir temp;
    make_authored_bundle(temp / "ward");
    REQUIRE(build_bundle(temp / "ward", temp / "out1", kTestIdentity, kTestStamp).ok());
    write_file(temp / "ward/pages/moving-in/en.md", "changed\n");
    REQUIRE(build_bundle(temp / "ward", temp / "out2", kTestIdentity, kTestStamp).ok());

    make_store_from_built(temp / "out1", temp / "store", "v1");
    fs::create_directories(temp / "store/versions/v2");
    fs::copy_file(temp / "out2/manifest.json", temp / "store/versions/v2/manifest.json");
    fs::copy(temp / "out2/blobs", temp / "store/blobs",
             fs::copy_options::recursive | fs::copy_options::skip_existing);

    CHECK(*BundleFiles::open(temp / "store")->read("pages/moving-in/en.md") ==
          std::string(kMovingInEn));
    // Activate v2 the way sync does: a new symlink renamed over `current`.
    fs::create_directory_symlink("versions/v2", temp / "store/current.new");
    fs::rename(temp / "store/current.new", temp / "store/current");
    CHECK(*BundleFiles::open(temp / "store")->read("pages/moving-in/en.md") == "changed\n");

    auto version = active_version_dir(temp / "store");
    REQUIRE(version.ok());
    CHECK(version->filename() == "v2");
}

TEST_CASE("bundle files: a store whose current leaves versions/ is refused") {
    TempDir temp;
    fs::create_directories(temp / "store/elsewhere");
    write_file(temp / "store/elsewhere/manifest.json", "{}");
    fs::create_directory_symlink("elsewhere", temp / "store/current");
    auto files = BundleFiles::open(temp / "store");
    REQUIRE_FALSE(files.ok());
    CHECK(files.error().message.find("expected versions/<name>") != std::string::npos);
}

TEST_CASE("bundle files: a built blob with a changed byte fails on read") {
    TempDir temp;
    make_authored_bundle(temp / "ward");
    REQUIRE(build_bundle(temp / "ward", temp / "out", kTestIdentity, kTestStamp).ok());
    auto files = BundleFiles::open(temp / "out");
    REQUIRE(files.ok());
    const FileEntry* entry = nullptr;
    for (const FileEntry& e : files->files())
        if (e.path == "pages/moving-in/ja.md") entry = &e;
    REQUIRE(entry);
    fs::path blob = temp / "out/blobs" / entry->sha256;
    std::string bytes = read_file(blob);
    bytes[0] ^= 1;
    write_file(blob, bytes);
    auto read = files->read("pages/moving-in/ja.md");
    REQUIRE_FALSE(read.ok());
    CHECK(read.error().file == (temp / "out").generic_string() + "/pages/moving-in/ja.md");
    CHECK(read.error().message.find("does not match its SHA-256") != std::string::npos);
}

TEST_CASE("bundle files: unsafe paths are refused by read and contains") {
    TempDir temp;
    make_authored_bundle(temp / "ward");
    write_file(temp / "secret.txt", "outside");
    auto files = BundleFiles::open(temp / "ward");
    REQUIRE(files.ok());
    for (const char* path :
         {"../secret.txt", "pages/../../secret.txt", "/etc/passwd", "pages\\moving-in\\ja.md",
          "./bundle.toml", "pages//moving-in/ja.md", ""}) {
        CAPTURE(path);
        auto read = files->read(path);
        REQUIRE_FALSE(read.ok());
        CHECK(read.error().message.find("refusing unsafe path") != std::string::npos);
        CHECK_FALSE(files->contains(path));
    }
}

TEST_CASE("bundle files: a symlink out of an authored bundle is an error naming it") {
    TempDir temp;
    make_authored_bundle(temp / "ward");
    write_file(temp / "secret.txt", "outside");
    fs::create_symlink(temp / "secret.txt", temp / "ward/pages/leak.md");
    auto files = BundleFiles::open(temp / "ward");
    REQUIRE_FALSE(files.ok());
    CHECK(files.error().file == (temp / "ward/pages/leak.md").generic_string());
    CHECK(files.error().message.find("outside the bundle") != std::string::npos);
}

TEST_CASE("bundle files: a relative symlink climbing out is refused too") {
    TempDir temp;
    make_authored_bundle(temp / "ward");
    write_file(temp / "secret.txt", "outside");
    fs::create_symlink("../../secret.txt", temp / "ward/pages/leak.md");
    auto files = BundleFiles::open(temp / "ward");
    REQUIRE_FALSE(files.ok());
    CHECK(files.error().message.find("outside the bundle") != std::string::npos);
}

TEST_CASE("bundle files: a symlink to a file inside the bundle is read through") {
    TempDir temp;
    make_authored_bundle(temp / "ward");
    fs::create_symlink("moving-in/en.md", temp / "ward/pages/alias.md");
    auto files = BundleFiles::open(temp / "ward");
    REQUIRE_MESSAGE(files.ok(), files.error().describe());
    CHECK(*files->read("pages/alias.md") == *files->read("pages/moving-in/en.md"));
}

TEST_CASE("bundle files: missing folder and unknown folder give clear errors") {
    TempDir temp;
    auto missing = BundleFiles::open(temp / "nope");
    REQUIRE_FALSE(missing.ok());
    CHECK(missing.error().describe() == (temp / "nope").string() + ": no such bundle folder");

    fs::create_directories(temp / "plain");
    write_file(temp / "plain/readme.txt", "hello");
    auto plain = BundleFiles::open(temp / "plain");
    REQUIRE_FALSE(plain.ok());
    CHECK(plain.error().file == (temp / "plain").string());
    CHECK(plain.error().message.find("no bundle.toml or manifest.json") != std::string::npos);
}
