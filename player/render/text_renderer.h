#pragma once
// TextRenderer: draws laid-out paragraphs into a Dear ImGui draw list as textured quads
// from the glyph atlas, and keeps one SDL texture per atlas page in step with it.

#include "player/text/glyph_atlas.h"
#include "player/text/text_layout.h"

#include <imgui.h>

#include <vector>

struct SDL_Renderer;
struct SDL_Texture;

namespace kiosk::render {

class TextRenderer {
  public:
    TextRenderer(SDL_Renderer* renderer, text::GlyphAtlas& atlas);
    ~TextRenderer();
    TextRenderer(const TextRenderer&) = delete;
    TextRenderer& operator=(const TextRenderer&) = delete;

    // Draws `p` with its box's top-left at `origin`.
    void draw(ImDrawList* list, const text::Paragraph& p, ImVec2 origin, ImU32 color);

    // Uploads what the atlas rasterized since the last call; before presenting a frame.
    void upload();

    text::GlyphAtlas& atlas() { return m_atlas; }

  private:
    SDL_Texture* texture_for(size_t page);

    SDL_Renderer* m_renderer;
    text::GlyphAtlas& m_atlas;
    std::vector<SDL_Texture*> m_textures;
    std::vector<uint32_t> m_generations;
    std::vector<uint32_t> m_scratch; // ARGB staging for uploads
};

} // namespace kiosk::render
