// Layout cost against input size: lays out inputs of n bytes for doubling n and prints
// the CPU time of each and the ratio to the previous size. A ratio near 2 is linear,
// near 2.1-2.2 is n log n, near 4 is quadratic. Numbers only; nothing is asserted.
//
//   build/bench/text/layout_scaling [--max-bytes N] [--min-bytes N] [--case NAME]

#include "player/text/font_set.h"
#include "player/text/layout_context.h"
#include "player/text/text_layout.h"

#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <functional>
#include <string>
#include <vector>

using namespace kiosk;

namespace {

double thread_cpu_seconds() {
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return double(ts.tv_sec) + double(ts.tv_nsec) * 1e-9;
}

// Repeats `unit` until the string holds at least `bytes` bytes.
std::string repeat_to(const std::string& unit, size_t bytes) {
    std::string s;
    s.reserve(bytes + unit.size());
    while (s.size() < bytes)
        s += unit;
    return s;
}

struct Case {
    const char* name;
    const char* locale;
    float width; // 0: one line, never wrapped
    std::function<std::string(size_t)> make;
};

} // namespace

int main(int argc, char** argv) {
    size_t min_bytes = 16 * 1024, max_bytes = 1024 * 1024;
    std::string only;
    for (int i = 1; i < argc; ++i) {
        std::string a = argv[i];
        if (a == "--max-bytes" && i + 1 < argc)
            max_bytes = std::strtoull(argv[++i], nullptr, 10);
        else if (a == "--min-bytes" && i + 1 < argc)
            min_bytes = std::strtoull(argv[++i], nullptr, 10);
        else if (a == "--case" && i + 1 < argc)
            only = argv[++i];
        else {
            std::fprintf(stderr,
                         "usage: layout_scaling [--min-bytes N] [--max-bytes N] [--case NAME]\n");
            return 2;
        }
    }
    auto fonts = text::FontSet::load_default();
    if (!fonts) {
        std::fprintf(stderr, "layout_scaling: %s\n", fonts.error().describe().c_str());
        return 1;
    }

    const std::vector<Case> cases = {
        {"english_paragraph", "en", 1200,
         [](size_t n) { return repeat_to("The ward office opens at nine on weekdays. ", n); }},
        {"japanese_paragraph", "ja", 1200,
         [](size_t n) { return repeat_to("転入届は、引っ越してから十四日以内に窓口へ。", n); }},
        {"ruby_paragraph", "ja", 1200,
         [](size_t n) {
             return repeat_to("{住民票|じゅうみんひょう}の{写|うつ}しを{取|と}る。", n);
         }},
        {"arabic_english_mix", "ar", 1200,
         [](size_t n) { return repeat_to("مكتب البلدية Ward Office 14 يوما ", n); }},
        {"nepali_paragraph", "ne", 1200,
         [](size_t n) { return repeat_to("वडा कार्यालय सोमबारदेखि शुक्रबारसम्म खुला छ। ", n); }},
        {"one_long_word", "en", 1200, [](size_t n) { return repeat_to("x", n); }},
        {"marks_on_one_base", "en", 1200,
         [](size_t n) { return "a" + repeat_to("\xCC\x81", n); }}, // U+0301 after one base
        {"one_unwrapped_line", "en", 0,
         [](size_t n) { return repeat_to("Counter 3, second floor. ", n); }},
        {"many_short_lines", "en", 1200, [](size_t n) { return repeat_to("Fee: 300 yen\n", n); }},
    };

    text::LayoutContext context;
    text::LayoutStyle style;
    style.px = 40;
    for (const Case& c : cases) {
        if (!only.empty() && only != c.name) continue;
        style.locale = c.locale;
        style.max_width = c.width;
        double previous = 0;
        for (size_t n = min_bytes; n <= max_bytes; n *= 2) {
            std::string input = c.make(n);
            (void)text::lay_out(context, **fonts, input.substr(0, 64), style); // warm the faces
            const double t0 = thread_cpu_seconds();
            text::Paragraph p = text::lay_out(context, **fonts, input, style);
            const double seconds = thread_cpu_seconds() - t0;
            std::printf("%s_bytes_%zu: %.1f ms (%zu lines, %zu glyphs)", c.name, input.size(),
                        seconds * 1e3, p.lines.size(), p.glyphs.size());
            if (previous > 0) std::printf(" ratio_to_half: %.2f", seconds / previous);
            std::printf("\n");
            std::fflush(stdout);
            previous = seconds;
        }
    }
    return 0;
}
