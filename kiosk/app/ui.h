#pragma once
// Ui: the kiosk's immediate-mode widgets. Dear ImGui supplies the draw lists and the
// SDL_Renderer backend; text goes through our engine; hit testing is our own, because a
// public touch screen needs tap-versus-drag rules that a desktop GUI does not.

#include "player/access/theme.h"
#include "player/render/text_renderer.h"
#include "player/text/paragraph_cache.h"

#include <imgui.h>

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
};

// Every interactive element drawn in a frame, for touch-target and focus checks.
struct HitTarget {
    std::string id;
    Rect rect;
    std::string label; // what speech says when it is focused (ruby markup kept)
};

// Every text box drawn in a frame, for clipping and overlap checks.
struct TextBox {
    Rect rect; // the box the text was given
    Rect ink;  // the box the laid-out text needs
};

enum class ButtonStyle { Normal, Accent, Bar };
enum class IconPlacement { Side, Above };

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
                                                  text::Align align = text::Align::Start) const;
    // Draws a paragraph; returns its height. Records the box for clipping checks.
    float text(std::string_view text, Rect box, float px, ImU32 color,
               text::Weight weight = text::Weight::Regular, text::Align align = text::Align::Start);
    void draw_paragraph(const text::Paragraph& p, ImVec2 origin, ImU32 color);

    // A large button with an optional icon above or beside its label. Returns true when
    // tapped (pressed and released inside, without dragging).
    // `label_px` 0 means the standard label size, px(34).
    bool button(std::string_view id, Rect r, std::string_view label, std::string_view icon = {},
                ButtonStyle style = ButtonStyle::Normal,
                IconPlacement placement = IconPlacement::Side, float label_px = 0);

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
    std::vector<uint32_t> m_missing;
};

} // namespace kiosk::app
