#pragma once
// Shared by the transit tests: the held-back ODPT samples in tests/data/odpt, and the three
// large hostile feeds, made here rather than stored (3 MiB would weigh on every checkout;
// the rule that makes each is the documentation).

#include "bundle_test_support.h"
#include "player/transit/transit_board.h"

#include <doctest/doctest.h>

#include <string>

namespace kiosk::transit::test {

inline std::string odpt_path(const std::string& name) {
    return std::string(KIOSK_TEST_DATA) + "/data/odpt/" + name;
}

inline std::string read_odpt(const std::string& name) {
    return bundle::test::read_file(odpt_path(name));
}

inline TransitNames test_names() {
    auto names = parse_transit_names(read_odpt("transit-names.toml"), "transit-names.toml");
    REQUIRE_MESSAGE(names.ok(), names.error().describe());
    return *names;
}

// One well-formed entry for railway number `n`.
inline std::string numbered_entry(int n) {
    return R"({"@type":"odpt:TrainInformation","dc:date":"2026-12-01T08:05:00+09:00",)"
           R"("odpt:operator":"odpt.Operator:Test","odpt:railway":"odpt.Railway:Test.L)" +
           std::to_string(n) +
           R"(","odpt:trainInformationText":{"ja":"平常どおり運転しています。","en":"Normal."}})";
}

// A well-formed feed of `entries` entries.
inline std::string feed_of(int entries) {
    std::string json = "[";
    for (int i = 0; i < entries; ++i)
        json += (i ? ",\n" : "\n") + numbered_entry(i);
    return json + "\n]\n";
}

// 3 MiB of well-formed JSON: 200 real entries, then spaces (a valid feed in every way but
// its size, so only the size check can refuse it).
inline std::string huge_feed() {
    std::string json = feed_of(200);
    json.insert(json.size() - 3, std::string(3 * 1024 * 1024 - json.size(), ' '));
    return json;
}

// 10,000 nested arrays: "[[[[...]]]]".
inline std::string deep_feed() {
    return std::string(10000, '[') + std::string(10000, ']') + "\n";
}

// 5,000 well-formed entries, far more lines than any network has.
inline std::string many_entries_feed() {
    return feed_of(5000);
}

} // namespace kiosk::transit::test
