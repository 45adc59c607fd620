#include "player/text/text_layout.h"

#include "player/text/layout_context.h"
#include "player/text/line_breaker.h"
#include "player/text/ruby_markup.h"
#include "player/text/shaper.h"

#include <unicode/ubidi.h>

#include <algorithm>
#include <unordered_set>

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

// How the clusters of a shaped run are ordered. HarfBuzz keeps them monotone at our
// cluster level (ascending in LTR, descending in RTL), which lets a line find its glyphs
// by binary search; the scan stays as a fallback for a font that breaks the rule.
enum class ClusterOrder : uint8_t { Ascending, Descending, Unordered };

struct ShapedRun {
    TextRun run;
    uint32_t first = 0, count = 0; // into the segment's glyph vector
    ClusterOrder order = ClusterOrder::Unordered;
};

struct RubyGlyph {
    uint32_t line = 0;
    PlacedGlyph glyph; // x relative to the line's left edge
};

// Lays out one hard-break-free segment text[seg_start, seg_end) of the paragraph.
class SegmentLayout {
  public:
    SegmentLayout(LayoutContext& context, const FontSet& fonts, const LayoutStyle& style,
                  Paragraph& p, const std::vector<RubyAnnotation>& ruby, float ruby_band,
                  std::vector<RubyGlyph>& ruby_glyphs)
        : m_context(context), m_fonts(fonts), m_style(style), m_p(p), m_ruby(ruby),
          m_ruby_band(ruby_band), m_ruby_glyphs(ruby_glyphs) {}

    void run(uint32_t seg_start, uint32_t seg_end, float& y) {
        m_base = seg_start;
        m_glyphs.clear();
        m_runs.clear();
        m_graphemes.clear();
        m_ranges.clear();
        m_next_run = 0;
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
        // Strong spans ascend and do not overlap: those reaching into this segment are found
        // by binary search, not by a scan per segment (quadratic over many lines).
        std::vector<std::pair<uint32_t, uint32_t>> bold;
        const uint32_t seg_end = m_base + uint32_t(m_seg.size());
        for (auto it =
                 std::partition_point(m_p.strong.begin(), m_p.strong.end(),
                                      [&](const auto& span) { return span.second <= m_base; });
             it != m_p.strong.end() && it->first < seg_end; ++it)
            bold.push_back(
                {std::max(it->first, m_base) - m_base, std::min(it->second, seg_end) - m_base});
        ItemizedText items =
            itemize(m_seg, m_fonts, m_style.locale, m_p.direction, m_style.weight, bold);
        // Duplicates go when the paragraph is done: a search here would be quadratic.
        m_p.missing.insert(m_p.missing.end(), items.missing.begin(), items.missing.end());
        for (const TextRun& r : items.runs) {
            ShapedRun sr{r, uint32_t(m_glyphs.size()), 0};
            shape(m_context, m_fonts, m_seg, r.start, r.end, r.face, r.script, r.direction(),
                  m_style.locale, m_style.px, m_glyphs);
            sr.count = uint32_t(m_glyphs.size()) - sr.first;
            sr.order = cluster_order(sr);
            m_runs.push_back(sr);
        }
    }

    ClusterOrder cluster_order(const ShapedRun& r) const {
        bool ascending = true, descending = true;
        for (uint32_t k = r.first + 1; k < r.first + r.count; ++k) {
            ascending = ascending && m_glyphs[k - 1].cluster <= m_glyphs[k].cluster;
            descending = descending && m_glyphs[k - 1].cluster >= m_glyphs[k].cluster;
        }
        return ascending    ? ClusterOrder::Ascending
               : descending ? ClusterOrder::Descending
                            : ClusterOrder::Unordered;
    }

    // The glyphs of `r` whose cluster is in [s, e), as the index range [first, last) in
    // HarfBuzz's order, when the run's clusters are monotone.
    std::pair<uint32_t, uint32_t> glyphs_in(const ShapedRun& r, uint32_t s, uint32_t e) const {
        auto begin = m_glyphs.begin() + r.first, end = begin + r.count;
        auto index = [&](auto it) { return uint32_t(it - m_glyphs.begin()); };
        if (r.order == ClusterOrder::Ascending) {
            auto first = std::partition_point(begin, end,
                                              [&](const ShapedGlyph& g) { return g.cluster < s; });
            auto last = std::partition_point(first, end,
                                             [&](const ShapedGlyph& g) { return g.cluster < e; });
            return {index(first), index(last)};
        }
        auto first =
            std::partition_point(begin, end, [&](const ShapedGlyph& g) { return g.cluster >= e; });
        auto last =
            std::partition_point(first, end, [&](const ShapedGlyph& g) { return g.cluster >= s; });
        return {index(first), index(last)};
    }

    void measure() {
        // Double: over a megabyte of text a float sum would be off by pixels.
        m_prefix.assign(m_seg.size() + 1, 0.0);
        for (const ShapedGlyph& g : m_glyphs)
            m_prefix[g.cluster + 1] += g.x_advance;
        for (size_t i = 1; i < m_prefix.size(); ++i)
            m_prefix[i] += m_prefix[i - 1];
    }

    float width(uint32_t from, uint32_t to) const { return float(m_prefix[to] - m_prefix[from]); }
    float visible_width(uint32_t from, uint32_t to) const {
        return width(from, trim_end(m_seg, from, to));
    }

    // Annotations come sorted and disjoint from parse_ruby, so only the last one starting
    // before `offset` can hold it.
    bool inside_ruby_base(uint32_t offset) const {
        if (!m_style.ruby) return false;
        const uint32_t absolute = m_base + offset;
        auto it = std::partition_point(m_ruby.begin(), m_ruby.end(), [&](const RubyAnnotation& a) {
            return a.base_start < absolute;
        });
        if (it == m_ruby.begin()) return false;
        const RubyAnnotation& a = *std::prev(it);
        uint32_t s = a.base_start, e = a.base_end;
        return s >= m_base && e <= m_base + m_seg.size() && offset > s - m_base &&
               offset < e - m_base;
    }

    void break_lines() {
        LineBreaker& breaker = m_context.breaker(breaker_key(m_style));
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
            m_context.breaker(breaker_key(m_style)).graphemes(m_seg, m_graphemes);
        while (visible_width(from, to) > m_style.max_width) {
            uint32_t best = 0;
            for (auto it = std::upper_bound(m_graphemes.begin(), m_graphemes.end(), from);
                 it != m_graphemes.end(); ++it) {
                const uint32_t g = *it;
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
        if (r.order == ClusterOrder::Unordered) {
            for (uint32_t k = r.first; k < r.first + r.count; ++k)
                if (m_glyphs[k].cluster == offset && m_glyphs[k].unsafe_to_break) return true;
            return false;
        }
        auto [first, last] = glyphs_in(r, offset, offset + 1);
        for (uint32_t k = first; k < last; ++k)
            if (m_glyphs[k].unsafe_to_break) return true;
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

        // Lines arrive in text order, so runs that ended before this line are done for good.
        while (m_next_run < m_runs.size() && m_runs[m_next_run].run.end <= from)
            ++m_next_run;
        for (size_t r = m_next_run; r < m_runs.size() && m_runs[r].run.start < visible_end; ++r) {
            const ShapedRun& sr = m_runs[r];
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
                shape(m_context, m_fonts, m_seg, s, e, sr.run.face, sr.run.script,
                      sr.run.direction(), m_style.locale, m_style.px, m_scratch);
                for (const ShapedGlyph& g : m_scratch)
                    append_glyph(g, lr);
            } else if (sr.order != ClusterOrder::Unordered) {
                auto [first, last] = glyphs_in(sr, s, e);
                for (uint32_t k = first; k < last; ++k)
                    append_glyph(m_glyphs[k], lr);
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
        // The annotations that start on this line, and one pass over the line's glyphs for
        // the horizontal extent of each base (sorted, disjoint bases: a binary search each).
        auto first =
            std::partition_point(m_ruby.begin(), m_ruby.end(), [&](const RubyAnnotation& a) {
                return a.base_start < line.start;
            });
        auto last = std::partition_point(
            first, m_ruby.end(), [&](const RubyAnnotation& a) { return a.base_start <= line.end; });
        if (first == last) return;
        m_base_left.assign(size_t(last - first), 1e30f);
        m_base_right.assign(size_t(last - first), -1e30f);
        for (uint32_t r = line.first_run; r < line.first_run + line.run_count; ++r) {
            const LaidRun& run = m_p.runs[r];
            for (uint32_t k = run.first_glyph; k < run.first_glyph + run.glyph_count; ++k) {
                const LaidGlyph& g = m_p.glyphs[k];
                auto after = std::partition_point(first, last, [&](const RubyAnnotation& a) {
                    return a.base_start <= g.cluster;
                });
                if (after == first || g.cluster >= std::prev(after)->base_end) continue;
                const size_t slot = size_t(std::prev(after) - first);
                m_base_left[slot] = std::min(m_base_left[slot], g.x);
                m_base_right[slot] = std::max(m_base_right[slot], g.x + g.advance);
            }
        }
        for (auto it = first; it != last; ++it) {
            const RubyAnnotation& a = *it;
            if (a.base_start < line.start || a.base_end > line.end || a.reading.empty()) continue;
            const float left = m_base_left[size_t(it - first)];
            const float right = m_base_right[size_t(it - first)];
            if (left > right) continue;
            m_ruby_scratch.clear();
            ItemizedText items =
                itemize(a.reading, m_fonts, m_style.locale, Direction::Ltr, m_style.weight);
            std::vector<std::pair<FaceId, size_t>> faces; // face per glyph range start
            for (const TextRun& r : items.runs) {
                faces.push_back({r.face, m_ruby_scratch.size()});
                shape(m_context, m_fonts, a.reading, r.start, r.end, r.face, r.script,
                      r.direction(), m_style.locale, ruby_px, m_ruby_scratch);
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

    LayoutContext& m_context;
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
    size_t m_next_run = 0; // first run that may reach into the next line
    std::vector<float> m_base_left, m_base_right;
    std::vector<double> m_prefix;
    std::vector<BreakOpportunity> m_opportunities;
    std::vector<uint32_t> m_graphemes;
    std::vector<std::pair<uint32_t, uint32_t>> m_ranges;
    std::vector<UBiDiLevel> m_levels;
    std::vector<int32_t> m_visual;
};

} // namespace

Paragraph lay_out(LayoutContext& context, const FontSet& fonts, std::string_view markup,
                  const LayoutStyle& style) {
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
    SegmentLayout segment(context, fonts, style, p, ruby.annotations, ruby_band, ruby_glyphs);
    while (true) {
        size_t newline = p.text.find('\n', start);
        size_t end = newline == std::string::npos ? p.text.size() : newline;
        segment.run(uint32_t(start), uint32_t(end), y);
        if (newline == std::string::npos) break;
        start = newline + 1;
    }
    if (!p.missing.empty()) { // each code point once, in order of first appearance
        std::unordered_set<uint32_t> seen;
        std::erase_if(p.missing, [&](uint32_t cp) { return !seen.insert(cp).second; });
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
    for (LaidLine& line : p.lines) {
        line.first_placed = uint32_t(p.placed.size());
        for (uint32_t r = line.first_run; r < line.first_run + line.run_count; ++r) {
            const LaidRun& run = p.runs[r];
            for (uint32_t k = run.first_glyph; k < run.first_glyph + run.glyph_count; ++k) {
                const LaidGlyph& g = p.glyphs[k];
                p.placed.push_back(
                    {run.run.face, g.id, style.px, line.left + g.x, line.baseline - g.y});
            }
        }
        line.placed_count = uint32_t(p.placed.size()) - line.first_placed;
    }
    // Readings after all base text, as before, but indexed by line so that a renderer can
    // draw the lines it shows alone. place_ruby runs line by line, so they come in order.
    for (LaidLine& line : p.lines)
        line.first_ruby_placed = uint32_t(p.placed.size());
    for (RubyGlyph& rg : ruby_glyphs) {
        rg.glyph.x += p.lines[rg.line].left;
        LaidLine& line = p.lines[rg.line];
        if (line.ruby_placed_count == 0) line.first_ruby_placed = uint32_t(p.placed.size());
        ++line.ruby_placed_count;
        p.placed.push_back(rg.glyph);
    }
    return p;
}

Paragraph lay_out(const FontSet& fonts, std::string_view markup, const LayoutStyle& style) {
    LayoutContext context;
    return lay_out(context, fonts, markup, style);
}

} // namespace kiosk::text
