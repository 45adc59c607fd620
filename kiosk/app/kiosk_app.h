#pragma once
// KioskApp: one bundle, one visitor session, and the frame function shared by the window
// (`kiosk run`) and offscreen targets (`kiosk shot`, previews, golden tests).

#include "kiosk/app/focus_navigation.h"
#include "kiosk/app/ui.h"
#include "kiosk/app/ui_strings.h"
#include "kiosk/screens/screen.h"
#include "player/access/speech.h"
#include "player/bundle/bundle_files.h"
#include "player/content/bundle_model.h"
#include "player/render/surface.h"
#include "player/render/text_renderer.h"
#include "player/text/font_set.h"
#include "player/text/glyph_atlas.h"
#include "player/text/paragraph_cache.h"

#include <memory>
#include <optional>

namespace kiosk::app {

class KioskApp {
  public:
    // Loads the font set and UI strings (errors name the missing file or package).
    // `files`, when given, is where pictures of pages are read from.
    static Result<std::unique_ptr<KioskApp>>
    create(std::shared_ptr<const content::Bundle> bundle,
           std::optional<::kiosk::bundle::BundleFiles> files = std::nullopt);

    const content::Bundle& bundle() const { return *m_bundle; }
    screens::Session& session() { return m_session; }
    text::FontSet& fonts() { return *m_fonts; }
    text::GlyphAtlas& atlas() { return m_atlas; }
    text::ParagraphCache& cache() { return m_cache; }
    const UiStrings& strings() const { return m_strings; }

    // Back to the start: default language, home screen, default text size, nothing kept.
    void reset_session();

    // Any touch, click or key: the visitor is still there.
    void note_input(double now_ms) { m_last_input_ms = now_ms; }
    // A key from the keyboard or keypad, applied at the next frame.
    void press_key(NavKey key);

    // Privacy: after the bundle's idle time a warning counts down, then the session resets.
    static constexpr int kIdleWarningSeconds = 30;
    bool session_is_pristine() const;
    // Seconds left on the idle warning, or 0 when none is showing.
    int idle_warning_seconds_left(double now_ms) const;
    // When the picture next changes by itself (idle warning, countdown, reset), or 0.
    double next_idle_event_ms(double now_ms) const;
    // Overrides the bundle's idle time for good (tests, staff setting).
    void set_idle_seconds(int seconds) { m_idle_seconds = m_idle_override = seconds; }
    const std::string& focus() const { return m_focus; }

    // Speech ("read aloud", off until the visitor turns it on): the text last handed to
    // the synthesizer, and the synthesizer itself (null while off or without audio).
    const std::string& last_spoken() const { return m_last_spoken; }
    const access::Speech* speech() const { return m_speech.get(); }
    // Closes the audio device; call before SDL_Quit.
    void shutdown_audio() { m_speech.reset(); }

    // Draws one frame of the current screen into `surface` and presents it. Returns true
    // when the frame changed the session (navigation, settings), so another frame is due.
    // With `present` false the frame is laid out (targets, text boxes) but not drawn.
    bool frame(render::Surface& surface, render::TextRenderer& text, const PointerInput& input,
               double now_ms, bool present = true);

    const std::vector<HitTarget>& last_targets() const { return m_targets; }
    const std::vector<TextBox>& last_text_boxes() const { return m_text_boxes; }
    const std::vector<uint32_t>& last_missing_glyphs() const { return m_missing; }
    const std::vector<MustSee>& last_must_see() const { return m_must_see; }
    const std::vector<DrawnImage>& last_images() const { return m_images; }
    Rect last_content_area() const { return m_content_area; }

  private:
    KioskApp(std::shared_ptr<const content::Bundle> bundle, std::unique_ptr<text::FontSet> fonts,
             UiStrings strings, std::optional<::kiosk::bundle::BundleFiles> files);

    std::shared_ptr<const content::Bundle> m_bundle;
    std::optional<::kiosk::bundle::BundleFiles> m_files;
    std::unique_ptr<text::FontSet> m_fonts;
    UiStrings m_strings;
    screens::ClockFormatter m_clock; // on the frame thread, like everything here
    text::GlyphAtlas m_atlas;
    text::ParagraphCache m_cache;
    screens::Session m_session;
    std::vector<HitTarget> m_targets;
    std::vector<TextBox> m_text_boxes;
    std::vector<uint32_t> m_missing;
    std::vector<MustSee> m_must_see;
    std::vector<DrawnImage> m_images;
    Rect m_content_area;
    double m_last_input_ms = 0;
    int m_idle_seconds = 90;
    int m_idle_override = 0; // 0: the bundle's
    std::string m_focus;     // target id with keyboard focus; empty: none shown
    NavKey m_pending = NavKey::None;
    bool m_focus_to_first = false;

    void update_speech(const screens::ScreenContext& ctx, const std::string& drawn_screen);
    std::unique_ptr<access::Speech> m_speech;
    bool m_speech_unavailable = false;
    std::string m_spoken_screen, m_spoken_focus, m_last_spoken;
};

} // namespace kiosk::app
