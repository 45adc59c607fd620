#pragma once
// KioskApp: one bundle, one visitor session, and the frame function shared by the window
// (`kiosk run`) and offscreen targets (`kiosk shot`, previews, golden tests).

#include "kiosk/app/ui.h"
#include "kiosk/app/ui_strings.h"
#include "kiosk/screens/screen.h"
#include "player/content/bundle_model.h"
#include "player/render/surface.h"
#include "player/render/text_renderer.h"
#include "player/text/font_set.h"
#include "player/text/glyph_atlas.h"
#include "player/text/paragraph_cache.h"

#include <memory>

namespace kiosk::app {

class KioskApp {
  public:
    // Loads the font set and UI strings (errors name the missing file or package).
    static Result<std::unique_ptr<KioskApp>> create(std::shared_ptr<const content::Bundle> bundle);

    const content::Bundle& bundle() const { return *m_bundle; }
    screens::Session& session() { return m_session; }
    text::FontSet& fonts() { return *m_fonts; }
    text::GlyphAtlas& atlas() { return m_atlas; }
    text::ParagraphCache& cache() { return m_cache; }
    const UiStrings& strings() const { return m_strings; }

    // Back to the start: default language, home screen, default text size, nothing kept.
    void reset_session();

    // Draws one frame of the current screen into `surface` and presents it. Returns true
    // when the frame changed the session (navigation, settings), so another frame is due.
    bool frame(render::Surface& surface, render::TextRenderer& text, const PointerInput& input,
               double now_ms);

    const std::vector<HitTarget>& last_targets() const { return m_targets; }
    const std::vector<TextBox>& last_text_boxes() const { return m_text_boxes; }

  private:
    KioskApp(std::shared_ptr<const content::Bundle> bundle, std::unique_ptr<text::FontSet> fonts,
             UiStrings strings);

    std::shared_ptr<const content::Bundle> m_bundle;
    std::unique_ptr<text::FontSet> m_fonts;
    UiStrings m_strings;
    text::GlyphAtlas m_atlas;
    text::ParagraphCache m_cache;
    screens::Session m_session;
    std::vector<HitTarget> m_targets;
    std::vector<TextBox> m_text_boxes;
};

} // namespace kiosk::app
