#pragma once
// Ui: the kiosk's immediate-mode widgets. Dear ImGui supplies the draw lists and the
// SDL_Renderer backend; text goes through our engine; hit testing is our own, because a
// public touch screen needs tap-versus-drag rules that a desktop GUI does not.

#include "player/access/theme.h"
#include "player/render/text_renderer.h"
#include "player/text/paragraph_cache.h"

#include <imgui.h>

#include <algorithm>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace kiosk::app {

using access::default_theme;
using access::find_theme;
using access::Theme;

// Pointer state for one frame, from touch or mouse.
struct PointerInput {
    ImVec2 pos{-1, -1};
    ImVec2 press_pos{-1, -1};
    bool down = false;
    bool pressed = false;  // went down this frame
    bool released = false; // went up this frame
    bool dragged = false;  // moved beyond the tap slop since it went down
    float drag_dy = 0;     // vertical movement this frame while down
};

struct Rect {
    float x = 0, y = 0, w = 0, h = 0;
    ImVec2 min() const { return {x, y}; }
    ImVec2 max() const { return {x + w, y + h}; }
    bool contains(ImVec2 p) const { return p.x >= x && p.y >= y && p.x < x + w && p.y < y + h; }
    bool empty() const { return w <= 0 || h <= 0; }
    // The part of this rectangle inside `clip` (empty when they do not meet).
    Rect clipped_to(const Rect& clip) const {
        float x0 = std::max(x, clip.x), y0 = std::max(y, clip.y);
        float x1 = std::min(x + w, clip.x + clip.w), y1 = std::min(y + h, clip.y + clip.h);
        return {x0, y0, std::max(0.f, x1 - x0), std::max(0.f, y1 - y0)};
    }
};

// Every interactive element drawn in a frame, for touch-target and focus checks.
struct HitTarget {
    std::string id;
    Rect rect;         // as laid out (may extend under the chrome while scrolled)
    std::string label; // what speech says when it is focused (ruby markup kept)
    Rect visible;      // what a tap can reach: `rect` clipped to its scroll view
};

// What a text box is, for the word-break rule: labels and headings never break a word.
enum class TextRole : uint8_t { Body, Label, Heading };

// Every text box drawn in a frame, for clipping and overlap checks.
struct TextBox {
    Rect rect; // the box the text was given
    Rect ink;  // the box the laid-out text needs
    Rect clip; // the visible region it was drawn in
    TextRole role = TextRole::Body;
    std::string owner; // the target whose label this is, or empty
    std::shared_ptr<const text::Paragraph> paragraph;
};

// Something a visitor must see without scrolling (the first choice of a screen, every
// answer of a question, the checklist's first item and its QR code), for the audit.
struct MustSee {
    std::string what;
    Rect rect;
    Rect clip;
};

// A picture as drawn, for the rule that pictures keep their size at every text size.
struct DrawnImage {
    std::string path;
    Rect rect;
};

enum class ButtonStyle { Normal, Accent, Bar };
enum class IconPlacement { Side, Above, Only }; // Only: the icon alone (label for speech)

class Ui {
  public:
    Ui(ImDrawList* list, render::TextRenderer& text, text::ParagraphCache& cache,
       const Theme& theme, const PointerInput& input, std::string locale, ImVec2 size,
       float text_scale);

    const Theme& theme() const { return m_theme; }
    const std::string& locale() const { return m_locale; }
    // Draw what follows in another language (a language picker names each in its own).
    void set_locale(std::string locale) { m_locale = std::move(locale); }
    ImVec2 size() const { return m_size; }
    ImDrawList* list() const { return m_list; }
    const PointerInput& input() const { return *m_input; }
    void set_input(const PointerInput& input) { m_input = &input; }

    // Layout unit: 1 at 1080 pixels on the short side.
    float unit() const { return m_unit; }
    // A text size in pixels: `base` at 1080p, times the visitor's text size.
    float px(float base) const { return base * m_unit * m_text_scale; }
    float text_scale() const { return m_text_scale; }

    std::shared_ptr<const text::Paragraph> layout(std::string_view text, float px, float max_width,
                                                  text::Weight weight = text::Weight::Regular,
                                                  text::Align align = text::Align::Start,
                                                  TextRole role = TextRole::Body) const;
    // Labels and headings break between words only (Japanese: between phrases).
    std::shared_ptr<const text::Paragraph>
    label_layout(std::string_view text, float px, float max_width,
                 text::Align align = text::Align::Start) const {
        return layout(text, px, max_width, text::Weight::Bold, align, TextRole::Label);
    }

    // The visible region: drawing, taps and the audit all stop at it. Nested regions
    // intersect.
    void push_clip(Rect r);
    void pop_clip();
    Rect clip() const { return m_clips.empty() ? Rect{0, 0, m_size.x, m_size.y} : m_clips.back(); }

    // The next button() is drawn greyed and cannot be tapped or focused (a page button at
    // the end of its page).
    void next_disabled() { m_next_disabled = true; }
    // Records that `r` must be fully visible without scrolling (see MustSee).
    void must_see(std::string what, Rect r) { m_must_see.push_back({std::move(what), r, clip()}); }
    // The next button() must be fully visible without scrolling.
    void next_must_see() { m_next_must_see = true; }
    void note_image(std::string path, Rect r) { m_images.push_back({std::move(path), r}); }
    // The region the screen's own content gets between the bars.
    void set_content_area(Rect r) { m_content_area = r; }
    Rect content_area() const { return m_content_area; }
    // Draws a paragraph; returns its height. Records the box for clipping checks.
    float text(std::string_view text, Rect box, float px, ImU32 color,
               text::Weight weight = text::Weight::Regular, text::Align align = text::Align::Start,
               TextRole role = TextRole::Body);
    // A heading or a label: bold, and words (Japanese phrases) are never split across lines.
    float heading(std::string_view text, Rect box, float px, ImU32 color,
                  text::Align align = text::Align::Start) {
        return this->text(text, box, px, color, text::Weight::Bold, align, TextRole::Heading);
    }
    void draw_paragraph(const text::Paragraph& p, ImVec2 origin, ImU32 color);

    // A large button with an optional icon above or beside its label. Returns true when
    // tapped (pressed and released inside, without dragging).
    // `label_px` 0 means the standard label size, px(34).
    bool button(std::string_view id, Rect r, std::string_view label, std::string_view icon = {},
                ButtonStyle style = ButtonStyle::Normal,
                IconPlacement placement = IconPlacement::Side, float label_px = 0);

    // A tappable region its caller draws (an alert banner in its own colours): a target
    // like a button's, tapped or activated by focus the same way; draws only the focus ring.
    bool hotspot(std::string_view id, Rect r, std::string_view label);

    // Ruby readings above kanji: on by default; a screen may switch them off (a dense
    // table, say) for what it draws after the call.
    void set_ruby(bool on) { m_ruby = on; }
    bool ruby() const { return m_ruby; }

    // Keyboard and keypad focus: the target with this id draws a focus ring, and
    // `activate` presses it as a tap would.
    void set_focus(std::string id, bool activate) {
        m_focus_id = std::move(id);
        m_activate = activate;
    }

    // The wrap width button() gives a label beside an icon, so that callers can size a
    // button to fit its label before drawing it.
    float side_label_width(float w, float h, bool has_icon) const;
    // The height a side-icon button needs for `label` at width `w` (at least `min_h`).
    float side_button_height(std::string_view label, float w, bool has_icon, float min_h,
                             float label_px = 0) const;
    // The height an icon-above button needs for `label` at width `w`.
    float above_button_height(std::string_view label, float w, float icon_size, float min_h,
                              float label_px = 0) const;

    const std::vector<HitTarget>& targets() const { return m_targets; }
    const std::vector<TextBox>& text_boxes() const { return m_text_boxes; }
    const std::vector<MustSee>& must_see_list() const { return m_must_see; }
    const std::vector<DrawnImage>& images() const { return m_images; }
    // Code points drawn this frame that no font in the set covers (shown as tofu).
    const std::vector<uint32_t>& missing_glyphs() const { return m_missing; }

  private:
    ImDrawList* m_list;
    render::TextRenderer& m_text;
    text::ParagraphCache& m_cache;
    const Theme& m_theme;
    const PointerInput* m_input;
    std::string m_locale;
    ImVec2 m_size;
    float m_unit;
    float m_text_scale;
    bool m_ruby = true;
    std::string m_focus_id;
    bool m_activate = false;
    std::vector<HitTarget> m_targets;
    std::vector<TextBox> m_text_boxes;
    std::vector<Rect> m_clips;
    std::vector<MustSee> m_must_see;
    std::vector<DrawnImage> m_images;
    Rect m_content_area;
    bool m_next_disabled = false;
    bool m_next_must_see = false;
    std::vector<uint32_t> m_missing;
};

} // namespace kiosk::app
