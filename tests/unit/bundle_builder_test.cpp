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
    REQUIRE(build_bundle(temp / "ward", temp / "out").ok());
    write_file(temp / "out/manifest.sig", "stale signature");
    write_file(temp / "ward/pages/moving-in/en.md", "new text\n");
    auto again = build_bundle(temp / "ward", temp / "out");
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
    CHECK(build_bundle(temp / "ward", temp / "empty").ok());
    CHECK(fs::exists(temp / "empty/manifest.json"));
    CHECK(build_bundle(temp / "ward", temp / "a/b/out").ok());
    CHECK(fs::exists(temp / "a/b/out/manifest.json"));
}

TEST_CASE("bundle build: refuses a non-empty folder that is not a build") {
    TempDir temp;
    make_authored_bundle(temp / "ward");
    write_file(temp / "out/precious.txt", "keep me");
    auto result = build_bundle(temp / "ward", temp / "out");
    REQUIRE_FALSE(result.ok());
    CHECK(result.error().file == (temp / "out").string());
    CHECK(read_file(temp / "out/precious.txt") == "keep me");
}

TEST_CASE("bundle build: refuses an output folder inside the bundle") {
    TempDir temp;
    make_authored_bundle(temp / "ward");
    auto result = build_bundle(temp / "ward", temp / "ward/out");
    REQUIRE_FALSE(result.ok());
    CHECK(result.error().message.find("inside the bundle") != std::string::npos);
}

TEST_CASE("bundle build: a bundle.toml without a version is reported") {
    TempDir temp;
    write_file(temp / "ward/bundle.toml", "id = \"x\"\n");
    auto result = build_bundle(temp / "ward", temp / "out");
    REQUIRE_FALSE(result.ok());
    CHECK(result.error().describe() ==
          (temp / "ward/bundle.toml").generic_string() + ": missing version");
    CHECK_FALSE(fs::exists(temp / "out"));
}

TEST_CASE("bundle build: a trailing slash on the output folder is fine") {
    TempDir temp;
    make_authored_bundle(temp / "ward");
    CHECK(build_bundle(temp / "ward", (temp / "out").string() + "/").ok());
    CHECK(build_bundle(temp / "ward", (temp / "out").string() + "/.").ok());
    CHECK(fs::exists(temp / "out/manifest.json"));
}
