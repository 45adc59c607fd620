// png_diff: compares two PNGs pixel by pixel, for golden-image tests.
//
//   png_diff EXPECTED ACTUAL [--tolerance N] [--max-differing M|P%] [--max-cluster C]
//            [--diff OUT.png]
//
// A pixel differs when any of its RGBA channels differs by more than N (default 0).
// The images match when at most M pixels differ (default 0; M may be given as a
// percentage of all pixels, e.g. 0.5%) and no cluster of differing pixels (8-connected)
// is larger than C pixels (default: no limit). The cluster limit is what tells a changed
// word from anti-aliasing noise: noise is scattered specks along glyph edges, while a
// changed glyph is a solid blob of differing pixels, however small next to the screen.
// Exit 0 on a match, 1 when the images differ or cannot be read (with one line on stderr
// saying why, and the diff image written to --diff: differing pixels red over a faded
// copy of EXPECTED, each cluster over the limit framed in blue), 2 on bad usage.

#include "player/raster/image.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace {

constexpr const char* kUsage = "usage: png_diff EXPECTED ACTUAL [--tolerance N] [--max-differing "
                               "M|P%] [--max-cluster C] [--diff OUT.png]";

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

struct Cluster {
    size_t pixels = 0;
    int x0 = 0, y0 = 0, x1 = 0, y1 = 0; // bounding box, inclusive
};

// The 8-connected clusters of pixels whose largest channel difference exceeds
// `tolerance`, by flood fill with an explicit stack (a full-screen blob must not recurse).
std::vector<Cluster> differing_clusters(const kiosk::raster::Image& expected,
                                        const kiosk::raster::Image& actual, int tolerance) {
    const int w = expected.width, h = expected.height;
    // 0: same, 1: differs and not yet in a cluster, 2: in a cluster.
    std::vector<uint8_t> state(size_t(w) * size_t(h), 0);
    for (size_t i = 0; i < state.size(); ++i) {
        int delta = 0;
        for (int c = 0; c < 4; ++c)
            delta = std::max(delta,
                             std::abs(int(expected.rgba[i * 4 + c]) - int(actual.rgba[i * 4 + c])));
        state[i] = delta > tolerance ? 1 : 0;
    }
    std::vector<Cluster> clusters;
    std::vector<size_t> stack;
    for (size_t start = 0; start < state.size(); ++start) {
        if (state[start] != 1) continue;
        Cluster cluster;
        cluster.x0 = cluster.x1 = int(start % size_t(w));
        cluster.y0 = cluster.y1 = int(start / size_t(w));
        state[start] = 2;
        stack.push_back(start);
        while (!stack.empty()) {
            const size_t at = stack.back();
            stack.pop_back();
            ++cluster.pixels;
            const int x = int(at % size_t(w)), y = int(at / size_t(w));
            cluster.x0 = std::min(cluster.x0, x), cluster.x1 = std::max(cluster.x1, x);
            cluster.y0 = std::min(cluster.y0, y), cluster.y1 = std::max(cluster.y1, y);
            for (int dy = -1; dy <= 1; ++dy)
                for (int dx = -1; dx <= 1; ++dx) {
                    const int nx = x + dx, ny = y + dy;
                    if (nx < 0 || ny < 0 || nx >= w || ny >= h) continue;
                    const size_t next = size_t(ny) * size_t(w) + size_t(nx);
                    if (state[next] != 1) continue;
                    state[next] = 2;
                    stack.push_back(next);
                }
        }
        clusters.push_back(cluster);
    }
    return clusters;
}

// Frames a cluster in blue on the diff image, one pixel outside its bounding box.
void frame_cluster(kiosk::raster::Image& image, const Cluster& c) {
    auto plot = [&](int x, int y) {
        if (x < 0 || y < 0 || x >= image.width || y >= image.height) return;
        uint8_t* p = image.pixel(x, y);
        p[0] = 0, p[1] = 64, p[2] = 255, p[3] = 255;
    };
    for (int x = c.x0 - 1; x <= c.x1 + 1; ++x)
        plot(x, c.y0 - 1), plot(x, c.y1 + 1);
    for (int y = c.y0 - 1; y <= c.y1 + 1; ++y)
        plot(c.x0 - 1, y), plot(c.x1 + 1, y);
}

} // namespace

int main(int argc, char** argv) {
    std::vector<std::string> positionals;
    int tolerance = 0;
    // The allowance is either a pixel count or a percentage of the image (negative: unset).
    long long max_count = 0;
    double max_percent = -1;
    long long max_cluster = -1; // negative: no limit
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
        } else if (arg == "--max-cluster") {
            auto v = value();
            auto n = v ? parse_count(*v) : std::nullopt;
            if (!n) return usage("--max-cluster needs a pixel count");
            max_cluster = *n;
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

    auto expected = kiosk::raster::read_png(expected_path);
    if (!expected) {
        std::fprintf(stderr, "png_diff: cannot read expected image: %s\n",
                     expected.error().describe().c_str());
        return 1;
    }
    auto actual = kiosk::raster::read_png(actual_path);
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

    kiosk::raster::ImageDiff diff = kiosk::raster::compare_images(*expected, *actual, tolerance);
    const double percent = total ? 100.0 * double(diff.differing) / double(total) : 0.0;
    // Clusters only matter when there is a limit and something differs at all.
    std::vector<Cluster> too_large;
    Cluster largest;
    if (max_cluster >= 0 && diff.differing > 0) {
        for (const Cluster& c : differing_clusters(*expected, *actual, tolerance)) {
            if (c.pixels > largest.pixels) largest = c;
            if (c.pixels > size_t(max_cluster)) too_large.push_back(c);
        }
    }
    std::string cluster_note;
    if (max_cluster >= 0) {
        cluster_note = "; largest cluster " + std::to_string(largest.pixels) + " px";
        if (largest.pixels > 0)
            cluster_note += " at " + std::to_string(largest.x0) + "," + std::to_string(largest.y0) +
                            " (" + std::to_string(largest.x1 - largest.x0 + 1) + "x" +
                            std::to_string(largest.y1 - largest.y0 + 1) + ")";
        cluster_note += " (allowed " + std::to_string(max_cluster) + ")";
        if (!too_large.empty())
            cluster_note += ", " + std::to_string(too_large.size()) + " cluster(s) over the limit";
    }
    if (diff.differing <= allowed && too_large.empty()) {
        std::printf("png_diff: %s matches %s: %zu of %zu pixels (%.3f%%) differ by more than %d "
                    "(allowed %zu); largest channel difference %d%s\n",
                    actual_path.c_str(), expected_path.c_str(), diff.differing, total, percent,
                    tolerance, allowed, diff.max_delta, cluster_note.c_str());
        return 0;
    }

    std::string diff_note;
    if (!diff_path.empty()) {
        for (const Cluster& c : too_large)
            frame_cluster(diff.visual, c);
        if (auto written = kiosk::raster::write_png(diff_path, diff.visual); written)
            diff_note = "; differing pixels in red: " + diff_path;
        else
            diff_note = "; (could not write the diff image: " + written.error().describe() + ")";
    }
    std::fprintf(stderr,
                 "png_diff: %s differs from %s: %zu of %zu pixels (%.3f%%) differ by more than %d "
                 "(allowed %zu); largest channel difference %d%s%s\n",
                 actual_path.c_str(), expected_path.c_str(), diff.differing, total, percent,
                 tolerance, allowed, diff.max_delta, cluster_note.c_str(), diff_note.c_str());
    return 1;
}
