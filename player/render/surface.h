#pragma once
// Surface: where a frame is drawn. A window (full screen or, for development, windowed)
// or an offscreen software surface (no display needed, for `kiosk shot`, previews and
// golden tests). Both render Dear ImGui draw lists through SDL_Renderer, so the same draw
// code serves both (DESIGN.md section 2, render/).

#include "player/core/result.h"
#include "player/raster/image.h"
#include "player/raster/png_writer.h"
#include "player/render/image_cache.h"

#include <imgui.h>

#include <memory>

struct SDL_Renderer;
struct SDL_Surface;
struct SDL_Texture;
struct SDL_Window;

namespace kiosk::render {

struct WindowOptions {
    int width = 1920, height = 1080;
    bool fullscreen = true; // borderless, covering the display
    const char* title = "kiosk";
};

class Surface {
  public:
    ~Surface();
    Surface(const Surface&) = delete;
    Surface& operator=(const Surface&) = delete;

    static Result<std::unique_ptr<Surface>> offscreen(int width, int height);
    // Needs SDL video initialised (SDL_Init(SDL_INIT_VIDEO)).
    static Result<std::unique_ptr<Surface>> window(const WindowOptions& options);

    int width() const { return m_width; }
    int height() const { return m_height; }
    SDL_Renderer* renderer() const { return m_renderer; }
    SDL_Window* sdl_window() const { return m_window; }

    // Re-reads the output size (after the window changed size).
    void refresh_size();

    // Starts a frame and returns the draw list everything is drawn into.
    ImDrawList* begin_frame();
    // Clears to `background`, renders the frame's draw lists and presents it.
    void end_frame(ImU32 background);
    // Ends a frame without drawing it: for checks that need the layout, not the pixels.
    void discard_frame();

    // Pictures drawn on this surface, as textures of its renderer.
    ImageCache& images() { return *m_images; }
    // The one streaming texture video frames are copied into (rows of B, G, R, unused:
    // SDL_PIXELFORMAT_RGB888), made or remade at width x height; null when SDL refuses.
    SDL_Texture* video_texture(int width, int height);

    // The pixels of the last frame (offscreen surfaces).
    raster::Image read_pixels() const;
    // The last frame, filtered for PNG straight from the surface's rows (no RGBA copy);
    // write it with PngFrame::write, on this thread or another.
    raster::PngFrame capture_png(std::vector<uint8_t> storage = {}) const;
    // Writes the last frame as a PNG, encoding straight from the surface's rows (on two
    // threads for a tall frame).
    Status write_png(const std::filesystem::path& path) const;

  private:
    Surface() = default;
    void init_imgui();

    SDL_Window* m_window = nullptr;
    SDL_Surface* m_surface = nullptr;
    SDL_Renderer* m_renderer = nullptr;
    ImGuiContext* m_imgui = nullptr;
    std::unique_ptr<ImageCache> m_images;
    SDL_Texture* m_video = nullptr;
    int m_video_width = 0, m_video_height = 0;
    int m_width = 0, m_height = 0;
};

} // namespace kiosk::render
