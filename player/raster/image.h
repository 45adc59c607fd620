#pragma once
// Image: 8-bit RGBA pixels in memory, and PNG in and out (libpng's simplified API).

#include "player/core/result.h"

#include <cstdint>
#include <filesystem>
#include <vector>

namespace kiosk::raster {

struct Image {
    int width = 0, height = 0;
    std::vector<uint8_t> rgba; // width * height * 4, rows top to bottom

    uint8_t* pixel(int x, int y) { return &rgba[(size_t(y) * size_t(width) + size_t(x)) * 4]; }
    const uint8_t* pixel(int x, int y) const {
        return &rgba[(size_t(y) * size_t(width) + size_t(x)) * 4];
    }
};

// Lossless, fast rather than smallest (player/raster/png_writer.h); RGB when opaque.
Status write_png(const std::filesystem::path& path, const Image& image);
Result<Image> read_png(const std::filesystem::path& path);

struct ImageDiff {
    size_t differing = 0; // pixels whose largest channel difference exceeds the tolerance
    int max_delta = 0;    // largest channel difference anywhere
    Image visual;         // differing pixels in red over a faded copy of `expected`
};

// Compares two images of the same size pixel by pixel, with a per-channel tolerance.
ImageDiff compare_images(const Image& expected, const Image& actual, int tolerance);

} // namespace kiosk::raster
