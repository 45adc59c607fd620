#include "kiosk/app/kiosk_app.h"

#include "kiosk/app/layers.h"

#include "kiosk/app/transit_files.h"
#include "player/access/attention_tone.h"
#include "player/alerts/alert_language.h"
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

void KioskApp::offer_bundle(std::shared_ptr<const content::Bundle> bundle,
                            std::optional<::kiosk::bundle::BundleFiles> files,
                            std::string release_version, int64_t release_expires_unix) {
    m_offered = std::move(bundle);
    m_offered_files = std::move(files);
    m_offered_release_version = std::move(release_version);
    m_offered_release_expires_unix = release_expires_unix;
}

void KioskApp::take_offered_bundle(render::Surface& surface) {
    m_bundle = std::move(m_offered);
    m_files = std::move(m_offered_files);
    m_offered = nullptr;
    m_offered_files.reset();
    set_release(std::move(m_offered_release_version), m_offered_release_expires_unix);
    surface.images().clear(); // a picture's path may hold other bytes now
    m_video.reset_bundle();
    const auto& offered = m_bundle->locales;
    if (std::find(offered.begin(), offered.end(), m_session.locale) == offered.end())
        m_session.locale = m_bundle->default_locale;
    m_session.history.clear(); // Back must not lead into pages of the old version
    m_session.answers.clear();
    m_session.scroll = 0;
    m_idle_seconds = m_idle_override > 0 ? m_idle_override : m_bundle->idle_seconds;
}

bool KioskApp::attract_mode(double now_ms) const {
    return m_signage_enabled && m_bundle->signage.present && session_is_pristine() &&
           now_ms - m_last_input_ms >= double(m_idle_seconds) * 1000.0;
}

const schedule::SignageClock* KioskApp::signage_clock() {
    if (!m_signage_clock || m_signage_zone != m_bundle->time_zone) {
        m_signage_clock.reset();
        m_signage_zone = m_bundle->time_zone;
        if (auto clock = schedule::SignageClock::create(m_bundle->time_zone))
            m_signage_clock = std::move(*clock);
    }
    return m_signage_clock ? &*m_signage_clock : nullptr;
}

void KioskApp::note_played(PlayRecord played) {
    // Bounded: a caller that never drains loses the oldest, never the kiosk's memory.
    if (m_played.size() >= kMaxPlayedQueued) m_played.erase(m_played.begin());
    m_played.push_back(std::move(played));
}

Result<transit::TransitNames> KioskApp::transit_names() const {
    if (!m_files) return transit::TransitNames{};
    return load_transit_names(*m_files);
}

Status KioskApp::load_bundled_transit(const TransitLog& log) {
    const std::string& file = m_bundle->signage.transit.bundled_file;
    if (file.empty() || !m_files) return Ok{};
    auto names = transit_names();
    if (!names) return names.error();
    auto board = app::load_bundled_transit(*m_files, file, *names, log);
    if (!board) return board.error();
    m_transit = std::move(*board);
    return Ok{};
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
    // An alert that starts or ends by itself, or whose Hide button is due.
    double alert_event = 0;
    if (const int64_t change = m_alerts.next_change_unix(int64_t(now_ms / 1000)); change > 0)
        alert_event = double(change) * 1000.0;
    const double hide_at = m_alert_since_ms + kAlertCollapseSeconds * 1000.0;
    if (m_alert_revision != 0 && hide_at > now_ms)
        alert_event = alert_event > 0 ? std::min(alert_event, hide_at) : hide_at;
    // A video that never shows a picture is skipped once its time is up.
    if (const double check = m_video.next_check_ms(); check > 0)
        alert_event = alert_event > 0 ? std::min(alert_event, check) : check;
    auto sooner = [&](double idle) {
        if (alert_event <= 0) return idle;
        return idle <= 0 ? alert_event : std::min(idle, alert_event);
    };
    if (session_is_pristine()) {
        // Signage: the next slide, or the moment an untouched home screen turns to signage.
        if (!m_signage_enabled || !m_bundle->signage.present) return sooner(0);
        const double attract_at = m_last_input_ms + double(m_idle_seconds) * 1000.0;
        if (now_ms < attract_at) return sooner(attract_at);
        return sooner(m_play ? double(m_play->end_unix) * 1000.0 : 0);
    }
    double warning_at = m_last_input_ms + double(m_idle_seconds) * 1000.0;
    if (now_ms < warning_at) return sooner(warning_at);
    // During the countdown: every second.
    return sooner(now_ms + 1000.0 - std::fmod(now_ms - warning_at, 1000.0));
}

namespace {

Result<alerts::CapAlert> read_bundle_alert(const ::kiosk::bundle::BundleFiles& files,
                                           const std::string& id) {
    const std::string path = "alerts/" + id + ".xml";
    auto bytes = files.read(path, alerts::kMaxCapBytes);
    if (!bytes) return bytes.error();
    return alerts::parse_cap(*bytes, files.display_path(path));
}

} // namespace

std::vector<std::string> KioskApp::apply_bundle_alerts(const content::Bundle& bundle,
                                                       const ::kiosk::bundle::BundleFiles& files,
                                                       int64_t now_unix) {
    std::vector<std::string> lines;
    for (const std::string& id : bundle.alerts) {
        auto alert = read_bundle_alert(files, id);
        lines.push_back(alert ? m_alerts.apply(*alert, now_unix).message
                              : alert.error().describe());
    }
    return lines;
}

Status KioskApp::open_screen(const std::string& id) {
    m_session.screen = id;
    const screens::ScreenRoute route = screens::parse_screen_id(id);
    if (route.kind != "alert") {
        if (m_board_before_preview) {
            m_alerts = std::move(*m_board_before_preview);
            m_board_before_preview.reset();
            m_alert_revision = 0;
        }
        return Ok{};
    }
    if (!m_files) return make_error("alert/" + route.id + ": this bundle has no files to read");
    auto alert = read_bundle_alert(*m_files, route.id);
    if (!alert) return alert.error();
    if (!m_board_before_preview) m_board_before_preview = std::move(m_alerts);
    alerts::AlertPolicy preview = m_board_before_preview->policy();
    preview.show_exercises = true;
    preview.area_codes.clear();
    preview.ignore_times = true;
    m_alerts = alerts::AlertBoard(preview);
    m_alert_revision = 0;
    auto applied = m_alerts.apply(*alert, 0);
    if (applied.outcome != alerts::Outcome::Shown)
        return make_error(m_files->display_path("alerts/" + route.id + ".xml") +
                          ": not shown: " + applied.message);
    return Ok{};
}

namespace {

// CAP texts come with the XML's line breaks and indentation: lines are joined with a space
// and a blank line starts a new paragraph, so the text wraps to the screen, not the file.
std::string reflowed(const std::string& text) {
    std::string out;
    size_t start = 0;
    bool blank_pending = false;
    while (start <= text.size()) {
        size_t end = text.find('\n', start);
        if (end == std::string::npos) end = text.size();
        size_t a = start, b = end;
        while (a < b && (text[a] == ' ' || text[a] == '\t' || text[a] == '\r'))
            ++a;
        while (b > a && (text[b - 1] == ' ' || text[b - 1] == '\t' || text[b - 1] == '\r'))
            --b;
        if (a == b) {
            blank_pending = !out.empty();
        } else {
            // Scripts written without spaces (Japanese, Chinese, Thai) join without one.
            const bool wide = !out.empty() && static_cast<unsigned char>(out.back()) >= 0x80 &&
                              static_cast<unsigned char>(text[a]) >= 0x80;
            if (!out.empty()) out += blank_pending ? "\n" : wide ? "" : " ";
            out.append(text, a, b - a);
            blank_pending = false;
        }
        start = end + 1;
    }
    return out;
}

} // namespace

screens::AlertView KioskApp::alert_view(const alerts::AlertInForce& shown, int others,
                                        double now_ms) const {
    const alerts::CapAlert& alert = shown.alert;
    const alerts::CapInfo& info = alert.infos[alerts::pick_info(
        alert, m_session.locale, m_bundle->fallback_chain(m_session.locale))];
    screens::AlertView view;
    view.drill = shown.drill;
    view.others = others;
    view.text_locale = alerts::locale_for(info.language, m_bundle->locales);
    if (view.text_locale.empty()) view.text_locale = m_session.locale;
    view.event = reflowed(info.event);
    view.headline = reflowed(info.headline);
    view.description = reflowed(info.description);
    view.instruction = reflowed(info.instruction);
    for (const alerts::CapArea& area : info.areas)
        view.area += (view.area.empty() ? "" : "; ") + area.description;
    view.issuer = info.sender_name.empty() ? alert.sender : info.sender_name;
    view.sent_unix = alert.sent_unix;
    view.onset_unix = info.onset_unix;
    view.expires_unix = info.expires_unix;
    view.severe = alerts::worst_severity(alert) <= alerts::Severity::Severe;
    for (const alerts::CapInfo& other : alert.infos) {
        const std::string locale = alerts::locale_for(other.language, m_bundle->locales);
        if (!locale.empty() &&
            std::find(view.locales.begin(), view.locales.end(), locale) == view.locales.end())
            view.locales.push_back(locale);
    }
    const bool wants_full = shown.level == alerts::AlertLevel::FullScreen || m_alert_expanded;
    view.full_screen = wants_full && !m_alert_collapsed;
    // A lesser alert opened from its banner may be closed at once.
    view.can_collapse =
        m_alert_expanded || now_ms - m_alert_since_ms >= kAlertCollapseSeconds * 1000.0;
    return view;
}

access::Speech* KioskApp::audio() {
    if (!m_speech && !m_speech_unavailable) {
        auto speech = access::Speech::create();
        if (!speech) { // no audio here: the kiosk goes on without a voice or a tone
            m_speech_unavailable = true;
            return nullptr;
        }
        m_speech = std::move(*speech);
    }
    return m_speech.get();
}

namespace {

const std::string& attention_tone() {
    static const std::string tone = access::attention_tone_wav();
    return tone;
}

} // namespace

void KioskApp::ring_attention_tone() {
    if (!audio()) return; // the alert is still on the screen
    ++m_tones_rung;
    // With speech on, the alert is read out right after the tone (update_speech), in one
    // request, so that the reading does not cut the tone short.
    if (m_session.speech)
        m_tone_before_speech = true;
    else
        (void)m_speech->play_recording(attention_tone());
}

void KioskApp::press_key(NavKey key) {
    m_pending = key;
}

void KioskApp::update_speech(const screens::ScreenContext& ctx, const std::string& drawn_screen) {
    if (!m_session.speech) {
        // Stop what speech said when the visitor turns it off, but not an alert's tone.
        if (m_speech && !m_spoken_screen.empty()) m_speech->stop();
        m_spoken_screen.clear();
        m_spoken_focus.clear();
        return;
    }
    if (!audio()) return;
    m_speech->set_rate(m_session.speech_rate);
    m_speech->set_volume(m_session.speech_volume);
    const std::string& locale = m_session.locale;

    if (drawn_screen != m_spoken_screen) {
        // A new screen: its title and text, replacing whatever was being read. Recorded
        // narration from the bundle wins over synthesis.
        m_spoken_screen = drawn_screen;
        m_spoken_focus = m_focus;
        // An alert's tone goes before its reading (alert screens have no recordings).
        const bool tone_first = std::exchange(m_tone_before_speech, false);
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
        if (tone_first)
            (void)m_speech->play_then_say(attention_tone(), m_last_spoken, locale);
        else
            m_speech->say(m_last_spoken, locale);
        return;
    }
    if (!ctx.spoken_caption.empty() && ctx.spoken_caption != m_spoken_caption) {
        // A sign-language clip's new caption, read as it appears.
        m_spoken_caption = ctx.spoken_caption;
        m_last_spoken = text::ruby_reading(m_spoken_caption);
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
    if (m_offered && m_session.screen == "home") take_offered_bundle(surface);
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
    // A touch or key on signage only wakes the kiosk: the home screen comes in this very
    // frame, and the rest of that touch (up to its release) presses nothing.
    static const PointerInput no_input;
    if (m_signage_on_screen &&
        (input.pressed || input.down || input.released || m_pending != NavKey::None)) {
        m_swallow_gesture = true;
        m_pending = NavKey::None;
        note_input(now_ms);
    }
    const PointerInput& pointer = m_swallow_gesture ? no_input : input;
    if (m_swallow_gesture && !input.down) m_swallow_gesture = false;

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
    Ui ui(list, text, m_cache, *theme, warning > 0 ? no_input : pointer, m_session.locale, size,
          screens::text_scale_for(m_session.text_size));
    ui.set_focus(warning > 0 ? std::string() : m_focus, activate);
    screens::ScreenContext ctx(ui, m_session, *m_bundle, m_strings, m_clock, now_ms);
    ctx.release_version = m_release_version;
    ctx.release_expires_unix = m_release_expires_unix;
    ctx.go_back = go_back;
    ctx.go_home = go_home;
    if (go_help) ctx.go_to = "staff";
    m_video.begin_frame(surface, m_files ? &*m_files : nullptr, now_ms, present);
    ctx.video = &m_video;
    ctx.image = [&](const std::string& path) -> const render::ImageTexture* {
        if (!m_files) return nullptr;
        return &surface.images().get(path, [&] { return m_files->read(path); });
    };
    // Alerts: a new or updated alert comes back whole, even if a visitor hid the last one.
    const float alert_scroll_before = m_alert_scroll;
    bool alert_changed = false; // a new or updated alert is laid out anew
    const auto in_force = m_alerts.in_force(int64_t(now_ms / 1000));
    std::optional<screens::AlertView> alert;
    if (in_force.empty()) {
        m_alert_revision = 0;
        m_alert_collapsed = m_alert_expanded = false;
    } else {
        if (m_alerts.revision() != m_alert_revision) {
            // A new or updated alert: the attention tone, once (speech, when on, then
            // reads the alert itself).
            if (in_force.front()->level == alerts::AlertLevel::FullScreen && present)
                ring_attention_tone();
            m_alert_revision = m_alerts.revision();
            alert_changed = true;
            m_alert_since_ms = now_ms;
            m_alert_collapsed = m_alert_expanded = false;
            m_alert_scroll = 0;
            m_alert_scroll_row = false;
        }
        alert = alert_view(*in_force.front(), int(in_force.size()) - 1, now_ms);
        ctx.alert = &*alert;
    }
    // Signage: the slide the schedule plays now, or the one a staff preview names.
    const screens::ScreenRoute route = screens::parse_screen_id(m_session.screen);
    const bool signage_preview = route.kind == "signage";
    std::optional<screens::SignageView> signage;
    if (signage_preview) {
        if (const content::Slide* slide = m_bundle->signage.slide(route.id))
            signage = screens::SignageView{slide, m_session.locale};
    } else if (attract_mode(now_ms)) {
        const schedule::SignageClock* clock = signage_clock();
        m_play =
            clock ? schedule::slide_at(*m_bundle, *clock, int64_t(now_ms / 1000)) : std::nullopt;
        // A video slide whose file does not play gives its time to the slides after it
        // (never a black screen); with nothing playable left, the home screen shows.
        for (int skipped = 0; clock && m_play && is_broken_video(*m_play->slide); ++skipped) {
            auto next = skipped < kMaxSkippedSlides
                            ? schedule::slide_at(*m_bundle, *clock, m_play->end_unix)
                            : std::nullopt;
            if (next) next->start_unix = m_play->start_unix; // one showing, for proof of play
            m_play = next;
        }
        if (m_play) signage = screens::SignageView{m_play->slide, m_play->language};
    } else {
        m_play.reset();
    }
    if (signage && (m_transit.data_unix > 0 || !m_transit.lines.empty())) {
        signage->transit = &m_transit;
        signage->transit_stale = transit::is_stale(m_transit, int64_t(now_ms / 1000),
                                                   m_bundle->signage.transit.stale_minutes);
    }
    LayerWants wants;
    wants.alert = alert && alert->full_screen;
    wants.interactive = !session_is_pristine() && !signage_preview;
    wants.signage = signage.has_value();
    const Layer layer = top_layer(wants);
    m_signage_on_screen = layer == Layer::Signage && !signage_preview;
    // Proof of play: every alert the screen began to show, full screen or as a banner.
    if (alert_changed && present)
        note_played({int64_t(now_ms / 1000),
                     "alert",
                     in_force.front()->alert.identifier,
                     alert->text_locale,
                     {}});
    if (m_signage_on_screen && present &&
        (m_played_slide !=
         m_play->slide->id + "/" + m_play->language + "/" + std::to_string(m_play->start_unix))) {
        m_played_slide =
            m_play->slide->id + "/" + m_play->language + "/" + std::to_string(m_play->start_unix);
        note_played({m_play->start_unix, "slide", m_play->slide->id, m_play->language,
                     m_play->playlist ? m_play->playlist->id : std::string()});
    }
    if (layer == Layer::Signage) {
        screens::draw_signage(ctx, *signage);
    } else if (layer == Layer::Alert) {
        // Over every screen, the idle warning included; it scrolls on its own.
        std::swap(m_session.scroll, m_alert_scroll);
        std::swap(m_session.scroll_row, m_alert_scroll_row);
        screens::draw_alert(ctx, *alert);
        std::swap(m_session.scroll, m_alert_scroll);
        std::swap(m_session.scroll_row, m_alert_scroll_row);
    } else {
        screens::draw_screen(ctx);
        if (warning > 0) {
            ui.set_input(pointer);
            ui.set_focus("idle/continue", activate);
            if (screens::draw_idle_warning(ctx, warning)) note_input(now_ms);
        }
    }
    m_video.end_frame();
    // A video found broken while drawing: the next frame skips it.
    const bool video_failed = m_video.has_new_failure();
    if (ctx.alert_hide) m_alert_collapsed = true, m_alert_expanded = false;
    if (ctx.alert_expand) m_alert_expanded = true, m_alert_collapsed = false;
    // A frame that leaves its screen is not worth showing: the next screen is drawn and
    // presented at once instead (halves the time from a tap to what it opens).
    const bool navigating =
        ctx.go_home || ctx.go_back || (!ctx.go_to.empty() && ctx.go_to != m_session.screen);
    if (present && !navigating) {
        m_last_frame_ms = now_ms;
        text.upload();
        surface.end_frame(theme->background);
    } else {
        surface.discard_frame();
    }
    m_targets = ui.targets();
    update_speech(ctx, alert && alert->full_screen
                           ? "alert/" + std::to_string(m_alert_revision) + "/" + m_session.locale
                           : before.screen);
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
           m_session.scroll_row != before.scroll_row || ctx.alert_hide || ctx.alert_expand ||
           m_alert_scroll != alert_scroll_before || alert_changed || video_failed;
}

bool KioskApp::present_video_frame(render::Surface& surface, double now_ms) {
    if (!m_signage_on_screen || m_pending != NavKey::None) return false;
    if (std::floor(now_ms / 60000.0) != std::floor(m_last_frame_ms / 60000.0)) return false;
    if (const double next = next_idle_event_ms(now_ms); next > 0 && now_ms >= next) return false;
    return m_video.present_new_frame(surface.renderer());
}

bool KioskApp::is_broken_video(const content::Slide& slide) const {
    return slide.kind == content::SlideKind::Video && m_video.failed(slide.video);
}

} // namespace kiosk::app
