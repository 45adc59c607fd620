#include "player/text/text_layout.h"

#include "player/text/line_breaker.h"
#include "player/text/ruby_markup.h"
#include "player/text/shaper.h"

#include <unicode/ubidi.h>

#include <algorithm>

namespace kiosk::text {

namespace {

constexpr float kRubyScale = 0.5f;

// Which shared breaker a style uses: the locale, marked when breaks fall between phrases.
std::string breaker_key(const LayoutStyle& style) {
    return style.phrase_breaks ? style.locale + std::string(LineBreaker::kPhraseSuffix)
                               : style.locale;
}

bool is_space_at(std::string_view s, uint32_t end, uint32_t& start) {
    if (end >= 1 && (s[end - 1] == ' ' || s[end - 1] == '\t')) {
        start = end - 1;
        return true;
    }
    if (end >= 3 && s.substr(end - 3, 3) == "\xE3\x80\x80") { // U+3000 ideographic space
        start = end - 3;
        return true;
    }
    return false;
}

// The end of [from, to) without its trailing white space.
uint32_t trim_end(std::string_view s, uint32_t from, uint32_t to) {
    uint32_t before = 0;
    while (to > from && is_space_at(s, to, before))
        to = before;
    return to;
}

struct ShapedRun {
    TextRun run;
    uint32_t first = 0, count = 0; // into the segment's glyph vector
};

struct RubyGlyph {
    uint32_t line = 0;
    PlacedGlyph glyph; // x relative to the line's left edge
};

// Lays out one hard-break-free segment text[seg_start, seg_end) of the paragraph.
class SegmentLayout {
  public:
    SegmentLayout(const FontSet& fonts, const LayoutStyle& style, Paragraph& p,
                  const std::vector<RubyAnnotation>& ruby, float ruby_band,
                  std::vector<RubyGlyph>& ruby_glyphs)
        : m_fonts(fonts), m_style(style), m_p(p), m_ruby(ruby), m_ruby_band(ruby_band),
          m_ruby_glyphs(ruby_glyphs) {}

    void run(uint32_t seg_start, uint32_t seg_end, float& y) {
        m_base = seg_start;
        m_seg = std::string_view(m_p.text).substr(seg_start, seg_end - seg_start);
        if (m_seg.empty()) {
            add_empty_line(y);
            return;
        }
        shape_segment();
        measure();
        break_lines();
        for (auto [from, to] : m_ranges)
            add_line(from, to, y);
    }

  private:
    void shape_segment() {
        std::vector<std::pair<uint32_t, uint32_t>> bold;
        for (auto [from, to] : m_p.strong)
            if (to > m_base && from < m_base + m_seg.size())
                bold.push_back({std::max(from, m_base) - m_base,
                                std::min<uint32_t>(to, m_base + uint32_t(m_seg.size())) - m_base});
        ItemizedText items =
            itemize(m_seg, m_fonts, m_style.locale, m_p.direction, m_style.weight, bold);
        for (uint32_t cp : items.missing)
            if (std::find(m_p.missing.begin(), m_p.missing.end(), cp) == m_p.missing.end())
                m_p.missing.push_back(cp);
        for (const TextRun& r : items.runs) {
            ShapedRun sr{r, uint32_t(m_glyphs.size()), 0};
            shape(m_fonts, m_seg, r.start, r.end, r.face, r.script, r.direction(), m_style.locale,
                  m_style.px, m_glyphs);
            sr.count = uint32_t(m_glyphs.size()) - sr.first;
            m_runs.push_back(sr);
        }
    }

    void measure() {
        m_prefix.assign(m_seg.size() + 1, 0.f);
        for (const ShapedGlyph& g : m_glyphs)
            m_prefix[g.cluster + 1] += g.x_advance;
        for (size_t i = 1; i < m_prefix.size(); ++i)
            m_prefix[i] += m_prefix[i - 1];
    }

    float width(uint32_t from, uint32_t to) const { return m_prefix[to] - m_prefix[from]; }
    float visible_width(uint32_t from, uint32_t to) const {
        return width(from, trim_end(m_seg, from, to));
    }

    bool inside_ruby_base(uint32_t offset) const {
        if (!m_style.ruby) return false;
        for (const auto& a : m_ruby) {
            uint32_t s = a.base_start, e = a.base_end;
            if (s >= m_base && e <= m_base + m_seg.size() && offset > s - m_base &&
                offset < e - m_base)
                return true;
        }
        return false;
    }

    void break_lines() {
        LineBreaker& breaker = LineBreaker::for_locale(breaker_key(m_style));
        breaker.opportunities(m_seg, m_opportunities);
        std::erase_if(m_opportunities, [&](const BreakOpportunity& o) {
            return !o.mandatory && inside_ruby_base(o.offset);
        });
        const float max = m_style.max_width;
        uint32_t line_start = 0, last_fit = 0;
        size_t i = 0;
        while (i < m_opportunities.size()) {
            const BreakOpportunity& o = m_opportunities[i];
            if (max <= 0 || visible_width(line_start, o.offset) <= max) {
                last_fit = o.offset;
                if (o.mandatory && (o.offset > line_start || m_ranges.empty())) {
                    m_ranges.push_back({line_start, o.offset});
                    line_start = o.offset;
                    last_fit = line_start;
                }
                ++i;
                continue;
            }
            if (last_fit > line_start) { // end the line at the last opportunity that fitted
                m_ranges.push_back({line_start, last_fit});
                line_start = last_fit;
                continue; // look at the same opportunity again on the new line
            }
            line_start = split_long_word(line_start, o.offset); // no opportunity fits at all
            last_fit = line_start;
        }
    }

    // Splits [from, to), which is wider than a line, at grapheme boundaries; returns where
    // the remainder (which fits) starts.
    uint32_t split_long_word(uint32_t from, uint32_t to) {
        if (m_graphemes.empty())
            LineBreaker::for_locale(breaker_key(m_style)).graphemes(m_seg, m_graphemes);
        while (visible_width(from, to) > m_style.max_width) {
            uint32_t best = 0;
            for (uint32_t g : m_graphemes) {
                if (g <= from) continue;
                if (g >= to) break;
                if (width(from, g) > m_style.max_width) break;
                best = g;
            }
            if (best == 0) { // even one grapheme is too wide: it gets a line of its own
                auto it = std::upper_bound(m_graphemes.begin(), m_graphemes.end(), from);
                best = it == m_graphemes.end() ? to : std::min(*it, to);
                m_p.overflow = true;
            }
            m_ranges.push_back({from, best});
            m_p.split_words = true;
            from = best;
            if (from >= to) break;
        }
        return from;
    }

    bool unsafe_at(const ShapedRun& r, uint32_t offset) const {
        for (uint32_t k = r.first; k < r.first + r.count; ++k)
            if (m_glyphs[k].cluster == offset && m_glyphs[k].unsafe_to_break) return true;
        return false;
    }

    void add_empty_line(float& y) {
        auto chain = m_fonts.chain(m_style.locale, m_style.weight);
        const FaceMetrics& m = m_fonts.metrics(chain.front());
        LaidLine line;
        line.start = line.end = m_base;
        line.top = y;
        float content = (m.ascender + m.descender) * m_style.px;
        float box = std::max(content, m_style.px * m_style.line_spacing);
        line.baseline = y + m_ruby_band + (box - content) / 2 + m.ascender * m_style.px;
        line.height = box + m_ruby_band;
        line.first_run = uint32_t(m_p.runs.size());
        y += line.height;
        m_p.lines.push_back(line);
    }

    void add_line(uint32_t from, uint32_t to, float& y) {
        const uint32_t visible_end = trim_end(m_seg, from, to);
        LaidLine line;
        line.start = m_base + from;
        line.end = m_base + visible_end;
        line.first_run = uint32_t(m_p.runs.size());
        float ascent = 0, descent = 0;

        for (const ShapedRun& sr : m_runs) {
            uint32_t s = std::max(sr.run.start, from), e = std::min(sr.run.end, visible_end);
            if (s >= e) continue;
            LaidRun lr;
            lr.run = sr.run;
            lr.run.start = m_base + s;
            lr.run.end = m_base + e;
            lr.first_glyph = uint32_t(m_p.glyphs.size());
            bool cut =
                (s != sr.run.start && unsafe_at(sr, s)) || (e != sr.run.end && unsafe_at(sr, e));
            if (cut) { // shaping differs across this break: shape the piece on its own
                m_scratch.clear();
                shape(m_fonts, m_seg, s, e, sr.run.face, sr.run.script, sr.run.direction(),
                      m_style.locale, m_style.px, m_scratch);
                for (const ShapedGlyph& g : m_scratch)
                    append_glyph(g, lr);
            } else {
                for (uint32_t k = sr.first; k < sr.first + sr.count; ++k)
                    if (m_glyphs[k].cluster >= s && m_glyphs[k].cluster < e)
                        append_glyph(m_glyphs[k], lr);
            }
            lr.glyph_count = uint32_t(m_p.glyphs.size()) - lr.first_glyph;
            const FaceMetrics& m = m_fonts.metrics(sr.run.face);
            ascent = std::max(ascent, m.ascender * m_style.px);
            descent = std::max(descent, m.descender * m_style.px);
            m_p.runs.push_back(lr);
        }
        line.run_count = uint32_t(m_p.runs.size()) - line.first_run;
        if (line.run_count == 0) {
            add_empty_line(y);
            return;
        }
        place_runs_visually(line);

        float content = ascent + descent;
        float box = std::max(content, m_style.px * m_style.line_spacing);
        line.top = y;
        line.baseline = y + m_ruby_band + (box - content) / 2 + ascent;
        line.height = box + m_ruby_band;
        y += line.height;
        m_p.lines.push_back(line);
        place_ruby(uint32_t(m_p.lines.size() - 1));
    }

    void append_glyph(const ShapedGlyph& g, LaidRun& lr) {
        LaidGlyph lg;
        lg.id = g.id;
        lg.cluster = m_base + g.cluster;
        lg.x = g.x_offset; // becomes the pen position once the run is placed
        lg.y = g.y_offset;
        lg.advance = g.x_advance;
        lr.width += g.x_advance;
        m_p.glyphs.push_back(lg);
    }

    // Bidi rule L2: runs are reordered by level after line breaking.
    void place_runs_visually(LaidLine& line) {
        const uint32_t n = line.run_count;
        m_levels.resize(n);
        m_visual.resize(n);
        for (uint32_t k = 0; k < n; ++k)
            m_levels[k] = m_p.runs[line.first_run + k].run.bidi_level;
        ubidi_reorderVisual(m_levels.data(), int32_t(n), m_visual.data());
        float pen = 0;
        for (uint32_t v = 0; v < n; ++v) {
            LaidRun& r = m_p.runs[line.first_run + uint32_t(m_visual[v])];
            r.x = pen;
            float gx = pen;
            for (uint32_t k = r.first_glyph; k < r.first_glyph + r.glyph_count; ++k) {
                LaidGlyph& g = m_p.glyphs[k];
                float offset = g.x;
                g.x = gx + offset;
                gx += g.advance;
            }
            pen += r.width;
        }
        line.width = pen;
    }

    void place_ruby(uint32_t line_index) {
        if (!m_style.ruby) return;
        const LaidLine& line = m_p.lines[line_index];
        const float ruby_px = m_style.px * kRubyScale;
        for (const auto& a : m_ruby) {
            if (a.base_start < line.start || a.base_end > line.end || a.reading.empty()) continue;
            float left = 1e30f, right = -1e30f;
            for (uint32_t r = line.first_run; r < line.first_run + line.run_count; ++r) {
                const LaidRun& run = m_p.runs[r];
                for (uint32_t k = run.first_glyph; k < run.first_glyph + run.glyph_count; ++k) {
                    const LaidGlyph& g = m_p.glyphs[k];
                    if (g.cluster < a.base_start || g.cluster >= a.base_end) continue;
                    left = std::min(left, g.x);
                    right = std::max(right, g.x + g.advance);
                }
            }
            if (left > right) continue;
            m_ruby_scratch.clear();
            ItemizedText items =
                itemize(a.reading, m_fonts, m_style.locale, Direction::Ltr, m_style.weight);
            std::vector<std::pair<FaceId, size_t>> faces; // face per glyph range start
            for (const TextRun& r : items.runs) {
                faces.push_back({r.face, m_ruby_scratch.size()});
                shape(m_fonts, a.reading, r.start, r.end, r.face, r.script, r.direction(),
                      m_style.locale, ruby_px, m_ruby_scratch);
            }
            float reading_width = 0;
            for (const ShapedGlyph& g : m_ruby_scratch)
                reading_width += g.x_advance;
            float pen = (left + right) / 2 - reading_width / 2;
            float baseline = line.top + m_ruby_band - ruby_px * 0.25f;
            size_t face_slot = 0;
            for (size_t k = 0; k < m_ruby_scratch.size(); ++k) {
                while (face_slot + 1 < faces.size() && faces[face_slot + 1].second <= k)
                    ++face_slot;
                const ShapedGlyph& g = m_ruby_scratch[k];
                PlacedGlyph pg{faces[face_slot].first, g.id, ruby_px, pen + g.x_offset,
                               baseline - g.y_offset};
                m_ruby_glyphs.push_back({line_index, pg});
                pen += g.x_advance;
            }
        }
    }

    const FontSet& m_fonts;
    const LayoutStyle& m_style;
    Paragraph& m_p;
    const std::vector<RubyAnnotation>& m_ruby;
    float m_ruby_band;
    std::vector<RubyGlyph>& m_ruby_glyphs;

    uint32_t m_base = 0;
    std::string_view m_seg;
    std::vector<ShapedGlyph> m_glyphs, m_scratch, m_ruby_scratch;
    std::vector<ShapedRun> m_runs;
    std::vector<float> m_prefix;
    std::vector<BreakOpportunity> m_opportunities;
    std::vector<uint32_t> m_graphemes;
    std::vector<std::pair<uint32_t, uint32_t>> m_ranges;
    std::vector<UBiDiLevel> m_levels;
    std::vector<int32_t> m_visual;
};

} // namespace

Paragraph lay_out(const FontSet& fonts, std::string_view markup, const LayoutStyle& style) {
    Paragraph p;
    RubyText ruby = parse_ruby(markup);
    p.text = std::move(ruby.text);
    for (const StrongSpan& span : ruby.strong)
        p.strong.push_back({span.start, span.end});
    p.locale = style.locale;
    p.px = style.px;
    p.direction = locale_direction(style.locale);

    const bool has_ruby = style.ruby && !ruby.annotations.empty();
    const float ruby_band = has_ruby ? style.px * kRubyScale * 1.25f : 0.f;
    std::vector<RubyGlyph> ruby_glyphs;

    float y = 0;
    size_t start = 0;
    while (true) {
        size_t newline = p.text.find('\n', start);
        size_t end = newline == std::string::npos ? p.text.size() : newline;
        SegmentLayout(fonts, style, p, ruby.annotations, ruby_band, ruby_glyphs)
            .run(uint32_t(start), uint32_t(end), y);
        if (newline == std::string::npos) break;
        start = newline + 1;
    }

    for (const LaidLine& line : p.lines)
        p.width = std::max(p.width, line.width);
    p.height = y;
    p.box_width = style.max_width > 0 ? style.max_width : p.width;

    // Alignment follows the paragraph direction: start is the right edge in Arabic.
    const bool rtl = p.direction == Direction::Rtl;
    for (LaidLine& line : p.lines) {
        float slack = p.box_width - line.width;
        switch (style.align) {
        case Align::Start:
            line.left = rtl ? slack : 0;
            break;
        case Align::Center:
            line.left = slack / 2;
            break;
        case Align::End:
            line.left = rtl ? 0 : slack;
            break;
        }
    }

    p.placed.reserve(p.glyphs.size() + ruby_glyphs.size());
    for (const LaidLine& line : p.lines) {
        for (uint32_t r = line.first_run; r < line.first_run + line.run_count; ++r) {
            const LaidRun& run = p.runs[r];
            for (uint32_t k = run.first_glyph; k < run.first_glyph + run.glyph_count; ++k) {
                const LaidGlyph& g = p.glyphs[k];
                p.placed.push_back(
                    {run.run.face, g.id, style.px, line.left + g.x, line.baseline - g.y});
            }
        }
    }
    for (RubyGlyph& rg : ruby_glyphs) {
        rg.glyph.x += p.lines[rg.line].left;
        p.placed.push_back(rg.glyph);
    }
    return p;
}

} // namespace kiosk::text
