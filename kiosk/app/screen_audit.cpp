#include "kiosk/app/screen_audit.h"

#include <unicode/brkiter.h>
#include <unicode/utext.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <memory>
#include <set>

namespace kiosk::app {

namespace {

constexpr float kMinTargetMm = 20.f; // EN 301 549 / ADA 707 practice for public kiosks
constexpr float kSlack = 1.5f;       // pixels of rounding

std::string describe_box(const TextBox& b) {
    char buf[160];
    std::snprintf(buf, sizeof buf,
                  "text needs %.0fx%.0f px but its box is %.0fx%.0f px at (%.0f,%.0f)", b.ink.w,
                  b.ink.h, b.rect.w, b.rect.h, b.rect.x, b.rect.y);
    return buf;
}

std::string describe_rect(const Rect& r) {
    char buf[96];
    std::snprintf(buf, sizeof buf, "%.0fx%.0f at (%.0f,%.0f)", r.w, r.h, r.x, r.y);
    return buf;
}

// Two boxes share more than a sliver (anti-aliased edges and rounding may touch).
bool overlap(const Rect& a, const Rect& b) {
    Rect i = a.clipped_to(b);
    return i.w > 2.f && i.h > 2.f;
}

bool fully_inside(const Rect& r, const Rect& outer) {
    return r.x >= outer.x - kSlack && r.y >= outer.y - kSlack &&
           r.x + r.w <= outer.x + outer.w + kSlack && r.y + r.h <= outer.y + outer.h + kSlack;
}

struct UTextCloser {
    void operator()(UText* t) const { utext_close(t); }
};

// Whether every line of a label or heading ends where a word does (ICU word boundaries
// per language: dictionaries for Japanese, Thai and Burmese). Memoized per paragraph,
// since the cache hands out the same paragraph for the same layout.
class WordBreakCheck {
  public:
    bool breaks_inside_word(const text::Paragraph& p) {
        if (p.split_words) return true;
        if (p.lines.size() < 2) return false;
        auto [it, fresh] = m_seen.try_emplace(&p, false);
        if (!fresh) return it->second;
        icu::BreakIterator* words = iterator(p.locale);
        if (!words) return false;
        UErrorCode status = U_ZERO_ERROR;
        std::unique_ptr<UText, UTextCloser> ut(
            utext_openUTF8(nullptr, p.text.data(), int64_t(p.text.size()), &status));
        if (U_FAILURE(status)) return false;
        words->setText(ut.get(), status);
        bool inside = false;
        for (size_t i = 0; i + 1 < p.lines.size() && !inside; ++i)
            inside = !words->isBoundary(int32_t(p.lines[i + 1].start));
        it->second = inside;
        return inside;
    }

  private:
    icu::BreakIterator* iterator(const std::string& locale) {
        auto it = m_iterators.find(locale);
        if (it != m_iterators.end()) return it->second.get();
        UErrorCode status = U_ZERO_ERROR;
        std::string tag = locale.substr(0, locale.find("-x-"));
        icu::Locale loc = icu::Locale::forLanguageTag(tag, status);
        status = U_ZERO_ERROR;
        std::unique_ptr<icu::BreakIterator> words(
            icu::BreakIterator::createWordInstance(loc, status));
        if (U_FAILURE(status)) words.reset();
        return m_iterators.emplace(locale, std::move(words)).first->second.get();
    }

    std::map<std::string, std::unique_ptr<icu::BreakIterator>> m_iterators;
    std::map<const text::Paragraph*, bool> m_seen;
};

} // namespace

std::vector<std::string> find_overlaps(const std::vector<TextBox>& boxes,
                                       const std::vector<HitTarget>& targets) {
    std::vector<std::string> found;
    for (size_t i = 0; i < targets.size(); ++i)
        for (size_t j = i + 1; j < targets.size(); ++j)
            if (overlap(targets[i].visible, targets[j].visible))
                found.push_back("targets " + targets[i].id + " and " + targets[j].id + " overlap");
    // Only what shows can overlap: the visible part of each text, swept in order of its top
    // edge, so a long page costs n log n and not n squared.
    std::vector<Rect> inks;
    std::vector<size_t> shown;
    for (size_t i = 0; i < boxes.size(); ++i) {
        inks.push_back(boxes[i].ink.clipped_to(boxes[i].clip));
        if (!inks.back().empty()) shown.push_back(i);
    }
    std::sort(shown.begin(), shown.end(),
              [&](size_t a, size_t b) { return inks[a].y < inks[b].y; });
    auto text_of = [&](size_t i) { return boxes[i].paragraph ? boxes[i].paragraph->text : ""; };
    for (size_t k = 0; k < shown.size(); ++k) {
        const size_t i = shown[k];
        for (size_t l = k + 1; l < shown.size() && inks[shown[l]].y < inks[i].y + inks[i].h; ++l)
            if (overlap(inks[i], inks[shown[l]]))
                found.push_back("text \"" + text_of(i) + "\" and \"" + text_of(shown[l]) +
                                "\" overlap");
        for (const HitTarget& t : targets)
            if (t.id != boxes[i].owner && overlap(inks[i], t.visible))
                found.push_back("text \"" + text_of(i) + "\" is drawn over " + t.id);
    }
    return found;
}

float pixels_per_mm(int width, int height, float diagonal_inches) {
    return std::hypot(float(width), float(height)) / (diagonal_inches * 25.4f);
}

std::vector<ScreenAuditProblem>
audit_screens(KioskApp& app, render::Surface& surface, render::TextRenderer& text,
              const std::vector<std::string>& screens, const std::vector<std::string>& locales,
              const std::vector<int>& text_sizes, double now_ms, ScreenAuditStats* stats,
              const std::function<void(screens::Session&)>& adjust) {
    std::vector<ScreenAuditProblem> problems;
    const screens::Session saved = app.session();
    const float ppmm =
        pixels_per_mm(surface.width(), surface.height(), app.bundle().screen_diagonal_inches);
    const float screen_h = float(surface.height());
    PointerInput no_input;
    WordBreakCheck word_breaks;
    ScreenAuditStats local_stats;
    ScreenAuditStats& st = stats ? *stats : local_stats;
    // Picture sizes of the first text size, per screen and locale.
    std::map<std::string, std::vector<DrawnImage>> first_pictures;
    for (const std::string& locale : locales) {
        for (int size : text_sizes) {
            for (const std::string& screen : screens) {
                app.reset_session();
                app.session().locale = locale;
                app.session().text_size = size;
                if (auto opened = app.open_screen(screen); !opened) {
                    problems.push_back({screen, locale, size, opened.error().describe()});
                    continue;
                }
                if (adjust) adjust(app.session());
                app.note_input(now_ms);
                // Page buttons appear from the second frame of an overflowing screen (the
                // frame says it changed something); a screen that fits is laid out the same
                // again, so it is not drawn twice.
                if (app.frame(surface, text, no_input, now_ms, /*present=*/false) ||
                    app.session().scroll_row)
                    app.frame(surface, text, no_input, now_ms, /*present=*/false);
                ++st.frames;
                auto report = [&](std::string message) {
                    problems.push_back({screen, locale, size, std::move(message)});
                };
                const auto& boxes = app.last_text_boxes();
                const auto& targets = app.last_targets();
                for (const TextBox& b : boxes) {
                    bool too_wide = b.ink.w > b.rect.w + kSlack;
                    bool too_tall =
                        b.rect.h > 0 && (b.ink.y < b.rect.y - kSlack ||
                                         b.ink.y + b.ink.h > b.rect.y + b.rect.h + kSlack);
                    if (too_wide || too_tall) {
                        ++st.overflowing_text;
                        report(describe_box(b));
                    }
                    if (b.role != TextRole::Body && b.paragraph &&
                        word_breaks.breaks_inside_word(*b.paragraph)) {
                        ++st.mid_word_breaks;
                        report("\"" + b.paragraph->text + "\" breaks inside a word");
                    }
                }
                std::set<uint32_t> missing(app.last_missing_glyphs().begin(),
                                           app.last_missing_glyphs().end());
                for (uint32_t cp : missing) {
                    char buf[96];
                    std::snprintf(buf, sizeof buf,
                                  "U+%04X has no glyph in any font of the set (it shows as a box)",
                                  cp);
                    report(buf);
                }
                for (const HitTarget& t : targets) {
                    float mm = std::min(t.visible.w, t.visible.h) / ppmm;
                    // A target mostly scrolled away is checked where it is whole.
                    if (t.visible.h + kSlack < t.rect.h) mm = std::min(t.rect.w, t.rect.h) / ppmm;
                    if (mm < st.smallest_target_mm) {
                        st.smallest_target_mm = mm;
                        st.smallest_target = screen + " " + t.id;
                    }
                    if (mm + 0.05f < kMinTargetMm) {
                        char buf[160];
                        std::snprintf(buf, sizeof buf,
                                      "touch target %s is %.1f mm, smaller than %.0f mm",
                                      t.id.c_str(), mm, kMinTargetMm);
                        report(buf);
                    }
                }
                // The content comes first.
                const float share = app.last_content_area().h / screen_h;
                if (share < st.lowest_content_share) {
                    st.lowest_content_share = share;
                    st.lowest_content_share_at = screen + " " + locale + " " + std::to_string(size);
                }
                if (share + 0.001f < kMinContentShare) {
                    char buf[128];
                    std::snprintf(buf, sizeof buf,
                                  "content gets %.0f %% of the screen height (at least %.0f %%)",
                                  share * 100, kMinContentShare * 100);
                    report(buf);
                }
                // Choices are visible.
                for (const MustSee& m : app.last_must_see()) {
                    bool covered = false;
                    for (const HitTarget& t : targets)
                        if (t.id != m.what && overlap(t.visible, m.rect)) covered = true;
                    if (!fully_inside(m.rect, m.clip) ||
                        !fully_inside(m.rect, Rect{0, 0, float(surface.width()), screen_h}) ||
                        covered) {
                        ++st.hidden_choices;
                        report(m.what + " is not fully visible without scrolling (" +
                               describe_rect(m.rect) + ", visible region " + describe_rect(m.clip) +
                               (covered ? ", covered" : "") + ")");
                    }
                }
                // Nothing is drawn over anything.
                for (std::string& message : find_overlaps(boxes, targets)) {
                    ++st.overlaps;
                    report(std::move(message));
                }
                // Pictures keep their size.
                const std::string key = screen + "\n" + locale;
                auto first = first_pictures.find(key);
                if (first == first_pictures.end()) {
                    first_pictures.emplace(key, app.last_images());
                } else {
                    const auto& now = app.last_images();
                    for (size_t i = 0; i < std::min(now.size(), first->second.size()); ++i)
                        if (std::fabs(now[i].rect.w - first->second[i].rect.w) > 1.f ||
                            std::fabs(now[i].rect.h - first->second[i].rect.h) > 1.f) {
                            ++st.resized_pictures;
                            report("picture " + now[i].path + " is " + describe_rect(now[i].rect) +
                                   " but " + describe_rect(first->second[i].rect) +
                                   " at another text size");
                        }
                }
            }
        }
    }
    app.session() = saved;
    return problems;
}

} // namespace kiosk::app
