#pragma once
// What every screen draws with, and the screen IDs of the command-line contract:
// home, lang, category/<id>, page/<id>, procedure/<id>/<step>, checklist/<id>/<answers>.

#include "kiosk/app/ui.h"
#include "kiosk/app/ui_strings.h"
#include "kiosk/screens/clock_text.h"
#include "kiosk/screens/procedure_path.h"
#include "player/content/bundle_model.h"
#include "player/render/image_cache.h"
#include "player/transit/transit_board.h"

#include <functional>
#include <map>
#include <string>
#include <vector>

namespace kiosk::app {
class VideoStage;
struct VideoRequest;
struct VideoShown;
} // namespace kiosk::app

namespace kiosk::screens {

// A visitor's session. Lives in memory only and is wiped on idle reset: nothing a visitor
// chose is written anywhere.
struct Session {
    std::string locale;
    int text_size = 1; // 1..4
    std::string theme = "default";
    std::string screen = "home";
    std::vector<std::string> history; // for Back
    float scroll = 0;
    bool low_reach = false;  // every control in the lower part of the screen
    bool speech = false;     // read aloud what is focused and each new screen
    int speech_rate = 160;   // words per minute
    int speech_volume = 80;  // percent
    bool scroll_row = false; // the last frame's content overflowed: show page up/down
    Answers answers;         // of the procedure on screen
    int qr_part = 0;         // which part of a checklist handed over in several QR codes
    bool captions = true;    // captions under sign-language clips
    bool clip_sound = false; // a clip's own sound, only when the visitor asks for it
};

// An emergency alert as this frame shows it: the texts of the info block picked for the
// visitor's language (kiosk_app.cpp), and how it is shown.
struct AlertView {
    bool full_screen = false;         // takes over the screen; otherwise a banner above the content
    bool drill = false;               // status Exercise: say so, clearly
    bool can_collapse = false;        // a visitor may hide it to the banner (after 10 s)
    std::vector<std::string> locales; // bundle locales the alert is written in, to switch to
    int others = 0;                   // further alerts in force
    std::string text_locale; // the bundle locale its texts are written in (fonts, direction)
    std::string event, headline, description, instruction, area, issuer;
    int64_t sent_unix = 0, onset_unix = 0, expires_unix = 0;
    bool severe = false; // Severe or Extreme: red; otherwise amber
};

// One signage slide as this frame shows it (kiosk_app.cpp takes it from the schedule).
struct SignageView {
    const content::Slide* slide = nullptr;
    std::string locale;                             // this showing's language
    const transit::TransitBoard* transit = nullptr; // the last good board, or null
    bool transit_stale = false;                     // older than the signage allows
};

struct ScreenContext {
    ScreenContext(app::Ui& ui_, Session& session_, const content::Bundle& bundle_,
                  const app::UiStrings& strings_, ClockFormatter& clock_, double now)
        : ui(ui_), session(session_), bundle(bundle_), strings(strings_), clock(clock_),
          now_ms(now) {}

    app::Ui& ui;
    Session& session;
    const content::Bundle& bundle;
    const app::UiStrings& strings;
    ClockFormatter& clock; // the top bar's, kept by the app across frames
    double now_ms = 0;     // wall clock for the clock and opening status (UDate)
    // The synced release on show, for staff (the staff screen): its version and expiry;
    // empty for a bundle given as a folder.
    std::string release_version;
    int64_t release_expires_unix = 0;
    // The alert this frame shows (full screen or as a banner); null when none.
    const AlertView* alert = nullptr;
    bool alert_hide = false;   // set by the alert screen: the visitor hid it
    bool alert_expand = false; // set by the banner: the visitor wants it whole again
    std::string go_to;         // set by a screen to navigate after this frame
    bool go_back = false;
    bool go_home = false;
    // What speech reads when this screen appears: its title, then its text (markup with
    // ruby; speech takes the readings).
    std::string spoken_title;
    std::string spoken_text;
    // The one video on screen (signage video slides, sign-language clips); null where the
    // caller has none (then videos show as unavailable).
    app::VideoStage* video = nullptr;
    // The caption showing now on a sign-language clip: speech reads each new one.
    std::string spoken_caption;
    // A picture of the bundle as a texture, or null (no files, or it does not decode).
    std::function<const render::ImageTexture*(const std::string& path)> image;

    std::string t(std::string_view key, std::initializer_list<app::MessageArg> args = {}) const {
        return strings.format(session.locale, key, args);
    }
};

struct ScreenRoute {
    std::string kind; // "home", "lang", "category", "page", "procedure", "checklist"
    std::string id;   // category, page or procedure id
    std::string rest; // step number or answers
};

ScreenRoute parse_screen_id(std::string_view id);
// Empty when the bundle can show `id`; otherwise why not.
std::string validate_screen_id(const content::Bundle& bundle, std::string_view id);
std::vector<std::string> list_screen_ids(const content::Bundle& bundle);

float text_scale_for(int text_size);
// Whether the visitor's language reads right to left: the one test every screen mirrors
// its layout by (columns, markers, the start side of bars and buttons).
bool is_rtl(const ScreenContext& ctx);

void draw_screen(ScreenContext& ctx);
void draw_home(ScreenContext& ctx);
void draw_language_picker(ScreenContext& ctx);
void draw_category(ScreenContext& ctx, const content::Category& category);
void draw_page(ScreenContext& ctx, const content::Page& page);
void draw_procedure_intro(ScreenContext& ctx, const content::Procedure& procedure);
void draw_question(ScreenContext& ctx, const content::Procedure& procedure,
                   const content::Question& question);
void draw_checklist(ScreenContext& ctx, const content::Procedure& procedure,
                    const Answers& answers);
void draw_staff_call(ScreenContext& ctx);
void draw_access_options(ScreenContext& ctx);
// Language, text size, accessibility and staff call as large choices (the bar's Menu).
void draw_menu(ScreenContext& ctx);
// Signage while nobody uses the kiosk (signage_screen.cpp): top bar, slide, message line.
void draw_signage(ScreenContext& ctx, const SignageView& view);
// Video (video_screens.cpp). A video fitted in `zone` on black; what was shown.
app::VideoShown draw_video(ScreenContext& ctx, const app::VideoRequest& request);
// A signage video slide in its zone (muted; looping or once, as authored).
void draw_video_slide(ScreenContext& ctx, const content::Slide& slide, app::Rect zone);
// The sign-language clip of a page or procedure screen (its screen ID), or "".
std::string sign_language_clip(const content::Bundle& bundle, std::string_view screen);
// The clearly marked button that opens the current screen's sign-language clip, at the top
// of `area` (start side); returns the height it took with its spacing (0 without a clip).
float draw_sign_language_button(ScreenContext& ctx, app::Rect area);
// The height draw_sign_language_button() will take at this width, for layouts that measure
// before they draw.
float sign_language_button_height(ScreenContext& ctx, float width);
// sign/<screen>: the clip of <screen> with large play/pause, restart, captions, sound and
// close controls, and captions in the visitor's language at their text size.
void draw_sign_language(ScreenContext& ctx, std::string_view screen);

// The privacy countdown over any screen. Returns true when the visitor chose to continue.
bool draw_idle_warning(ScreenContext& ctx, int seconds_left);
// The full-screen emergency alert (alert_screen.cpp), over every other screen.
void draw_alert(ScreenContext& ctx, const AlertView& alert);
// The banner under the top bar while an alert is in force but not full screen; returns
// its height (0 without an alert).
float draw_alert_banner(ScreenContext& ctx, float top);

// With low reach on, controls start this far down the screen (a fraction of its height).
constexpr float kLowReachTop = 0.45f;

// "Language / Language" in the visitor's language with the English word after it, so that a
// visitor who cannot read the current language still finds it; and "Text size 2/4".
std::string language_label(const ScreenContext& ctx);
std::string text_size_label(const ScreenContext& ctx);

// The bars around every screen. Returns the content area between them.
app::Rect draw_chrome(ScreenContext& ctx, std::string_view title);

// A vertically scrolling region: drag to scroll, large page up/down buttons at its end
// side when the content is taller than the view. begin returns the content rectangle
// (already offset by the scroll); end takes the content height actually used.
app::Rect begin_scroll(ScreenContext& ctx, app::Rect area);
void end_scroll(ScreenContext& ctx, app::Rect area, float content_height);

// The text of a checklist handed over as a QR code: short, plain, in the visitor's language.
// What the checklist's words come from: the bundle, the UI strings and the language.
struct ChecklistWords {
    const content::Bundle& bundle;
    const app::UiStrings& strings;
    std::string locale;
    std::string t(std::string_view key, std::initializer_list<app::MessageArg> args = {}) const {
        return strings.format(locale, key, args);
    }
};
// The checklist as handed over in QR codes: one code, or several parts (item by item)
// when one would be too dense to scan easily. Plain text (no ruby markup), with the
// procedure's official page when the bundle gives one.
std::vector<std::string> checklist_codes(const ChecklistWords& words,
                                         const content::Procedure& procedure,
                                         const Answers& answers);

} // namespace kiosk::screens
