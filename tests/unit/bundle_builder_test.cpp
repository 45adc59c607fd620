// build_bundle: output folder rules.

#include "bundle_test_support.h"

#include "player/bundle/bundle_builder.h"
#include "player/bundle/bundle_files.h"

#include <doctest/doctest.h>

using namespace kiosk::bundle;
using namespace kiosk::bundle::test;

TEST_CASE("bundle build: replaces a previous build cleanly") {
    TempDir temp;
    make_authored_bundle(temp / "ward");
    REQUIRE(build_bundle(temp / "ward", temp / "out", kTestIdentity, kTestStamp).ok());
    write_file(temp / "out/manifest.sig", "stale signature");
    write_file(temp / "ward/pages/moving-in/en.md", "new text\n");
    auto again = build_bundle(temp / "ward", temp / "out", kTestIdentity, kTestStamp);
    REQUIRE_MESSAGE(again.ok(), again.error().describe());
    CHECK_FALSE(fs::exists(temp / "out/manifest.sig"));
    CHECK(*BundleFiles::open(temp / "out")->read("pages/moving-in/en.md") == "new text\n");
    // Only the current blobs remain (copy/ja.md shares moving-in/ja.md's), and no scratch
    // folders are left beside the output.
    CHECK(std::distance(fs::directory_iterator(temp / "out/blobs"), fs::directory_iterator()) == 3);
    for (const auto& entry : fs::directory_iterator(temp.path()))
        CHECK(entry.path().filename().string().front() != '.');
}

TEST_CASE("bundle build: into an empty folder, and creating parents") {
    TempDir temp;
    make_authored_bundle(temp / "ward");
    fs::create_directories(temp / "empty");
    CHECK(build_bundle(temp / "ward", temp / "empty", kTestIdentity, kTestStamp).ok());
    CHECK(fs::exists(temp / "empty/manifest.json"));
    CHECK(build_bundle(temp / "ward", temp / "a/b/out", kTestIdentity, kTestStamp).ok());
    CHECK(fs::exists(temp / "a/b/out/manifest.json"));
}

TEST_CASE("bundle build: refuses a non-empty folder that is not a build") {
    TempDir temp;
    make_authored_bundle(temp / "ward");
    write_file(temp / "out/precious.txt", "keep me");
    auto result = build_bundle(temp / "ward", temp / "out", kTestIdentity, kTestStamp);
    REQUIRE_FALSE(result.ok());
    CHECK(result.error().file == (temp / "out").string());
    CHECK(read_file(temp / "out/precious.txt") == "keep me");
}

TEST_CASE("bundle build: refuses an output folder inside the bundle") {
    TempDir temp;
    make_authored_bundle(temp / "ward");
    auto result = build_bundle(temp / "ward", temp / "ward/out", kTestIdentity, kTestStamp);
    REQUIRE_FALSE(result.ok());
    CHECK(result.error().message.find("inside the bundle") != std::string::npos);
}

TEST_CASE("bundle build: an identity the manifest cannot hold is refused, nothing written") {
    TempDir temp;
    make_authored_bundle(temp / "ward");
    auto result = build_bundle(temp / "ward", temp / "out",
                               BundleIdentity{std::string(70, 'a'), "1"}, kTestStamp);
    REQUIRE_FALSE(result.ok());
    CHECK(result.error().message.find("at most 64") != std::string::npos);
    CHECK_FALSE(fs::exists(temp / "out"));
}

TEST_CASE("bundle build: never deletes what a build did not write") {
    TempDir temp;
    make_authored_bundle(temp / "ward");
    REQUIRE(build_bundle(temp / "ward", temp / "out", kTestIdentity, kTestStamp).ok());
    // Someone's file next to a previous build: the folder is no longer ours to replace.
    write_file(temp / "out/notes.txt", "keep me");
    auto result = build_bundle(temp / "ward", temp / "out", kTestIdentity, kTestStamp);
    REQUIRE_FALSE(result.ok());
    CHECK(result.error().message.find("notes.txt") != std::string::npos);
    CHECK(read_file(temp / "out/notes.txt") == "keep me");

    // A folder that merely holds a file called manifest.json is not a build either.
    write_file(temp / "home/manifest.json", "{}");
    write_file(temp / "home/photos/1.jpg", "x");
    auto home = build_bundle(temp / "ward", temp / "home", kTestIdentity, kTestStamp);
    REQUIRE_FALSE(home.ok());
    CHECK(home.error().message.find("not exactly a previous build") != std::string::npos);
    CHECK(fs::exists(temp / "home/photos/1.jpg"));

    // An unlisted blob is someone else's too.
    fs::remove(temp / "out/notes.txt");
    write_file(temp / "out/blobs/stray", "x");
    auto stray = build_bundle(temp / "ward", temp / "out", kTestIdentity, kTestStamp);
    REQUIRE_FALSE(stray.ok());
    CHECK(stray.error().message.find("blobs/stray") != std::string::npos);
    CHECK(fs::exists(temp / "out/blobs/stray"));

    // Exactly a previous build (signature included) is replaced.
    fs::remove(temp / "out/blobs/stray");
    write_file(temp / "out/manifest.sig", "00\n");
    CHECK(build_bundle(temp / "ward", temp / "out", kTestIdentity, kTestStamp).ok());
}

TEST_CASE("bundle build: a trailing slash on the output folder is fine") {
    TempDir temp;
    make_authored_bundle(temp / "ward");
    CHECK(
        build_bundle(temp / "ward", (temp / "out").string() + "/", kTestIdentity, kTestStamp).ok());
    CHECK(build_bundle(temp / "ward", (temp / "out").string() + "/.", kTestIdentity, kTestStamp)
              .ok());
    CHECK(fs::exists(temp / "out/manifest.json"));
}
