#pragma once
// ImageCache: pictures from a bundle (PNG or JPEG, decoded by stb_image) as textures of
// one renderer, decoded once on first use. A Surface owns one, so textures never outlive
// the renderer that made them.

#include "player/core/result.h"

#include <functional>
#include <map>
#include <string>
#include <string_view>

struct SDL_Renderer;
struct SDL_Texture;

namespace kiosk::render {

struct ImageTexture {
    SDL_Texture* texture = nullptr; // null when the image could not be decoded
    int width = 0, height = 0;
};

class ImageCache {
  public:
    explicit ImageCache(SDL_Renderer* renderer) : m_renderer(renderer) {}
    ~ImageCache();
    ImageCache(const ImageCache&) = delete;
    ImageCache& operator=(const ImageCache&) = delete;

    // The texture for `key`, calling `load` for the encoded bytes the first time. A
    // failure is remembered (and returns a null texture) so a bad file costs once.
    const ImageTexture& get(std::string_view key, const std::function<Result<std::string>()>& load);

    // Forgets every picture (another bundle version is shown; a path may now hold other
    // bytes).
    void clear();

    static constexpr int kMaxSide = 4096;

  private:
    SDL_Renderer* m_renderer;
    std::map<std::string, ImageTexture, std::less<>> m_images;
};

} // namespace kiosk::render
