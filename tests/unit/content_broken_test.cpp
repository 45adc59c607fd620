// Every folder of tests/data/broken is a small bundle with one fault. Its expected.txt lists
// the errors the loader must report, each a fragment of "file:line: message" with the file
// relative to the folder; the bundle must be rejected with exactly those errors, so that a
// fault neither goes unnoticed nor drowns in follow-on noise.

#include "content_test_support.h"

#include "player/content/bundle_loader.h"

#include <algorithm>
#include <doctest/doctest.h>
#include <filesystem>
#include <fstream>

using namespace kiosk::content;
using namespace kiosk::content::test;

namespace fs = std::filesystem;

namespace {

const fs::path kBroken = fs::path(KIOSK_TEST_DATA) / "data/broken";

std::vector<std::string> expected_errors(const fs::path& folder) {
    std::vector<std::string> lines;
    std::ifstream in(folder / "expected.txt");
    for (std::string line; std::getline(in, line);)
        if (!line.empty() && line[0] != '#') lines.push_back(line);
    return lines;
}

std::vector<fs::path> broken_bundles() {
    std::vector<fs::path> folders;
    for (const auto& entry : fs::directory_iterator(kBroken))
        if (entry.is_directory()) folders.push_back(entry.path());
    std::sort(folders.begin(), folders.end());
    return folders;
}

} // namespace

TEST_CASE("content broken bundles: each is rejected with its expected messages") {
    const std::vector<fs::path> folders = broken_bundles();
    CHECK(folders.size() >= 25);
    for (const fs::path& folder : folders) {
        const std::string bundle_name = folder.filename().string();
        CAPTURE(bundle_name);
        const std::vector<std::string> expected = expected_errors(folder);
        REQUIRE_MESSAGE(!expected.empty(), (bundle_name + " has no expected.txt"));

        LoadReport report;
        LoadOptions options; // as `kiosk bundle check` loads: pictures decoded whole
        options.decode_images = true;
        auto bundle = load_bundle(folder, &report, options);
        CHECK_MESSAGE(!bundle.ok(), (bundle_name + " loaded although it is broken"));
        const std::string prefix = folder.generic_string() + "/";
        for (const std::string& fragment : expected)
            CHECK_MESSAGE(
                mentions(report, Severity::Error, prefix + fragment),
                (bundle_name + ": expected \"" + fragment + "\" among:\n" + describe(report)));
        CHECK_MESSAGE(count(report, Severity::Error) == expected.size(),
                      (bundle_name + ": other errors than expected:\n" + describe(report)));
        // Every message names a file of the bundle, so staff know where to look.
        for (const Problem& problem : report.problems)
            CHECK(problem.where.file.rfind(prefix, 0) == 0);
    }
}

TEST_CASE("content broken bundles: the first error is what load_bundle returns") {
    LoadReport report;
    auto bundle = load_bundle(kBroken / "flow-cycle", &report);
    REQUIRE_FALSE(bundle.ok());
    CHECK(bundle.error().message.find("questions form a cycle") == 0);
    CHECK(bundle.error().line == 14);
}

TEST_CASE("content broken bundles: without a report, load_bundle still fails") {
    auto bundle = load_bundle(kBroken / "page-unknown-category");
    REQUIRE_FALSE(bundle.ok());
    CHECK(bundle.error().describe().find("unknown category \"livng\"") != std::string::npos);
}
