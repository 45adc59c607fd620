// png_diff: compares two PNGs pixel by pixel, for golden-image tests.
//
//   png_diff EXPECTED ACTUAL [--tolerance N] [--max-differing M|P%] [--diff OUT.png]
//
// A pixel differs when any of its RGBA channels differs by more than N (default 0).
// The images match when at most M pixels differ (default 0); M may be given as a
// percentage of all pixels, e.g. 0.5%. Exit 0 on a match, 1 when the images differ or
// cannot be read (with one line on stderr saying why, and the diff image written to
// --diff: differing pixels red over a faded copy of EXPECTED), 2 on bad usage.

#include "player/render/image.h"

#include <charconv>
#include <cmath>
#include <cstdio>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace {

constexpr const char* kUsage =
    "usage: png_diff EXPECTED ACTUAL [--tolerance N] [--max-differing M|P%] [--diff OUT.png]";

int usage(const std::string& message) {
    std::fprintf(stderr, "png_diff: %s\n%s\n", message.c_str(), kUsage);
    return 2;
}

std::optional<long long> parse_count(std::string_view text) {
    long long value = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || end != text.data() + text.size() || value < 0) return std::nullopt;
    return value;
}

std::optional<double> parse_percent(std::string_view text) {
    if (text.empty() || text.back() != '%') return std::nullopt;
    std::string number(text.substr(0, text.size() - 1));
    try {
        size_t used = 0;
        double value = std::stod(number, &used);
        if (used != number.size() || !(value >= 0.0 && value <= 100.0)) return std::nullopt;
        return value;
    } catch (...) {
        return std::nullopt;
    }
}

} // namespace

int main(int argc, char** argv) {
    std::vector<std::string> positionals;
    int tolerance = 0;
    // The allowance is either a pixel count or a percentage of the image (negative: unset).
    long long max_count = 0;
    double max_percent = -1;
    std::string diff_path;

    for (int i = 1; i < argc; ++i) {
        std::string arg = argv[i];
        auto value = [&]() -> std::optional<std::string> {
            if (i + 1 >= argc) return std::nullopt;
            return std::string(argv[++i]);
        };
        if (arg == "-h" || arg == "--help") {
            std::puts(kUsage);
            return 0;
        } else if (arg == "--tolerance") {
            auto v = value();
            auto n = v ? parse_count(*v) : std::nullopt;
            if (!n || *n > 255) return usage("--tolerance needs a number from 0 to 255");
            tolerance = int(*n);
        } else if (arg == "--max-differing") {
            auto v = value();
            if (!v) return usage("--max-differing needs a pixel count or a percentage");
            if (auto p = parse_percent(*v))
                max_percent = *p, max_count = 0;
            else if (auto n = parse_count(*v))
                max_count = *n, max_percent = -1;
            else
                return usage("--max-differing needs a pixel count or a percentage such as 0.5%");
        } else if (arg == "--diff") {
            auto v = value();
            if (!v || v->empty()) return usage("--diff needs an output path");
            diff_path = *v;
        } else if (arg.size() > 1 && arg[0] == '-') {
            return usage("unknown option " + arg);
        } else {
            positionals.push_back(arg);
        }
    }
    if (positionals.size() != 2) return usage("give EXPECTED and ACTUAL");
    const std::string& expected_path = positionals[0];
    const std::string& actual_path = positionals[1];

    auto expected = kiosk::render::read_png(expected_path);
    if (!expected) {
        std::fprintf(stderr, "png_diff: cannot read expected image: %s\n",
                     expected.error().describe().c_str());
        return 1;
    }
    auto actual = kiosk::render::read_png(actual_path);
    if (!actual) {
        std::fprintf(stderr, "png_diff: cannot read actual image: %s\n",
                     actual.error().describe().c_str());
        return 1;
    }
    if (expected->width != actual->width || expected->height != actual->height) {
        std::fprintf(stderr, "png_diff: %s is %dx%d but %s is %dx%d\n", actual_path.c_str(),
                     actual->width, actual->height, expected_path.c_str(), expected->width,
                     expected->height);
        return 1;
    }

    const size_t total = size_t(expected->width) * size_t(expected->height);
    size_t allowed = 0;
    if (max_percent >= 0)
        allowed = size_t(std::floor(double(total) * max_percent / 100.0));
    else
        allowed = size_t(max_count);

    kiosk::render::ImageDiff diff = kiosk::render::compare_images(*expected, *actual, tolerance);
    const double percent = total ? 100.0 * double(diff.differing) / double(total) : 0.0;
    if (diff.differing <= allowed) {
        std::printf("png_diff: %s matches %s: %zu of %zu pixels (%.3f%%) differ by more than %d "
                    "(allowed %zu); largest channel difference %d\n",
                    actual_path.c_str(), expected_path.c_str(), diff.differing, total, percent,
                    tolerance, allowed, diff.max_delta);
        return 0;
    }

    std::string diff_note;
    if (!diff_path.empty()) {
        if (auto written = kiosk::render::write_png(diff_path, diff.visual); written)
            diff_note = "; differing pixels in red: " + diff_path;
        else
            diff_note = "; (could not write the diff image: " + written.error().describe() + ")";
    }
    std::fprintf(stderr,
                 "png_diff: %s differs from %s: %zu of %zu pixels (%.3f%%) differ by more than %d "
                 "(allowed %zu); largest channel difference %d%s\n",
                 actual_path.c_str(), expected_path.c_str(), diff.differing, total, percent,
                 tolerance, allowed, diff.max_delta, diff_note.c_str());
    return 1;
}
