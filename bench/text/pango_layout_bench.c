// pango_layout_bench: the reference point for text_bench's layout numbers. Lays out the
// same corpus with Pango (itemize, shape, break lines; no rasterization, no drawing) at the
// same size and width, and prints `name: value unit` lines like text_bench.
//
//   pango_layout_bench CORPUS.tsv [--px 32] [--width 1200]
//
// Build: cc -O2 pango_layout_bench.c $(pkg-config --cflags --libs pangocairo) -o pango_layout_bench
//
// Fairness notes (README.md has the rest):
// - PangoCairo's font map with a fresh PangoContext; nothing is drawn. pango_layout_get_extents
//   forces the whole layout (itemization, shaping, line breaking), as lay_out does.
// - The family is the first face of the kiosk's fallback chain for the locale
//   (fonts/fontset.toml); fontconfig supplies fallback for other scripts, as our chain does.
// - Pango has no ruby: `{base|reading}` is reduced to base, so ja-x-easy paragraphs cost
//   Pango less work than they cost lay_out, which also lays out the readings.
// - One paragraph per locale is laid out untimed first, as text_bench does.
// - A new PangoLayout per paragraph (lay_out also builds a new Paragraph each time).

#include <pango/pangocairo.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

typedef struct {
    char locale[32];
    char* text;   // ruby reduced to base
    size_t bytes; // of the text as it is in the corpus (with ruby markup), for MB/s
} Line;

// CPU time of this thread: not inflated when other processes share the cores.
static double cpu_ms(void) {
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static double now_ms(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

// `{base|reading}` -> base, in place; anything else stays literal (as ruby_markup.cpp).
static void strip_ruby(char* s) {
    char* out = s;
    for (char* p = s; *p;) {
        if (*p == '{') {
            char* bar = NULL;
            char* q = p + 1;
            while (*q && *q != '}' && *q != '{') {
                if (*q == '|' && !bar) bar = q;
                ++q;
            }
            if (*q == '}' && bar && bar > p + 1) {
                size_t n = (size_t)(bar - (p + 1));
                memmove(out, p + 1, n);
                out += n;
                p = q + 1;
                continue;
            }
        }
        *out++ = *p++;
    }
    *out = 0;
}

static const char* family_for(const char* locale) {
    static const struct {
        const char* locale;
        const char* family;
    } map[] = {
        {"ja", "Noto Sans CJK JP"},      {"ja-x-easy", "Noto Sans CJK JP"},
        {"zh-Hans", "Noto Sans CJK SC"}, {"zh-Hant", "Noto Sans CJK TC"},
        {"ko", "Noto Sans CJK KR"},      {"ne", "Noto Sans Devanagari"},
        {"th", "Noto Sans Thai"},        {"my", "Noto Sans Myanmar"},
        {"ar", "Noto Sans Arabic"},
    };
    for (size_t i = 0; i < sizeof map / sizeof map[0]; ++i)
        if (!strcmp(map[i].locale, locale)) return map[i].family;
    return "Noto Sans";
}

// Pango's language tags: ja-x-easy is Japanese; zh-Hans/zh-Hant map to zh-cn/zh-tw so that
// fontconfig picks the same Han glyph forms as our chain does.
static const char* pango_lang_for(const char* locale) {
    if (!strncmp(locale, "ja", 2)) return "ja";
    if (!strcmp(locale, "zh-Hans")) return "zh-cn";
    if (!strcmp(locale, "zh-Hant")) return "zh-tw";
    return locale;
}

typedef struct {
    PangoContext* context;
    double px, width;
    PangoFontDescription* desc[64];
    char desc_locale[64][32];
    int ndesc;
} Bench;

static PangoFontDescription* desc_for(Bench* b, const char* locale) {
    for (int i = 0; i < b->ndesc; ++i)
        if (!strcmp(b->desc_locale[i], locale)) return b->desc[i];
    PangoFontDescription* d = pango_font_description_new();
    pango_font_description_set_family(d, family_for(locale));
    pango_font_description_set_absolute_size(d, b->px * PANGO_SCALE);
    if (b->ndesc < 64) {
        snprintf(b->desc_locale[b->ndesc], sizeof b->desc_locale[0], "%s", locale);
        b->desc[b->ndesc++] = d;
    }
    return d;
}

static int lay_out(Bench* b, const Line* l, int* lines, int* unknown) {
    PangoLayout* layout = pango_layout_new(b->context);
    PangoAttrList* attrs = pango_attr_list_new();
    pango_attr_list_insert(
        attrs, pango_attr_language_new(pango_language_from_string(pango_lang_for(l->locale))));
    pango_layout_set_attributes(layout, attrs);
    pango_attr_list_unref(attrs);
    pango_layout_set_font_description(layout, desc_for(b, l->locale));
    pango_layout_set_width(layout, (int)(b->width * PANGO_SCALE));
    pango_layout_set_wrap(layout, PANGO_WRAP_WORD_CHAR);
    pango_layout_set_auto_dir(layout, TRUE);
    pango_layout_set_text(layout, l->text, -1);
    PangoRectangle logical;
    pango_layout_get_extents(layout, NULL, &logical);
    if (lines) *lines += pango_layout_get_line_count(layout);
    if (unknown) *unknown += pango_layout_get_unknown_glyphs_count(layout);
    g_object_unref(layout);
    return logical.height;
}

int main(int argc, char** argv) {
    const char* path = NULL;
    double px = 32, width = 1200;
    for (int i = 1; i < argc; ++i) {
        if (!strcmp(argv[i], "--px") && i + 1 < argc)
            px = atof(argv[++i]);
        else if (!strcmp(argv[i], "--width") && i + 1 < argc)
            width = atof(argv[++i]);
        else if (argv[i][0] != '-' && !path)
            path = argv[i];
        else {
            fprintf(stderr, "usage: pango_layout_bench CORPUS.tsv [--px 32] [--width 1200]\n");
            return 2;
        }
    }
    if (!path) {
        fprintf(stderr, "usage: pango_layout_bench CORPUS.tsv [--px 32] [--width 1200]\n");
        return 2;
    }

    FILE* f = fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "pango_layout_bench: cannot read %s\n", path);
        return 1;
    }
    size_t cap = 1024, n = 0, bytes = 0;
    Line* corpus = malloc(cap * sizeof *corpus);
    char* buf = NULL;
    size_t bufcap = 0;
    ssize_t len;
    while ((len = getline(&buf, &bufcap, f)) > 0) {
        if (buf[len - 1] == '\n') buf[--len] = 0;
        char* tab = strchr(buf, '\t');
        if (!tab || tab == buf || (size_t)(tab - buf) >= sizeof corpus[0].locale) continue;
        if (n == cap) corpus = realloc(corpus, (cap *= 2) * sizeof *corpus);
        Line* l = &corpus[n++];
        memcpy(l->locale, buf, (size_t)(tab - buf));
        l->locale[tab - buf] = 0;
        l->text = strdup(tab + 1);
        l->bytes = strlen(l->text);
        bytes += l->bytes;
        strip_ruby(l->text);
    }
    free(buf);
    fclose(f);
    if (!n) {
        fprintf(stderr, "pango_layout_bench: no paragraphs in %s\n", path);
        return 1;
    }

    double t0 = now_ms();
    PangoFontMap* fontmap = pango_cairo_font_map_new();
    Bench b = {0};
    b.context = pango_font_map_create_context(fontmap);
    b.px = px;
    b.width = width;
    printf("pango_fontmap_ms: %.6g ms\n", now_ms() - t0);

    // Untimed warm-up: the first paragraph of each locale (fontconfig init, font loading).
    t0 = now_ms();
    for (size_t i = 0; i < n; ++i) {
        size_t j = 0;
        while (j < i && strcmp(corpus[j].locale, corpus[i].locale))
            ++j;
        if (j == i) lay_out(&b, &corpus[i], NULL, NULL);
    }
    printf("pango_layout_warmup_ms: %.6g ms\n", now_ms() - t0);

    double pass_ms[3], pass_cpu_ms[3];
    int lines = 0, unknown = 0;
    for (int pass = 0; pass < 3; ++pass) {
        t0 = now_ms();
        double c0 = cpu_ms();
        for (size_t i = 0; i < n; ++i)
            lay_out(&b, &corpus[i], pass == 0 ? &lines : NULL, pass == 0 ? &unknown : NULL);
        pass_cpu_ms[pass] = cpu_ms() - c0;
        pass_ms[pass] = now_ms() - t0;
    }
    const double cold_s = pass_ms[0] / 1000;
    const double best_s = (pass_ms[1] < pass_ms[2] ? pass_ms[1] : pass_ms[2]) / 1000;
    const double cold_cpu_s = pass_cpu_ms[0] / 1000;
    const double best_cpu_s =
        (pass_cpu_ms[1] < pass_cpu_ms[2] ? pass_cpu_ms[1] : pass_cpu_ms[2]) / 1000;
    printf("pango_paragraphs: %zu paragraphs\n", n);
    printf("pango_layout_cold_ms: %.6g ms\n", pass_ms[0]);
    printf("pango_layout_cold_paragraphs_per_s: %.6g paragraphs/s\n", (double)n / cold_s);
    printf("pango_layout_cold_mb_per_s: %.6g MB/s\n", (double)bytes / 1e6 / cold_s);
    printf("pango_layout_cold_cpu_paragraphs_per_s: %.6g paragraphs/s\n", (double)n / cold_cpu_s);
    printf("pango_layout_cold_cpu_mb_per_s: %.6g MB/s\n", (double)bytes / 1e6 / cold_cpu_s);
    printf("pango_layout_repeat_best_paragraphs_per_s: %.6g paragraphs/s\n", (double)n / best_s);
    printf("pango_layout_repeat_best_mb_per_s: %.6g MB/s\n", (double)bytes / 1e6 / best_s);
    printf("pango_layout_repeat_best_cpu_paragraphs_per_s: %.6g paragraphs/s\n",
           (double)n / best_cpu_s);
    printf("pango_layout_lines: %d lines\n", lines);
    printf("pango_unknown_glyphs: %d glyphs\n", unknown);

    for (int i = 0; i < b.ndesc; ++i)
        pango_font_description_free(b.desc[i]);
    g_object_unref(b.context);
    g_object_unref(fontmap);
    for (size_t i = 0; i < n; ++i)
        free(corpus[i].text);
    free(corpus);
    return 0;
}
