#include "kiosk/app/kiosk_app.h"

#include "player/text/ruby_markup.h"

#include <algorithm>
#include <cmath>

namespace kiosk::app {

Result<std::unique_ptr<KioskApp>>
KioskApp::create(std::shared_ptr<const content::Bundle> bundle,
                 std::optional<::kiosk::bundle::BundleFiles> files) {
    auto fonts = text::FontSet::load_default();
    if (!fonts) return fonts.error();
    auto strings = UiStrings::load_default();
    if (!strings) return strings.error();
    std::unique_ptr<KioskApp> app(
        new KioskApp(std::move(bundle), std::move(*fonts), std::move(*strings), std::move(files)));
    app->reset_session();
    return app;
}

KioskApp::KioskApp(std::shared_ptr<const content::Bundle> bundle,
                   std::unique_ptr<text::FontSet> fonts, UiStrings strings,
                   std::optional<::kiosk::bundle::BundleFiles> files)
    : m_bundle(std::move(bundle)), m_files(std::move(files)), m_fonts(std::move(fonts)),
      m_strings(std::move(strings)), m_atlas(*m_fonts, text::AtlasConfig{1024, 12}),
      m_cache(*m_fonts) {}

void KioskApp::reset_session() {
    m_session = screens::Session{};
    m_session.locale = m_bundle->default_locale;
    m_session.theme = m_bundle->theme;
    m_idle_seconds = m_idle_override > 0 ? m_idle_override : m_bundle->idle_seconds;
    m_focus.clear();
    m_focus_to_first = false;
    m_pending = NavKey::None;
}

bool KioskApp::session_is_pristine() const {
    return m_session.screen == "home" && m_session.history.empty() && m_session.answers.empty() &&
           m_session.locale == m_bundle->default_locale && m_session.text_size == 1 &&
           m_session.theme == m_bundle->theme && m_focus.empty();
}

int KioskApp::idle_warning_seconds_left(double now_ms) const {
    if (session_is_pristine()) return 0;
    double idle = now_ms - m_last_input_ms - double(m_idle_seconds) * 1000.0;
    if (idle < 0) return 0;
    return std::max(0, kIdleWarningSeconds - int(idle / 1000.0));
}

double KioskApp::next_idle_event_ms(double now_ms) const {
    if (session_is_pristine()) return 0;
    double warning_at = m_last_input_ms + double(m_idle_seconds) * 1000.0;
    if (now_ms < warning_at) return warning_at;
    // During the countdown: every second.
    return now_ms + 1000.0 - std::fmod(now_ms - warning_at, 1000.0);
}

void KioskApp::press_key(NavKey key) {
    m_pending = key;
}

void KioskApp::update_speech(const screens::ScreenContext& ctx, const std::string& drawn_screen) {
    if (!m_session.speech) {
        if (m_speech) m_speech->stop();
        m_spoken_screen.clear();
        m_spoken_focus.clear();
        return;
    }
    if (!m_speech && !m_speech_unavailable) {
        auto speech = access::Speech::create();
        if (!speech) { // no audio here: the kiosk goes on without a voice
            m_speech_unavailable = true;
            return;
        }
        m_speech = std::move(*speech);
    }
    if (!m_speech) return;
    m_speech->set_rate(m_session.speech_rate);
    m_speech->set_volume(m_session.speech_volume);
    const std::string& locale = m_session.locale;

    if (drawn_screen != m_spoken_screen) {
        // A new screen: its title and text, replacing whatever was being read. Recorded
        // narration from the bundle wins over synthesis.
        m_spoken_screen = drawn_screen;
        m_spoken_focus = m_focus;
        std::string recording = "audio/" + drawn_screen + "/" + locale + ".wav";
        std::replace(recording.begin() + 6, recording.end() - int(locale.size()) - 5, '/', '~');
        if (m_files && m_files->contains(recording))
            if (auto bytes = m_files->read(recording);
                bytes && m_speech->play_recording(*bytes).ok()) {
                m_last_spoken = recording;
                return;
            }
        // Japanese kanji are read from their ruby readings.
        m_last_spoken =
            text::ruby_reading(ctx.spoken_title) + "\n" + text::ruby_reading(ctx.spoken_text);
        m_speech->say(m_last_spoken, locale);
        return;
    }
    if (m_focus != m_spoken_focus) {
        m_spoken_focus = m_focus;
        for (const HitTarget& t : m_targets)
            if (t.id == m_focus) {
                m_last_spoken = text::ruby_reading(t.label);
                m_speech->say(m_last_spoken, locale);
            }
    }
}

bool KioskApp::frame(render::Surface& surface, render::TextRenderer& text,
                     const PointerInput& input, double now_ms, bool present) {
    const Theme* theme = find_theme(m_session.theme);
    if (!theme) theme = &default_theme();
    m_atlas.begin_frame();
    ImDrawList* list = surface.begin_frame();
    const ImVec2 size(float(surface.width()), float(surface.height()));
    const screens::Session before = m_session;
    const std::string focus_before = m_focus;
    if (m_session.screen != "home" || !session_is_pristine()) {
        // Time is up: wipe everything the visitor chose, before drawing anything of it.
        double idle = now_ms - m_last_input_ms - double(m_idle_seconds) * 1000.0;
        if (idle >= kIdleWarningSeconds * 1000.0 && !session_is_pristine()) reset_session();
    }
    const int warning = idle_warning_seconds_left(now_ms);

    // Keys: movement uses the targets of the last frame; Select presses the focused one.
    const bool rtl = text::locale_direction(m_session.locale) == text::Direction::Rtl;
    bool activate = false;
    bool go_back = false, go_home = false, go_help = false;
    switch (m_pending) {
    case NavKey::None:
        break;
    case NavKey::Select:
        activate = !m_focus.empty() || warning > 0;
        break;
    case NavKey::Back:
        go_back = true;
        break;
    case NavKey::Home:
        go_home = true;
        break;
    case NavKey::Help:
        go_help = true;
        break;
    default:
        m_focus = move_focus(m_targets, m_focus, m_pending, rtl);
        break;
    }
    m_pending = NavKey::None;

    // While the idle warning shows, the screen under it takes no input.
    static const PointerInput no_input;
    Ui ui(list, text, m_cache, *theme, warning > 0 ? no_input : input, m_session.locale, size,
          screens::text_scale_for(m_session.text_size));
    ui.set_focus(warning > 0 ? std::string() : m_focus, activate);
    screens::ScreenContext ctx(ui, m_session, *m_bundle, m_strings, m_clock, now_ms);
    ctx.go_back = go_back;
    ctx.go_home = go_home;
    if (go_help) ctx.go_to = "staff";
    ctx.image = [&](const std::string& path) -> const render::ImageTexture* {
        if (!m_files) return nullptr;
        return &surface.images().get(path, [&] { return m_files->read(path); });
    };
    screens::draw_screen(ctx);
    if (warning > 0) {
        ui.set_input(input);
        ui.set_focus("idle/continue", activate);
        if (screens::draw_idle_warning(ctx, warning)) note_input(now_ms);
    }
    // A frame that leaves its screen is not worth showing: the next screen is drawn and
    // presented at once instead (halves the time from a tap to what it opens).
    const bool navigating =
        ctx.go_home || ctx.go_back || (!ctx.go_to.empty() && ctx.go_to != m_session.screen);
    if (present && !navigating) {
        text.upload();
        surface.end_frame(theme->background);
    } else {
        surface.discard_frame();
    }
    m_targets = ui.targets();
    update_speech(ctx, before.screen);
    m_text_boxes = ui.text_boxes();
    m_missing = ui.missing_glyphs();
    m_must_see = ui.must_see_list();
    m_images = ui.images();
    m_content_area = ui.content_area();
    // Another language or text size lays the screen out anew: whether it needs page
    // buttons is measured again.
    if (m_session.locale != before.locale || m_session.text_size != before.text_size)
        m_session.scroll_row = false;

    // A new screen starts at its top; whether it needs page buttons is measured again.
    auto enter = [&](std::string screen) {
        m_session.screen = std::move(screen);
        m_session.scroll = 0;
        m_session.scroll_row = false;
        m_session.qr_part = 0;
    };
    if (ctx.go_home) {
        m_session.history.clear();
        enter("home");
    } else if (ctx.go_back) {
        std::string previous = m_session.history.empty() ? "home" : m_session.history.back();
        if (!m_session.history.empty()) m_session.history.pop_back();
        enter(std::move(previous));
    } else if (!ctx.go_to.empty() && ctx.go_to != m_session.screen) {
        m_session.history.push_back(m_session.screen);
        enter(ctx.go_to);
    }
    // Keyboard users land on the first target of a new screen (once it has been drawn).
    bool refocused = false;
    if (m_session.screen != before.screen && !m_focus.empty()) {
        m_focus.clear();
        m_focus_to_first = true;
    } else if (m_focus_to_first && !m_targets.empty()) {
        m_focus = reading_order(m_targets, rtl).front()->id;
        m_focus_to_first = false;
        refocused = true;
        m_spoken_focus = m_focus; // the screen's own reading goes on; it is not cut short
    }
    if (present && navigating) {
        static const PointerInput no_input;
        frame(surface, text, no_input, now_ms, true);
        return true;
    }
    return refocused || m_focus != focus_before || m_session.screen != before.screen ||
           m_session.locale != before.locale || m_session.text_size != before.text_size ||
           m_session.theme != before.theme || m_session.scroll != before.scroll ||
           m_session.scroll_row != before.scroll_row;
}

} // namespace kiosk::app
