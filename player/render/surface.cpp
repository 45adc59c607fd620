#include "player/render/surface.h"

#include <SDL.h>
#include <imgui_impl_sdlrenderer.h>

namespace kiosk::render {

Surface::~Surface() {
    m_images.reset(); // textures before their renderer
    if (m_video) SDL_DestroyTexture(m_video);
    if (m_imgui) {
        ImGui::SetCurrentContext(m_imgui);
        ImGui_ImplSDLRenderer_Shutdown();
        ImGui::DestroyContext(m_imgui);
    }
    if (m_renderer) SDL_DestroyRenderer(m_renderer);
    if (m_surface) SDL_FreeSurface(m_surface);
    if (m_window) SDL_DestroyWindow(m_window);
}

void Surface::init_imgui() {
    m_imgui = ImGui::CreateContext();
    ImGui::SetCurrentContext(m_imgui);
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr; // a public terminal writes nothing about its visitors
    io.LogFilename = nullptr;
    ImGui_ImplSDLRenderer_Init(m_renderer);
    m_images = std::make_unique<ImageCache>(m_renderer);
}

Result<std::unique_ptr<Surface>> Surface::offscreen(int width, int height) {
    if (width < 1 || height < 1 || width > 16384 || height > 16384)
        return make_error("size must be between 1x1 and 16384x16384");
    std::unique_ptr<Surface> s(new Surface());
    s->m_surface = SDL_CreateRGBSurfaceWithFormat(0, width, height, 32, SDL_PIXELFORMAT_ARGB8888);
    if (!s->m_surface) return make_error(std::string("cannot allocate surface: ") + SDL_GetError());
    s->m_renderer = SDL_CreateSoftwareRenderer(s->m_surface);
    if (!s->m_renderer) return make_error(std::string("cannot create renderer: ") + SDL_GetError());
    s->m_width = width;
    s->m_height = height;
    s->init_imgui();
    return s;
}

Result<std::unique_ptr<Surface>> Surface::window(const WindowOptions& options) {
    std::unique_ptr<Surface> s(new Surface());
    Uint32 flags = SDL_WINDOW_SHOWN | SDL_WINDOW_ALLOW_HIGHDPI;
    if (options.fullscreen)
        flags |= SDL_WINDOW_FULLSCREEN_DESKTOP | SDL_WINDOW_BORDERLESS;
    else
        flags |= SDL_WINDOW_RESIZABLE;
    s->m_window = SDL_CreateWindow(options.title, SDL_WINDOWPOS_CENTERED, SDL_WINDOWPOS_CENTERED,
                                   options.width, options.height, flags);
    if (!s->m_window) return make_error(std::string("cannot open window: ") + SDL_GetError());
    s->m_renderer = SDL_CreateRenderer(s->m_window, -1, 0);
    if (!s->m_renderer) return make_error(std::string("cannot create renderer: ") + SDL_GetError());
    s->refresh_size();
    s->init_imgui();
    return s;
}

void Surface::refresh_size() {
    SDL_GetRendererOutputSize(m_renderer, &m_width, &m_height);
}

ImDrawList* Surface::begin_frame() {
    ImGui::SetCurrentContext(m_imgui);
    ImGuiIO& io = ImGui::GetIO();
    io.DisplaySize = ImVec2(float(m_width), float(m_height));
    io.DeltaTime = 1.0f / 60.0f;
    ImGui_ImplSDLRenderer_NewFrame();
    ImGui::NewFrame();
    return ImGui::GetBackgroundDrawList();
}

void Surface::end_frame(ImU32 background) {
    ImGui::Render();
    ImVec4 c = ImGui::ColorConvertU32ToFloat4(background);
    SDL_SetRenderDrawColor(m_renderer, Uint8(c.x * 255), Uint8(c.y * 255), Uint8(c.z * 255), 255);
    SDL_RenderClear(m_renderer);
    ImGui_ImplSDLRenderer_RenderDrawData(ImGui::GetDrawData());
    SDL_RenderPresent(m_renderer);
}

void Surface::discard_frame() {
    ImGui::EndFrame();
}

raster::PngFrame Surface::capture_png(std::vector<uint8_t> storage) const {
    if (!m_surface) return raster::PngFrame::from_image(read_pixels());
    SDL_LockSurface(m_surface);
    raster::PngFrame frame = raster::PngFrame::from_argb(m_surface->pixels, m_width, m_height,
                                                         m_surface->pitch, std::move(storage));
    SDL_UnlockSurface(m_surface);
    return frame;
}

Status Surface::write_png(const std::filesystem::path& path) const {
    if (!m_surface) return raster::write_png(path, read_pixels());
    SDL_LockSurface(m_surface);
    Status written =
        raster::write_argb_png(path, m_surface->pixels, m_width, m_height, m_surface->pitch,
                               /*threads=*/2); // the frame is drawn: both cores
    SDL_UnlockSurface(m_surface);
    return written;
}

raster::Image Surface::read_pixels() const {
    raster::Image image;
    image.width = m_width;
    image.height = m_height;
    image.rgba.resize(size_t(m_width) * size_t(m_height) * 4);
    if (!m_surface) {
        SDL_RenderReadPixels(m_renderer, nullptr, SDL_PIXELFORMAT_ABGR8888, image.rgba.data(),
                             m_width * 4);
        return image;
    }
    SDL_LockSurface(m_surface);
    for (int y = 0; y < m_height; ++y) {
        const auto* row = reinterpret_cast<const uint32_t*>(
            static_cast<const uint8_t*>(m_surface->pixels) + size_t(y) * size_t(m_surface->pitch));
        uint8_t* out = &image.rgba[size_t(y) * size_t(m_width) * 4];
        for (int x = 0; x < m_width; ++x) {
            uint32_t p = row[x];
            out[x * 4 + 0] = uint8_t(p >> 16);
            out[x * 4 + 1] = uint8_t(p >> 8);
            out[x * 4 + 2] = uint8_t(p);
            out[x * 4 + 3] = 255;
        }
    }
    SDL_UnlockSurface(m_surface);
    return image;
}

SDL_Texture* Surface::video_texture(int width, int height) {
    if (m_video && m_video_width == width && m_video_height == height) return m_video;
    if (m_video) SDL_DestroyTexture(m_video);
    m_video = SDL_CreateTexture(m_renderer, SDL_PIXELFORMAT_RGB888, SDL_TEXTUREACCESS_STREAMING,
                                width, height);
    m_video_width = m_video ? width : 0;
    m_video_height = m_video ? height : 0;
    return m_video;
}

} // namespace kiosk::render
