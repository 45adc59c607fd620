#pragma once
// KioskApp: one bundle, one visitor session, and the frame function shared by the window
// (`kiosk run`) and offscreen targets (`kiosk shot`, previews, golden tests).

#include "kiosk/app/focus_navigation.h"
#include "kiosk/app/proof_of_play.h"
#include "kiosk/app/ui.h"
#include "kiosk/app/ui_strings.h"
#include "kiosk/app/video_stage.h"
#include "kiosk/screens/screen.h"
#include "player/access/speech.h"
#include "player/alerts/alert_board.h"
#include "player/bundle/bundle_files.h"
#include "player/content/bundle_model.h"
#include "player/render/surface.h"
#include "player/render/text_renderer.h"
#include "player/schedule/signage_schedule.h"
#include "player/text/font_set.h"
#include "player/text/glyph_atlas.h"
#include "player/text/paragraph_cache.h"
#include "player/transit/transit_board.h"

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

    // Sync: a newer version, already loaded (off the UI thread). It is shown from the next
    // frame that starts on the home screen; a visitor inside a procedure or page keeps the
    // version they started with until they go Home or the session resets.
    // `release_*`: the synced release's version and expiry, shown on the staff screen.
    void offer_bundle(std::shared_ptr<const content::Bundle> bundle,
                      std::optional<::kiosk::bundle::BundleFiles> files,
                      std::string release_version = {}, int64_t release_expires_unix = 0);
    bool has_offered_bundle() const { return m_offered != nullptr; }
    // Emergency alerts: every source feeds this board; the frame shows what is in force.
    alerts::AlertBoard& alerts() { return m_alerts; }
    // Who may see what (drills, areas, the full-screen threshold); forgets alerts shown.
    void set_alert_policy(alerts::AlertPolicy policy) {
        m_alerts = alerts::AlertBoard(std::move(policy));
        m_alert_revision = 0;
    }
    // The bundle's own alerts (alerts/<id>.xml: drills staff prepared; the bundle's
    // signature covers them), from `bundle` and `files` (the bundle on show, or one just
    // offered by sync). Returns one line per file: shown, ignored and why, or the error.
    std::vector<std::string> apply_bundle_alerts(const content::Bundle& bundle,
                                                 const ::kiosk::bundle::BundleFiles& files,
                                                 int64_t now_unix);
    std::vector<std::string> apply_bundle_alerts(int64_t now_unix) {
        if (!m_files) return {};
        return apply_bundle_alerts(*m_bundle, *m_files, now_unix);
    }
    // Opens a screen by its ID (kiosk screens lists them) for the staff tools: `shot`,
    // `bundle check`, `bundle preview`. `alert/<id>` is the home screen under the bundle's
    // alert <id> as a terminal showing drills would show it, whatever the clock (the
    // board is set aside for it and restored by the next other screen). Fails, naming the
    // file, when that alert cannot be read or would not be shown.
    Status open_screen(const std::string& id);
    // A visitor may hide a full-screen alert to a banner after this long.
    static constexpr int kAlertCollapseSeconds = 10;
    // How often the attention tone was handed to the audio device (tests).
    int attention_tones_rung() const { return m_tones_rung; }

    // Signage (attract mode): while nobody uses the kiosk (at start-up, and once the
    // session is pristine and untouched for the bundle's idle time) the schedule's slide
    // plays; a touch or key brings the home screen in the same frame, and that touch does
    // nothing else. `kiosk shot --screen signage/<slide>` shows one slide in --lang.
    bool attract_mode(double now_ms) const;
    // The showing on screen (attract mode), or none.
    const std::optional<schedule::SlidePlay>& signage_playing() const {
        static const std::optional<schedule::SlidePlay> none;
        return m_signage_on_screen ? m_play : none; // an alert may cover it
    }
    // A terminal at a counter may stay interactive only (`kiosk run --no-signage`).
    void set_signage_enabled(bool on) { m_signage_enabled = on; }
    // The transit board the transit slide shows (the last good one; a feed that fails keeps
    // it), and the bundle's own feed file loaded as a first board (no error: none).
    void set_transit(transit::TransitBoard board) { m_transit = std::move(board); }
    Status load_bundled_transit(const std::function<void(const std::string&)>& log = {});
    // The bundle's signage/transit-names.toml (none: empty names).
    Result<transit::TransitNames> transit_names() const;
    const transit::TransitBoard& transit() const { return m_transit; }
    // What signage and alerts showed, for proof of play (drained by the caller, who logs).
    std::vector<PlayRecord> take_played() { return std::exchange(m_played, {}); }

    // The one video on screen: `run` gives it a wake-up for new frames and drains its log;
    // staff tools set a still time (`kiosk shot --at`).
    VideoStage& video() { return m_video; }

    // Between whole frames, while a signage film plays and nothing else changes (no input,
    // no delivery: the caller knows), copies the film's new frame onto the picture on
    // screen and presents it (VideoStage::present_new_frame). False when a whole frame is
    // due instead: the clock's minute turned, a slide or idle event is due, the film ended.
    bool present_video_frame(render::Surface& surface, double now_ms);

    // The synced release on show (version, expiry), for the staff screen.
    void set_release(std::string version, int64_t expires_unix) {
        m_release_version = std::move(version);
        m_release_expires_unix = expires_unix;
    }

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
    std::shared_ptr<const content::Bundle> m_offered; // waits for the home screen
    std::optional<::kiosk::bundle::BundleFiles> m_offered_files;
    // Signage: the clock of the bundle's time zone (made on first use, again for another
    // zone), the slide last drawn, the transit board, and a touch being swallowed.
    const schedule::SignageClock* signage_clock();
    std::optional<schedule::SignageClock> m_signage_clock;
    std::string m_signage_zone;
    std::optional<schedule::SlidePlay> m_play;
    bool m_signage_on_screen = false;
    bool m_signage_enabled = true;
    bool m_swallow_gesture = false;
    transit::TransitBoard m_transit;
    std::vector<PlayRecord> m_played;
    std::string m_played_slide; // the showing last noted, "id/locale/start"
    static constexpr size_t kMaxPlayedQueued = 1024;
    void note_played(PlayRecord played);
    alerts::AlertBoard m_alerts;
    std::optional<alerts::AlertBoard> m_board_before_preview; // open_screen("alert/...")
    uint64_t m_alert_revision = 0;                            // the board's revision last shown
    double m_alert_since_ms = 0;                              // when that revision was first shown
    bool m_alert_collapsed = false, m_alert_expanded = false;
    float m_alert_scroll = 0; // the alert screen scrolls on its own
    int m_tones_rung = 0;
    bool m_tone_before_speech = false; // the tone waits for the alert's reading to join it
    void ring_attention_tone();
    // The speech and audio device, opened on first use; null where there is no audio.
    access::Speech* audio();
    bool m_alert_scroll_row = false;
    screens::AlertView alert_view(const alerts::AlertInForce& shown, int others,
                                  double now_ms) const;
    std::string m_release_version, m_offered_release_version;
    int64_t m_release_expires_unix = 0, m_offered_release_expires_unix = 0;
    void take_offered_bundle(render::Surface& surface);
    bool is_broken_video(const content::Slide& slide) const;
    static constexpr int kMaxSkippedSlides = 200; // a playlist's own limit
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
    double m_last_frame_ms = 0; // of the last whole frame presented
    int m_idle_seconds = 90;
    int m_idle_override = 0; // 0: the bundle's
    std::string m_focus;     // target id with keyboard focus; empty: none shown
    NavKey m_pending = NavKey::None;
    bool m_focus_to_first = false;

    void update_speech(const screens::ScreenContext& ctx, const std::string& drawn_screen);
    std::unique_ptr<access::Speech> m_speech;
    std::string m_spoken_caption;
    VideoStage m_video; // after m_speech: a clip's player goes before the audio device
    bool m_speech_unavailable = false;
    std::string m_spoken_screen, m_spoken_focus, m_last_spoken;
};

} // namespace kiosk::app
