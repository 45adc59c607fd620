#include "player/render/image_cache.h"

#include <SDL.h>
#include <stb_image.h>

#include <cstdint>
#include <memory>

namespace kiosk::render {

namespace {

struct StbFree {
    void operator()(unsigned char* p) const { stbi_image_free(p); }
};

ImageTexture decode(SDL_Renderer* renderer, const std::string& bytes) {
    int w = 0, h = 0, channels = 0;
    const auto* data = reinterpret_cast<const stbi_uc*>(bytes.data());
    // The declared size first: a small file may claim a huge picture, and decoding it would
    // allocate that much before failing.
    if (bytes.size() > size_t(INT32_MAX) ||
        !stbi_info_from_memory(data, int(bytes.size()), &w, &h, &channels) || w < 1 || h < 1 ||
        w > ImageCache::kMaxSide || h > ImageCache::kMaxSide)
        return {};
    std::unique_ptr<unsigned char, StbFree> pixels(
        stbi_load_from_memory(data, int(bytes.size()), &w, &h, &channels, 4));
    if (!pixels || w < 1 || h < 1 || w > ImageCache::kMaxSide || h > ImageCache::kMaxSide)
        return {};
    SDL_Texture* texture =
        SDL_CreateTexture(renderer, SDL_PIXELFORMAT_ABGR8888, SDL_TEXTUREACCESS_STATIC, w, h);
    if (!texture) return {};
    SDL_UpdateTexture(texture, nullptr, pixels.get(), w * 4);
    SDL_SetTextureBlendMode(texture, SDL_BLENDMODE_BLEND);
    SDL_SetTextureScaleMode(texture, SDL_ScaleModeLinear);
    return {texture, w, h};
}

} // namespace

ImageCache::~ImageCache() {
    clear();
}

void ImageCache::clear() {
    for (auto& [key, image] : m_images)
        if (image.texture) SDL_DestroyTexture(image.texture);
    m_images.clear();
}

const ImageTexture& ImageCache::get(std::string_view key,
                                    const std::function<Result<std::string>()>& load) {
    if (auto it = m_images.find(key); it != m_images.end()) return it->second;
    ImageTexture image;
    if (auto bytes = load(); bytes.ok()) image = decode(m_renderer, *bytes);
    return m_images.emplace(std::string(key), image).first->second;
}

} // namespace kiosk::render
