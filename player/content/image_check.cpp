#include "player/content/image_check.h"

#include "player/content/content_limits.h"

#include <stb_image.h>

#include <cstdint>
#include <memory>

namespace kiosk::content {

namespace {

constexpr std::string_view kPngMagic = "\x89PNG\r\n\x1a\n";
constexpr std::string_view kJpegMagic = "\xFF\xD8\xFF";

struct StbFree {
    void operator()(unsigned char* pixels) const { stbi_image_free(pixels); }
};

} // namespace

std::string image_problem(std::string_view bytes, bool decode) {
    if (bytes.empty()) return "is empty (0 bytes); export the picture again as PNG or JPEG";
    // stb_image also reads GIF, BMP, PSD...; the kiosk promises PNG and JPEG only, so the
    // content decides, whatever the file is called.
    const bool png = bytes.substr(0, kPngMagic.size()) == kPngMagic;
    const bool jpeg = bytes.substr(0, kJpegMagic.size()) == kJpegMagic;
    if (!png && !jpeg)
        return "is not a PNG or JPEG picture (its content is something else, whatever its "
               "name says; export it as PNG or JPEG)";
    const auto* data = reinterpret_cast<const stbi_uc*>(bytes.data());
    const int length = static_cast<int>(bytes.size());
    int width = 0, height = 0, channels = 0;
    // stb_image refuses huge PNGs as "damaged"; read the declared size itself so the
    // message says what is wrong (IHDR: width and height, big-endian, at bytes 16..23).
    if (png && bytes.size() >= 24 && bytes.substr(12, 4) == "IHDR") {
        auto be32 = [&](size_t at) {
            uint64_t value = 0;
            for (size_t k = 0; k < 4; ++k)
                value = (value << 8) | static_cast<unsigned char>(bytes[at + k]);
            return value;
        };
        const uint64_t w = be32(16), h = be32(20);
        if (w > uint64_t(kMaxImageSide) || h > uint64_t(kMaxImageSide))
            return "is " + std::to_string(w) + "x" + std::to_string(h) + " pixels; the limit is " +
                   std::to_string(kMaxImageSide) + "x" + std::to_string(kMaxImageSide) +
                   " (scale it down)";
    }
    if (!stbi_info_from_memory(data, length, &width, &height, &channels))
        return std::string("is a damaged ") + (png ? "PNG" : "JPEG") +
               " (its header cannot be read); export the picture again";
    if (width < 1 || height < 1 || width > kMaxImageSide || height > kMaxImageSide ||
        uint64_t(width) * uint64_t(height) > kMaxImagePixels)
        return "is " + std::to_string(width) + "x" + std::to_string(height) +
               " pixels; the limit is " + std::to_string(kMaxImageSide) + "x" +
               std::to_string(kMaxImageSide) + " (scale it down)";
    if (!decode) return {};
    int w = 0, h = 0;
    std::unique_ptr<unsigned char, StbFree> pixels(
        stbi_load_from_memory(data, length, &w, &h, &channels, 4));
    if (!pixels || w != width || h != height)
        return std::string("is a damaged or truncated ") + (png ? "PNG" : "JPEG") +
               " (it cannot be decoded); export the picture again";
    return {};
}

} // namespace kiosk::content
