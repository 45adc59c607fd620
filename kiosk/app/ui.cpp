#include "kiosk/app/ui.h"

#include "kiosk/app/icons.h"

#include <algorithm>
#include <cmath>

namespace kiosk::app {

Ui::Ui(ImDrawList* list, render::TextRenderer& text, text::ParagraphCache& cache,
       const Theme& theme, const PointerInput& input, std::string locale, ImVec2 size,
       float text_scale)
    : m_list(list), m_text(text), m_cache(cache), m_theme(theme), m_input(&input),
      m_locale(std::move(locale)), m_size(size), m_unit(std::min(size.x, size.y) / 1080.f),
      m_text_scale(text_scale) {}

std::shared_ptr<const text::Paragraph> Ui::layout(std::string_view s, float px, float max_width,
                                                  text::Weight weight, text::Align align,
                                                  TextRole role) const {
    text::LayoutStyle style;
    style.locale = m_locale;
    style.px = std::round(px);
    style.max_width = std::max(0.f, std::floor(max_width));
    style.weight = weight;
    style.align = align;
    style.ruby = m_ruby;
    style.phrase_breaks = role != TextRole::Body;
    return m_cache.get(s, style);
}

void Ui::push_clip(Rect r) {
    r = r.clipped_to(clip());
    m_clips.push_back(r);
    m_list->PushClipRect(r.min(), r.max(), false);
}

void Ui::pop_clip() {
    if (m_clips.empty()) return;
    m_clips.pop_back();
    m_list->PopClipRect();
}

namespace {

// The box a laid-out paragraph's ink occupies when drawn at `origin` (alignment moves
// lines inside the paragraph box).
Rect ink_box(const text::Paragraph& p, ImVec2 origin) {
    if (p.lines.empty()) return {origin.x, origin.y, 0, p.height};
    float left = 1e30f, right = -1e30f;
    for (const auto& line : p.lines) {
        left = std::min(left, line.left);
        right = std::max(right, line.left + line.width);
    }
    return {origin.x + left, origin.y, std::max(0.f, right - left), p.height};
}

} // namespace

void Ui::draw_paragraph(const text::Paragraph& p, ImVec2 origin, ImU32 color) {
    m_text.draw(m_list, p, origin, color);
    m_missing.insert(m_missing.end(), p.missing.begin(), p.missing.end());
}

float Ui::text(std::string_view s, Rect box, float px, ImU32 color, text::Weight weight,
               text::Align align, TextRole role) {
    auto p = layout(s, px, box.w, weight, align, role);
    draw_paragraph(*p, box.min(), color);
    Rect ink = ink_box(*p, box.min());
    // The overflow check wants the widest line against the box, wherever alignment put it.
    ink.w = std::max(ink.w, p->width);
    m_text_boxes.push_back({box, ink, clip(), role, {}, p});
    return p->height;
}

float Ui::side_label_width(float w, float h, bool has_icon) const {
    const float pad = 16 * m_unit;
    const float icon_room = has_icon ? std::min(h * 0.55f, 64 * m_unit) + pad : 0;
    return w - 2 * pad - icon_room;
}

float Ui::side_button_height(std::string_view label, float w, bool has_icon, float min_h,
                             float label_px) const {
    // The icon shrinks in buttons lower than 117 px; assume the full icon, the wider case.
    auto p = label_layout(label, label_px > 0 ? label_px : px(34),
                          side_label_width(w, std::max(min_h, 117 * m_unit), has_icon),
                          has_icon ? text::Align::Start : text::Align::Center);
    return std::max(min_h, p->height + 32 * m_unit);
}

namespace {

// The icon of an icon-above button: a third of its width, at most 120 px at 1080p and
// 30 % of its height.
float above_icon_size(float w, float h, float unit) {
    return std::min({w * 0.34f, 120 * unit, h * 0.3f});
}

} // namespace

float Ui::above_button_height(std::string_view label, float w, float /*icon_size*/, float min_h,
                              float label_px) const {
    const float pad = 16 * m_unit;
    auto p =
        label_layout(label, label_px > 0 ? label_px : px(34), w - 2 * pad, text::Align::Center);
    // Solve h = icon(h) + label + 3 pad, where the icon is capped at 30 % of h.
    const float rest = p->height + 3 * pad;
    const float full_icon = std::min(w * 0.34f, 120 * m_unit);
    float h = full_icon + rest;
    if (full_icon > 0.3f * h) h = rest / 0.7f;
    return std::max(min_h, std::ceil(h) + 1);
}

bool Ui::hotspot(std::string_view id, Rect r, std::string_view label) {
    const Rect visible = r.clipped_to(clip());
    if (visible.empty()) return false;
    m_targets.push_back({std::string(id), r, std::string(label), visible});
    const bool focused = !m_focus_id.empty() && id == m_focus_id;
    if (focused) {
        const float ring = std::max(3.f, 6 * m_unit);
        m_list->AddRect(ImVec2(r.x + ring, r.y + ring), ImVec2(r.x + r.w - ring, r.y + r.h - ring),
                        m_theme.focus, 0, 0, ring * 1.5f);
    }
    return (m_input->released && visible.contains(m_input->press_pos) &&
            visible.contains(m_input->pos) && !m_input->dragged) ||
           (focused && m_activate);
}

bool Ui::button(std::string_view id, Rect r, std::string_view label, std::string_view icon,
                ButtonStyle style, IconPlacement placement, float label_px_override) {
    const bool disabled = m_next_disabled;
    m_next_disabled = false;
    if (m_next_must_see) must_see(std::string(id), r);
    m_next_must_see = false;
    // Only the part inside the visible region takes taps: a button scrolled under the
    // chrome is not there for a finger.
    const Rect visible = r.clipped_to(clip());
    if (!disabled && !visible.empty())
        m_targets.push_back({std::string(id), r, std::string(label), visible});
    const bool inside_now = visible.contains(m_input->pos);
    const bool pressed_inside = visible.contains(m_input->press_pos);
    const bool armed =
        !disabled && m_input->down && pressed_inside && inside_now && !m_input->dragged;
    const bool focused = !disabled && !m_focus_id.empty() && id == m_focus_id;
    const bool tapped =
        !disabled && ((m_input->released && pressed_inside && inside_now && !m_input->dragged) ||
                      (focused && m_activate));

    ImU32 fill = m_theme.button, ink = m_theme.button_text;
    if (style == ButtonStyle::Accent) fill = m_theme.accent, ink = m_theme.accent_text;
    if (style == ButtonStyle::Bar) fill = m_theme.bar, ink = m_theme.bar_text;
    if (armed) fill = m_theme.button_pressed, ink = m_theme.button_text;
    if (disabled) fill = m_theme.background, ink = m_theme.muted_text;

    const float rounding = 12 * m_unit;
    m_list->AddRectFilled(r.min(), r.max(), fill, rounding);
    if (style != ButtonStyle::Bar && !disabled)
        m_list->AddRect(r.min(), r.max(), m_theme.muted_text, rounding, 0,
                        std::max(1.f, 2 * m_unit));
    if (disabled) // a dashed-looking thin frame: present, but plainly not a button now
        m_list->AddRect(r.min(), r.max(), m_theme.muted_text, rounding, 0, std::max(1.f, m_unit));

    if (focused) { // large and unmistakable: 6 px at 1080p, in a colour 3:1 against both
        const float ring = std::max(3.f, 6 * m_unit);
        // Two tones: the ring stands out on light surfaces, its halo on the dark bars.
        const float halo = ring * 0.6f;
        m_list->AddRect(ImVec2(r.x - 2 * ring, r.y - 2 * ring),
                        ImVec2(r.x + r.w + 2 * ring, r.y + r.h + 2 * ring), m_theme.focus_halo,
                        rounding + 2 * ring, 0, halo * 1.5f);
        m_list->AddRect(ImVec2(r.x - ring, r.y - ring), ImVec2(r.x + r.w + ring, r.y + r.h + ring),
                        m_theme.focus, rounding + ring, 0, ring * 1.5f);
    }

    const float pad = 16 * m_unit;
    const float label_px = label_px_override > 0 ? label_px_override : px(34);
    const std::string owner(id);
    const bool rtl = text::locale_direction(m_locale) == text::Direction::Rtl;
    if (!icon.empty() && placement == IconPlacement::Only) {
        draw_icon(m_list, icon, ImVec2(r.x + r.w / 2, r.y + r.h / 2), std::min({r.w, r.h}) * 0.55f,
                  ink, rtl);
    } else if (!icon.empty() && placement == IconPlacement::Above) {
        float icon_size = above_icon_size(r.w, r.h, m_unit);
        auto p = label_layout(label, label_px, r.w - 2 * pad, text::Align::Center);
        float total = icon_size + pad + p->height;
        float top = r.y + std::max(pad, (r.h - total) / 2);
        draw_icon(m_list, icon, ImVec2(r.x + r.w / 2, top + icon_size / 2), icon_size, ink, rtl);
        ImVec2 origin(r.x + pad, top + icon_size + pad);
        draw_paragraph(*p, origin, ink);
        Rect ink_rect = ink_box(*p, origin);
        ink_rect.w = std::max(ink_rect.w, p->width);
        m_text_boxes.push_back({Rect{r.x + pad, origin.y, r.w - 2 * pad, r.y + r.h - origin.y},
                                ink_rect, clip(), TextRole::Label, owner, p});
    } else {
        // The icon leads the label: on the left in left-to-right languages, on the right
        // in Arabic.
        float icon_size = icon.empty() ? 0 : std::min(r.h * 0.55f, 64 * m_unit);
        float icon_room = icon.empty() ? 0 : icon_size + pad;
        float text_left = r.x + pad + (rtl ? 0 : icon_room);
        float text_width = side_label_width(r.w, r.h, !icon.empty());
        auto p = label_layout(label, label_px, text_width,
                              icon.empty() ? text::Align::Center : text::Align::Start);
        float icon_x = rtl ? r.x + r.w - pad - icon_size / 2 : r.x + pad + icon_size / 2;
        if (!icon.empty())
            draw_icon(m_list, icon, ImVec2(icon_x, r.y + r.h / 2), icon_size, ink, rtl);
        ImVec2 origin(text_left, r.y + (r.h - p->height) / 2);
        draw_paragraph(*p, origin, ink);
        Rect ink_rect = ink_box(*p, origin);
        ink_rect.w = std::max(ink_rect.w, p->width);
        m_text_boxes.push_back(
            {Rect{text_left, r.y, text_width, r.h}, ink_rect, clip(), TextRole::Label, owner, p});
    }
    return tapped;
}

} // namespace kiosk::app
