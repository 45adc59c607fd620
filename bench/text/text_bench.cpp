// text_bench: throughput and frame-time numbers for the text pipeline (DESIGN.md section 3).
//
//   text_bench CORPUS.tsv [--frames N] [--steady N] [--shot DIR]
//
// --shot DIR writes the Japanese page and the last atlas screen as PNGs, to check by eye
// that the frames measured show what they should.
//
// CORPUS.tsv is make_corpus.py's output: one paragraph per line, `LOCALE<TAB>TEXT`.
// Prints plain `name: value unit` lines; README.md says what each one means.

#include "player/raster/image.h"
#include "player/render/surface.h"
#include "player/render/text_renderer.h"
#include "player/text/font_set.h"
#include "player/text/glyph_atlas.h"
#include "player/text/paragraph_cache.h"
#include "player/text/text_layout.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <time.h>

namespace {

using namespace kiosk;
using Clock = std::chrono::steady_clock;

double ms_since(Clock::time_point t0) {
    return std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
}

// CPU time of this thread: unlike wall time, not inflated when other processes share the
// cores (a shared 2-core machine often runs builds beside the benchmark).
double cpu_ms() {
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return double(ts.tv_sec) * 1e3 + double(ts.tv_nsec) / 1e6;
}

struct Line {
    std::string locale;
    std::string text;
};

bool read_corpus(const char* path, std::vector<Line>& out, size_t& text_bytes) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return false;
    std::string line;
    text_bytes = 0;
    while (std::getline(in, line)) {
        size_t tab = line.find('\t');
        if (tab == std::string::npos || tab == 0) continue;
        Line l{line.substr(0, tab), line.substr(tab + 1)};
        text_bytes += l.text.size();
        out.push_back(std::move(l));
    }
    return true;
}

void print(const char* name, double value, const char* unit) {
    std::printf("%s: %.6g %s\n", name, value, unit);
}
void print_u(const char* name, unsigned long long value, const char* unit) {
    std::printf("%s: %llu %s\n", name, value, unit);
}

double median(std::vector<double> v) {
    if (v.empty()) return 0;
    std::sort(v.begin(), v.end());
    size_t n = v.size();
    return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

double percentile(std::vector<double> v, double q) {
    if (v.empty()) return 0;
    std::sort(v.begin(), v.end());
    size_t i = std::min(v.size() - 1, size_t(q * double(v.size() - 1) + 0.5));
    return v[i];
}

text::LayoutStyle style_for(const std::string& locale, float px, float width) {
    text::LayoutStyle s;
    s.locale = locale;
    s.px = px;
    s.max_width = width;
    return s;
}

// One frame as the kiosk draws one: lay out through the cache, draw, upload, present.
struct FrameTimes {
    double layout = 0, draw = 0, upload = 0, present = 0, total = 0;
    size_t glyphs = 0, paragraphs = 0;
};

struct Item {
    std::shared_ptr<const text::Paragraph> paragraph;
    ImVec2 origin;
};

struct Screen {
    render::Surface& surface;
    render::TextRenderer& renderer;
    text::ParagraphCache& cache;
    float margin;

    // One frame showing `lines` from `next` on: paragraphs stacked top to bottom within the
    // margins until the next one would not fit, the first one a heading at `title_px`
    // (0: none) and the rest at `body_px`. Layout goes through the cache as the kiosk's
    // does. Advances `next` past the paragraphs shown.
    FrameTimes frame(const std::vector<const Line*>& lines, size_t& next, float body_px,
                     float title_px) {
        FrameTimes t;
        const float width = float(surface.width()) - 2 * margin;
        const float bottom = float(surface.height()) - margin;
        std::vector<Item> items;
        const auto t0 = Clock::now();
        renderer.atlas().begin_frame();
        ImDrawList* list = surface.begin_frame();
        float y = margin;
        for (size_t guard = 0; guard < lines.size(); ++guard) {
            const Line* l = lines[next % lines.size()];
            const float px = (items.empty() && title_px > 0) ? title_px : body_px;
            auto p = cache.get(l->text, style_for(l->locale, px, width));
            if (y + p->height > bottom && !items.empty()) break;
            items.push_back(Item{p, ImVec2(margin, y)});
            y += p->height + body_px * 0.6f; // paragraph gap
            ++next;
        }
        const auto t1 = Clock::now();
        for (const Item& it : items) {
            renderer.draw(list, *it.paragraph, it.origin, IM_COL32(20, 20, 20, 255));
            t.glyphs += it.paragraph->placed.size();
        }
        const auto t2 = Clock::now();
        renderer.upload();
        const auto t3 = Clock::now();
        surface.end_frame(IM_COL32(250, 250, 245, 255));
        const auto t4 = Clock::now();
        auto ms = [](auto a, auto b) {
            return std::chrono::duration<double, std::milli>(b - a).count();
        };
        t.layout = ms(t0, t1);
        t.draw = ms(t1, t2);
        t.upload = ms(t2, t3);
        t.present = ms(t3, t4);
        t.total = ms(t0, t4);
        t.paragraphs = items.size();
        return t;
    }
};

void print_frame(const std::string& prefix, const FrameTimes& t) {
    print((prefix + "_ms").c_str(), t.total, "ms");
    print((prefix + "_layout_ms").c_str(), t.layout, "ms");
    print((prefix + "_draw_ms").c_str(), t.draw, "ms");
    print((prefix + "_upload_ms").c_str(), t.upload, "ms");
    print((prefix + "_present_ms").c_str(), t.present, "ms");
}

} // namespace

int main(int argc, char** argv) {
    const char* corpus_path = nullptr;
    int atlas_frames = 200, steady_frames = 50;
    std::string shot_dir;
    for (int i = 1; i < argc; ++i) {
        if (!std::strcmp(argv[i], "--frames") && i + 1 < argc)
            atlas_frames = std::atoi(argv[++i]);
        else if (!std::strcmp(argv[i], "--steady") && i + 1 < argc)
            steady_frames = std::atoi(argv[++i]);
        else if (!std::strcmp(argv[i], "--shot") && i + 1 < argc)
            shot_dir = argv[++i];
        else if (argv[i][0] != '-' && !corpus_path)
            corpus_path = argv[i];
        else {
            std::fprintf(stderr,
                         "usage: text_bench CORPUS.tsv [--frames N] [--steady N] [--shot DIR]\n");
            return 2;
        }
    }
    if (!corpus_path || atlas_frames < 1 || steady_frames < 1) {
        std::fprintf(stderr,
                     "usage: text_bench CORPUS.tsv [--frames N] [--steady N] [--shot DIR]\n");
        return 2;
    }

    auto t_fonts = Clock::now();
    auto fonts_r = text::FontSet::load_default();
    if (!fonts_r) {
        std::fprintf(stderr, "text_bench: %s\n", fonts_r.error().describe().c_str());
        return 1;
    }
    const text::FontSet& fonts = **fonts_r;
    print("fontset_load_ms", ms_since(t_fonts), "ms");

    std::vector<Line> corpus;
    size_t corpus_bytes = 0;
    if (!read_corpus(corpus_path, corpus, corpus_bytes) || corpus.empty()) {
        std::fprintf(stderr, "text_bench: cannot read a corpus from %s\n", corpus_path);
        return 1;
    }
    print_u("corpus_paragraphs", corpus.size(), "paragraphs");
    print("corpus_text_mb", double(corpus_bytes) / 1e6, "MB");

    const float margin = 60, screen_w = 1920, screen_h = 1080;

    // d. A full 1920x1080 page of Japanese at 40 px. Runs first so that its first frame is
    // really cold: no paragraph cache, no atlas, no textures, no ICU break iterator, no
    // HarfBuzz tables loaded yet (only FontSet::load_default has run).
    {
        std::vector<const Line*> ja;
        for (const Line& l : corpus)
            if (l.locale == "ja") ja.push_back(&l);
        if (ja.empty()) {
            std::fprintf(stderr, "text_bench: no ja paragraphs in the corpus\n");
            return 1;
        }
        auto surface = render::Surface::offscreen(int(screen_w), int(screen_h));
        if (!surface) {
            std::fprintf(stderr, "text_bench: %s\n", surface.error().describe().c_str());
            return 1;
        }
        text::GlyphAtlas atlas(fonts, text::AtlasConfig{1024, 12});
        render::TextRenderer renderer((*surface)->renderer(), atlas);
        text::ParagraphCache cache(fonts, 4096);
        Screen screen{**surface, renderer, cache, margin};

        size_t next = 0;
        FrameTimes first = screen.frame(ja, next, 40, 0);
        const size_t page_end = next;
        print_u("ja_page_paragraphs", first.paragraphs, "paragraphs");
        print_u("ja_page_glyphs", first.glyphs, "glyphs");
        print_frame("ja_page_first_frame", first);
        if (!shot_dir.empty())
            (void)raster::write_png(shot_dir + "/ja_page.png", (*surface)->read_pixels());
        std::vector<double> total, layout, draw, upload, present;
        for (int i = 0; i < steady_frames; ++i) {
            next = 0;
            FrameTimes t = screen.frame(ja, next, 40, 0);
            total.push_back(t.total);
            layout.push_back(t.layout);
            draw.push_back(t.draw);
            upload.push_back(t.upload);
            present.push_back(t.present);
        }
        print("ja_page_steady_frame_median_ms", median(total), "ms");
        print("ja_page_steady_frame_p90_ms", percentile(total, 0.9), "ms");
        print("ja_page_steady_frame_min_ms", *std::min_element(total.begin(), total.end()), "ms");
        print("ja_page_steady_layout_median_ms", median(layout), "ms");
        print("ja_page_steady_draw_median_ms", median(draw), "ms");
        print("ja_page_steady_upload_median_ms", median(upload), "ms");
        print("ja_page_steady_present_median_ms", median(present), "ms");
        // Turning to another Japanese page: new paragraphs, atlas already holds common kana.
        next = page_end;
        FrameTimes sw = screen.frame(ja, next, 40, 0);
        print_frame("ja_page_switch_frame", sw);
    }

    // a. Cold layout: every paragraph once, no cache, single thread, 32 px, width 1200.
    // One paragraph of each locale is laid out first, untimed (and reported), so that
    // per-process setup (ICU break iterators, HarfBuzz table loads) is not counted
    // against the corpus; pango_layout_bench does the same warm-up.
    const float px = 32, width = 1200;
    {
        std::map<std::string, const Line*> first_of;
        for (const Line& l : corpus)
            first_of.emplace(l.locale, &l);
        auto t0 = Clock::now();
        for (auto& [loc, l] : first_of)
            (void)text::lay_out(fonts, l->text, style_for(loc, px, width));
        print("layout_warmup_ms", ms_since(t0), "ms");
    }
    {
        size_t lines = 0, glyphs = 0, missing = 0;
        std::vector<double> pass_ms, pass_cpu_ms;
        // Pass 0 is the cold one; passes 1 and 2 repeat it.
        for (int pass = 0; pass < 3; ++pass) {
            const auto t0 = Clock::now();
            const double c0 = cpu_ms();
            for (const Line& l : corpus) {
                text::Paragraph p = text::lay_out(fonts, l.text, style_for(l.locale, px, width));
                if (pass == 0) {
                    lines += p.lines.size();
                    glyphs += p.glyphs.size();
                    missing += p.missing.size();
                }
            }
            pass_cpu_ms.push_back(cpu_ms() - c0);
            pass_ms.push_back(ms_since(t0));
        }
        const double n = double(corpus.size()), mb = double(corpus_bytes) / 1e6;
        const double cold_s = pass_ms[0] / 1000, cold_cpu_s = pass_cpu_ms[0] / 1000;
        const double best_s = std::min(pass_ms[1], pass_ms[2]) / 1000;
        const double best_cpu_s = std::min(pass_cpu_ms[1], pass_cpu_ms[2]) / 1000;
        print("layout_cold_ms", pass_ms[0], "ms");
        print("layout_cold_paragraphs_per_s", n / cold_s, "paragraphs/s");
        print("layout_cold_mb_per_s", mb / cold_s, "MB/s");
        print("layout_cold_cpu_paragraphs_per_s", n / cold_cpu_s, "paragraphs/s");
        print("layout_cold_cpu_mb_per_s", mb / cold_cpu_s, "MB/s");
        print("layout_repeat_best_paragraphs_per_s", n / best_s, "paragraphs/s");
        print("layout_repeat_best_mb_per_s", mb / best_s, "MB/s");
        print("layout_repeat_best_cpu_paragraphs_per_s", n / best_cpu_s, "paragraphs/s");
        print_u("layout_lines", lines, "lines");
        print_u("layout_glyphs", glyphs, "glyphs");
        print_u("layout_missing_codepoints", missing, "codepoints");

        // One more pass timed paragraph by paragraph (thread CPU time) for the split by locale.
        std::map<std::string, std::pair<double, size_t>> per_locale; // ms, paragraphs
        for (const Line& l : corpus) {
            const double c0 = cpu_ms();
            text::Paragraph p = text::lay_out(fonts, l.text, style_for(l.locale, px, width));
            auto& e = per_locale[l.locale];
            e.first += cpu_ms() - c0;
            e.second += 1;
        }
        for (auto& [loc, e] : per_locale)
            print(("layout_cpu_us_per_paragraph." + loc).c_str(), e.first * 1000 / double(e.second),
                  "us");
    }

    // b. Cached: a ParagraphCache that holds the whole corpus; the first pass fills it,
    // the second is all hits and is the one timed.
    {
        text::ParagraphCache cache(fonts, corpus.size() + 16);
        auto t0 = Clock::now();
        for (const Line& l : corpus)
            (void)cache.get(l.text, style_for(l.locale, px, width));
        const double fill_ms = ms_since(t0);
        const size_t hits0 = cache.hits(), misses0 = cache.misses();
        size_t sink = 0;
        t0 = Clock::now();
        const double c0 = cpu_ms();
        for (const Line& l : corpus)
            sink += cache.get(l.text, style_for(l.locale, px, width))->glyphs.size();
        const double cpu_s = (cpu_ms() - c0) / 1000;
        const double s = ms_since(t0) / 1000;
        print("cache_fill_ms", fill_ms, "ms");
        print_u("cache_entries", cache.size(), "paragraphs");
        print("cache_hit_paragraphs_per_s", double(corpus.size()) / s, "paragraphs/s");
        print("cache_hit_mb_per_s", double(corpus_bytes) / 1e6 / s, "MB/s");
        print("cache_hit_ns_per_paragraph", s * 1e9 / double(corpus.size()), "ns");
        print("cache_hit_cpu_paragraphs_per_s", double(corpus.size()) / cpu_s, "paragraphs/s");
        print_u("cache_second_pass_hits", cache.hits() - hits0, "hits");
        print_u("cache_second_pass_misses", cache.misses() - misses0, "misses");
        if (sink == 0) std::puts("(no glyphs)");
    }

    // c. Glyph atlas at steady state: `atlas_frames` frames, each a new 1920x1080 screen of
    // corpus text in corpus order (mixed locales: the atlas's worst case), a 56 px heading
    // and 40 px body paragraphs, atlas AtlasConfig{1024, 12}.
    {
        std::vector<const Line*> all;
        for (const Line& l : corpus)
            all.push_back(&l);
        auto surface = render::Surface::offscreen(int(screen_w), int(screen_h));
        if (!surface) {
            std::fprintf(stderr, "text_bench: %s\n", surface.error().describe().c_str());
            return 1;
        }
        text::GlyphAtlas atlas(fonts, text::AtlasConfig{1024, 12});
        render::TextRenderer renderer((*surface)->renderer(), atlas);
        text::ParagraphCache cache(fonts, 4096);
        Screen screen{**surface, renderer, cache, margin};
        size_t next = 0, glyphs = 0, paragraphs = 0;
        std::vector<double> total;
        size_t peak = 0;
        for (int f = 0; f < atlas_frames; ++f) {
            FrameTimes t = screen.frame(all, next, 40, 56);
            total.push_back(t.total);
            glyphs += t.glyphs;
            paragraphs += t.paragraphs;
            peak = std::max(peak, atlas.memory_bytes());
        }
        if (!shot_dir.empty())
            (void)raster::write_png(shot_dir + "/atlas_last_screen.png", (*surface)->read_pixels());
        const auto& st = atlas.stats();
        print_u("atlas_frames", atlas_frames, "frames");
        print_u("atlas_screen_paragraphs", paragraphs, "paragraphs");
        print_u("atlas_screen_glyphs", glyphs, "glyphs");
        print("atlas_memory_bytes", double(atlas.memory_bytes()), "bytes");
        print("atlas_memory_mib", double(atlas.memory_bytes()) / (1 << 20), "MiB");
        print("atlas_peak_memory_mib", double(peak) / (1 << 20), "MiB");
        print("atlas_budget_mib", double(atlas.budget_bytes()) / (1 << 20), "MiB");
        print_u("atlas_pages", atlas.page_count(), "pages");
        print_u("atlas_resident_glyphs", atlas.glyph_count(), "glyphs");
        print_u("atlas_rasterized", st.rasterized, "glyphs");
        print_u("atlas_evicted_pages", st.evicted_pages, "pages");
        print_u("atlas_dropped", st.dropped, "glyphs");
        print("atlas_texture_rgba_mib",
              double(atlas.page_count()) * atlas.page_size() * atlas.page_size() * 4 / (1 << 20),
              "MiB");
        print("atlas_frame_median_ms", median(total), "ms");
        print("atlas_frame_p95_ms", percentile(total, 0.95), "ms");
        print("atlas_frame_max_ms", *std::max_element(total.begin(), total.end()), "ms");
    }
    return 0;
}
