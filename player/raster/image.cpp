#include "player/raster/image.h"

#include "player/raster/png_writer.h"

#include <png.h>

#include <algorithm>
#include <cstdlib>

namespace kiosk::raster {

Status write_png(const std::filesystem::path& path, const Image& image) {
    return PngFrame::from_image(image).write(path);
}

Result<Image> read_png(const std::filesystem::path& path) {
    png_image png{};
    png.version = PNG_IMAGE_VERSION;
    if (!png_image_begin_read_from_file(&png, path.c_str()))
        return make_error(path.string(), 0, std::string("cannot read PNG (") + png.message + ")");
    png.format = PNG_FORMAT_RGBA;
    Image image;
    image.width = int(png.width);
    image.height = int(png.height);
    image.rgba.resize(PNG_IMAGE_SIZE(png));
    if (!png_image_finish_read(&png, nullptr, image.rgba.data(), 0, nullptr)) {
        std::string why = png.message;
        png_image_free(&png);
        return make_error(path.string(), 0, "cannot decode PNG (" + why + ")");
    }
    return image;
}

ImageDiff compare_images(const Image& expected, const Image& actual, int tolerance) {
    ImageDiff diff;
    diff.visual = expected;
    if (expected.width != actual.width || expected.height != actual.height) {
        diff.differing = size_t(std::max(expected.width, actual.width)) *
                         size_t(std::max(expected.height, actual.height));
        diff.max_delta = 255;
        return diff;
    }
    for (size_t i = 0; i + 3 < expected.rgba.size(); i += 4) {
        int delta = 0;
        for (int c = 0; c < 4; ++c)
            delta = std::max(delta, std::abs(int(expected.rgba[i + c]) - int(actual.rgba[i + c])));
        diff.max_delta = std::max(diff.max_delta, delta);
        uint8_t* v = &diff.visual.rgba[i];
        if (delta > tolerance) {
            ++diff.differing;
            v[0] = 255, v[1] = 0, v[2] = 0, v[3] = 255;
        } else {
            for (int c = 0; c < 3; ++c)
                v[c] = uint8_t(128 + v[c] / 2);
        }
    }
    return diff;
}

} // namespace kiosk::raster
