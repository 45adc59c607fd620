// Manifest: deterministic JSON, parsing with line numbers, validation, bundle.toml identity.

#include "bundle_test_support.h"

#include "player/bundle/bundle_builder.h"
#include "player/bundle/manifest.h"

#include <doctest/doctest.h>

#include <algorithm>

using namespace kiosk::bundle;
using namespace kiosk::bundle::test;

namespace {

const std::string kShaA(64, 'a');
const std::string kShaB(64, 'b');

Manifest sample() {
    return Manifest{"demo-ward",
                    "2026.11.27-1",
                    0,
                    0,
                    {{"pages/x/ja.md", 12, kShaB}, {"bundle.toml", 345, kShaA}}};
}

} // namespace

TEST_CASE("manifest: to_json is sorted, indented and ends with a newline") {
    const std::string expected = "{\n"
                                 "  \"bundle_id\": \"demo-ward\",\n"
                                 "  \"files\": [\n"
                                 "    {\n"
                                 "      \"path\": \"bundle.toml\",\n"
                                 "      \"sha256\": \"" +
                                 kShaA +
                                 "\",\n"
                                 "      \"size\": 345\n"
                                 "    },\n"
                                 "    {\n"
                                 "      \"path\": \"pages/x/ja.md\",\n"
                                 "      \"sha256\": \"" +
                                 kShaB +
                                 "\",\n"
                                 "      \"size\": 12\n"
                                 "    }\n"
                                 "  ],\n"
                                 "  \"format\": 1,\n"
                                 "  \"version\": \"2026.11.27-1\"\n"
                                 "}\n";
    CHECK(to_json(sample()) == expected);
}

TEST_CASE("manifest: round trip through parse gives the same value and bytes") {
    Manifest original = sample();
    original.files.push_back({"images/地図.png", 0, kShaA}); // non-ASCII, empty file
    const std::string json = to_json(original);
    auto parsed = parse_manifest(json);
    REQUIRE_MESSAGE(parsed.ok(), parsed.error().describe());
    CHECK(parsed->bundle_id == "demo-ward");
    CHECK(parsed->version == "2026.11.27-1");
    REQUIRE(parsed->files.size() == 3);
    CHECK(parsed->files[0].path == "bundle.toml");
    CHECK(parsed->files[1].path == "images/地図.png");
    CHECK(parsed->files[2].size == 12);
    CHECK(to_json(*parsed) == json);
    CHECK(json.find("地図") != std::string::npos); // UTF-8 kept, not \u-escaped
}

TEST_CASE("manifest: syntax errors carry the line") {
    auto parsed = parse_manifest("{\n  \"bundle_id\": \"x\",\n  \"files\": [,]\n}\n", "m.json");
    REQUIRE_FALSE(parsed.ok());
    CHECK(parsed.error().file == "m.json");
    CHECK(parsed.error().line == 3);
    CHECK(parsed.error().describe().starts_with("m.json:3: syntax error"));

    auto truncated = parse_manifest("{\n  \"bundle_id\": \"x\",\n");
    REQUIRE_FALSE(truncated.ok());
    CHECK(truncated.error().line == 2);
}

TEST_CASE("manifest: semantic errors point at the offending line") {
    std::string json = to_json(sample());
    SUBCASE("bad sha256") {
        auto at = json.find(kShaB);
        json.replace(at, 64, "XYZ");
        auto parsed = parse_manifest(json);
        REQUIRE_FALSE(parsed.ok());
        CHECK(parsed.error().describe() ==
              "manifest.json:11: files[1].sha256: expected 64 lowercase hex digits");
    }
    SUBCASE("unsafe path") {
        json.replace(json.find("pages/x/ja.md"), 13, "../x/ja.md");
        auto parsed = parse_manifest(json);
        REQUIRE_FALSE(parsed.ok());
        CHECK(parsed.error().line == 10);
        CHECK(parsed.error().message.find("\"..\"") != std::string::npos);
    }
    SUBCASE("negative size") {
        json.replace(json.find("\"size\": 12"), 10, "\"size\": -12");
        auto parsed = parse_manifest(json);
        REQUIRE_FALSE(parsed.ok());
        CHECK(parsed.error().line == 12);
    }
    SUBCASE("duplicate path") {
        json.replace(json.find("pages/x/ja.md"), 13, "bundle.toml");
        auto parsed = parse_manifest(json);
        REQUIRE_FALSE(parsed.ok());
        CHECK(parsed.error().line == 9);
        CHECK(parsed.error().message == "duplicate path \"bundle.toml\"");
    }
    SUBCASE("duplicate key") {
        json.replace(json.find("\"format\""), 8, "\"bundle_id\"");
        auto parsed = parse_manifest(json);
        REQUIRE_FALSE(parsed.ok());
        CHECK(parsed.error().line == 15);
        CHECK(parsed.error().message == "duplicate key \"bundle_id\"");
    }
    SUBCASE("unknown key") {
        json.replace(json.find("\"format\""), 8, "\"formt\"");
        auto parsed = parse_manifest(json);
        REQUIRE_FALSE(parsed.ok());
        CHECK(parsed.error().describe() == "manifest.json:15: unknown key \"formt\"");
    }
    SUBCASE("unsupported format") {
        json.replace(json.find("\"format\": 1"), 11, "\"format\": 3");
        auto parsed = parse_manifest(json);
        REQUIRE_FALSE(parsed.ok());
        CHECK(parsed.error().line == 15);
    }
}

TEST_CASE("manifest: validate_manifest rejects bad entries") {
    Manifest manifest = sample();
    CHECK(validate_manifest(manifest, "x").ok());
    manifest.files.push_back({"bundle.toml", 1, kShaB});
    CHECK_FALSE(validate_manifest(manifest, "x").ok());
    manifest = sample();
    manifest.files[0].path = "/abs";
    CHECK_FALSE(validate_manifest(manifest, "x").ok());
    manifest = sample();
    manifest.files[0].sha256 = "abc";
    CHECK_FALSE(validate_manifest(manifest, "x").ok());
    manifest = sample();
    manifest.bundle_id = "Demo Ward";
    CHECK_FALSE(validate_manifest(manifest, "x").ok());
}

TEST_CASE("manifest: building twice gives byte-identical output") {
    TempDir temp;
    make_authored_bundle(temp / "ward");
    auto first = build_bundle(temp / "ward", temp / "out1", kTestIdentity, kTestStamp);
    REQUIRE_MESSAGE(first.ok(), first.error().describe());
    auto second = build_bundle(temp / "ward", temp / "out2", kTestIdentity, kTestStamp);
    REQUIRE(second.ok());
    CHECK(read_file(temp / "out1/manifest.json") == read_file(temp / "out2/manifest.json"));
    std::vector<std::string> blobs1, blobs2;
    for (const auto& entry : fs::directory_iterator(temp / "out1/blobs")) {
        blobs1.push_back(entry.path().filename().string());
        CHECK(read_file(entry.path()) == read_file(temp / "out2/blobs" / entry.path().filename()));
    }
    for (const auto& entry : fs::directory_iterator(temp / "out2/blobs"))
        blobs2.push_back(entry.path().filename().string());
    std::sort(blobs1.begin(), blobs1.end());
    std::sort(blobs2.begin(), blobs2.end());
    CHECK(blobs1 == blobs2);
    CHECK(blobs1.size() == 3); // four files, two with the same bytes
    CHECK(first->file_count == 4);
    CHECK(first->blob_count == 3);
    CHECK(first->bundle_id == "test-ward");
    CHECK(first->version == "2026.01.02-1");
}

TEST_CASE("manifest: format 2 carries a sequence and an expiry, and round-trips") {
    Manifest stamped = sample();
    stamped.sequence = 1764230400;
    stamped.expires_unix = 1893456000;
    const std::string json = to_json(stamped);
    CHECK(json.find("\"format\": 2") != std::string::npos);
    CHECK(json.find("\"sequence\": 1764230400") != std::string::npos);
    CHECK(json.find("\"expires\": \"2030-01-01T00:00:00Z\"") != std::string::npos);
    auto parsed = parse_manifest(json);
    REQUIRE_MESSAGE(parsed.ok(), parsed.error().describe());
    CHECK(parsed->sequence == 1764230400);
    CHECK(parsed->expires_unix == 1893456000);
    CHECK(to_json(*parsed) == json);

    // Format 1 (no stamp) is still read, with sequence 0: sync refuses it, run shows it.
    auto old = parse_manifest(to_json(sample()));
    REQUIRE(old.ok());
    CHECK(old->sequence == 0);
}

TEST_CASE("manifest: a bad or misplaced stamp is refused with its line") {
    Manifest stamped = sample();
    stamped.sequence = 5;
    stamped.expires_unix = 1893456000;
    const std::string json = to_json(stamped);
    auto with = [&](std::string from, std::string to) {
        std::string text = json;
        text.replace(text.find(from), from.size(), to);
        return parse_manifest(text);
    };
    auto zero = with("\"sequence\": 5", "\"sequence\": 0");
    REQUIRE_FALSE(zero.ok());
    CHECK(zero.error().describe().find("sequence must be a whole number from 1") !=
          std::string::npos);
    CHECK(zero.error().line > 0);
    auto huge = with("\"sequence\": 5", "\"sequence\": 9007199254740992");
    CHECK_FALSE(huge.ok());
    auto negative = with("\"sequence\": 5", "\"sequence\": -5");
    CHECK_FALSE(negative.ok());
    for (const char* bad : {"2030-02-30T00:00:00Z", "2030-01-01 00:00:00Z", "2030-01-01T00:00:00",
                            "2030-01-01T00:00:00+09:00", "1969-12-31T23:59:59Z", ""}) {
        auto parsed = with("2030-01-01T00:00:00Z", bad);
        CHECK_MESSAGE(!parsed.ok(), bad);
        if (!parsed.ok())
            CHECK(parsed.error().describe().find("expires must be a UTC time") !=
                  std::string::npos);
    }
    // A stamp in a format 1 manifest is a mistake, not something to ignore.
    auto format1 = with("\"format\": 2", "\"format\": 1");
    REQUIRE_FALSE(format1.ok());
    CHECK(format1.error().describe().find("needs format 2") != std::string::npos);
    // Format 2 without its stamp.
    std::string missing = json;
    const auto at = missing.find("  \"sequence\": 5,\n");
    REQUIRE(at != std::string::npos);
    missing.erase(at, std::string("  \"sequence\": 5,\n").size());
    auto unstamped = parse_manifest(missing);
    REQUIRE_FALSE(unstamped.ok());
    CHECK(unstamped.error().describe().find("missing \"sequence\"") != std::string::npos);
}

TEST_CASE("manifest: UTC times are read in exactly one spelling") {
    int64_t seconds = 0;
    CHECK(parse_utc_time("1970-01-01T00:00:00Z", seconds));
    CHECK(seconds == 0);
    CHECK(parse_utc_time("2028-02-29T12:34:56Z", seconds)); // leap day
    CHECK(format_utc_time(seconds) == "2028-02-29T12:34:56Z");
    CHECK_FALSE(parse_utc_time("2027-02-29T12:34:56Z", seconds));
    CHECK_FALSE(parse_utc_time("2027-13-01T00:00:00Z", seconds));
    CHECK_FALSE(parse_utc_time("２０２７-01-01T00:00:00Z", seconds));
}
