// kiosk text: lay out one paragraph with the text engine; print it as JSON or draw it.

#include "kiosk/cli_args.h"
#include "kiosk/commands.h"
#include "player/raster/canvas.h"
#include "player/text/glyph_atlas.h"
#include "player/text/layout_json.h"
#include "player/text/text_layout.h"

#include "player/core/utf8.h"

#include <unicode/uloc.h>
#include <unicode/uscript.h>

#include <charconv>
#include <cmath>
#include <cstdio>

namespace kiosk::cli {

namespace {

constexpr const char* kUsage =
    "kiosk text --lang TAG --px N --width PX [--json] [-o OUT.png] [--bold] [--no-ruby]\n"
    "           [--align start|center|end] TEXT\n"
    "  Lays out TEXT (ruby markup {base|reading} allowed) for locale TAG at N pixels,\n"
    "  wrapped at PX pixels (0: no wrapping). --json prints lines, runs, glyph ids,\n"
    "  clusters and positions; -o draws the paragraph to a PNG.";

// The longest TEXT: a paragraph of the page limit (docs/CONTENT.md) with room to spare.
constexpr size_t kMaxTextBytes = 64 * 1024;

// Empty when `tag` is a well-formed BCP 47 tag (ICU parses all of it); otherwise why not.
std::string malformed_tag(const std::string& tag) {
    char locale[ULOC_FULLNAME_CAPACITY];
    int32_t parsed = 0;
    UErrorCode status = U_ZERO_ERROR;
    uloc_forLanguageTag(tag.c_str(), locale, sizeof locale, &parsed, &status);
    if (U_FAILURE(status) || status == U_STRING_NOT_TERMINATED_WARNING || tag.empty() ||
        parsed != int32_t(tag.size()))
        return "--lang " + tag + " is not a BCP 47 language tag (e.g. ja, en, zh-Hant, ne)";
    return {};
}

// Empty when the font set has a face for the tag's script along its chain; otherwise why
// not. The script is the tag's own, or the one ICU knows as likely for the language.
std::string unserved_tag(const std::string& tag, const text::FontSet& fonts) {
    char locale[ULOC_FULLNAME_CAPACITY], likely[ULOC_FULLNAME_CAPACITY];
    char script[ULOC_SCRIPT_CAPACITY] = "";
    int32_t parsed = 0;
    UErrorCode status = U_ZERO_ERROR;
    uloc_forLanguageTag(tag.c_str(), locale, sizeof locale, &parsed, &status);
    uloc_addLikelySubtags(locale, likely, sizeof likely, &status);
    uloc_getScript(likely, script, sizeof script, &status);
    const std::string unknown = "--lang " + tag +
                                ": no script is known for this language, so no font can be "
                                "chosen (use a tag like ja, en, ne, my, ar)";
    if (U_FAILURE(status) || script[0] == '\0') return unknown;
    UScriptCode codes[4];
    UErrorCode code_status = U_ZERO_ERROR;
    const int32_t count = uscript_getCode(script, codes, 4, &code_status);
    if (U_FAILURE(code_status) || count < 1) return unknown;
    UChar sample[8];
    UErrorCode sample_status = U_ZERO_ERROR;
    const int32_t length = uscript_getSampleString(codes[0], sample, 8, &sample_status);
    if (U_FAILURE(sample_status) || length < 1) return {}; // nothing to test with
    UChar32 cp = sample[0];
    if (U16_IS_LEAD(sample[0]) && length > 1) cp = U16_GET_SUPPLEMENTARY(sample[0], sample[1]);
    if (fonts.face_for(fonts.chain(tag, text::Weight::Regular), char32_t(cp)) == text::kNoFace)
        return "--lang " + tag + ": the font set has no font for its script (" + script +
               "); add one to fonts/fontset.toml";
    return {};
}

bool parse_float(const std::string& s, float& out) {
    auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
    return ec == std::errc() && end == s.data() + s.size() && std::isfinite(out);
}

} // namespace

int text_main(const Argv& argv) {
    Args args(argv, {{"--lang", true},
                     {"--px", true},
                     {"--width", true},
                     {"--json", false},
                     {"-o", true},
                     {"--bold", false},
                     {"--no-ruby", false},
                     {"--align", true}});
    if (args.wants_help()) {
        std::puts(kUsage);
        return Exit::Success;
    }
    if (!args.error().empty()) return usage_error("text", args.error(), kUsage);
    if (args.positionals().size() != 1) return usage_error("text", "give exactly one TEXT", kUsage);
    if (!args.get("--lang") || !args.get("--px") || !args.get("--width"))
        return usage_error("text", "--lang, --px and --width are required", kUsage);

    const std::string& text_arg = args.positionals()[0];
    if (size_t bad = find_invalid_utf8(text_arg); bad != std::string::npos)
        return usage_error("text",
                           "TEXT is not valid UTF-8 (byte " + std::to_string(bad) +
                               "); pass text in the UTF-8 locale",
                           kUsage);
    if (text_arg.size() > kMaxTextBytes)
        return usage_error("text",
                           "TEXT is " + std::to_string(text_arg.size()) + " bytes; the limit is " +
                               std::to_string(kMaxTextBytes),
                           kUsage);
    text::LayoutStyle style;
    style.locale = *args.get("--lang");
    if (std::string why = malformed_tag(style.locale); !why.empty())
        return usage_error("text", why, kUsage);
    if (!parse_float(*args.get("--px"), style.px) || style.px < 1 || style.px > 1000)
        return usage_error("text", "--px must be a number from 1 to 1000", kUsage);
    if (!parse_float(*args.get("--width"), style.max_width) || style.max_width < 0 ||
        style.max_width > 100000)
        return usage_error("text", "--width must be a number from 0 to 100000", kUsage);
    style.weight = args.has("--bold") ? text::Weight::Bold : text::Weight::Regular;
    style.ruby = !args.has("--no-ruby");
    std::string align = args.get_or("--align", "start");
    if (align == "start")
        style.align = text::Align::Start;
    else if (align == "center")
        style.align = text::Align::Center;
    else if (align == "end")
        style.align = text::Align::End;
    else
        return usage_error("text", "--align must be start, center or end", kUsage);
    if (!args.has("--json") && !args.get("-o"))
        return usage_error("text", "give --json and/or -o OUT.png", kUsage);

    auto fonts = text::FontSet::load_default();
    if (!fonts) return failure("text", fonts.error().describe());
    if (std::string why = unserved_tag(style.locale, **fonts); !why.empty())
        return failure("text", why);
    text::Paragraph p = text::lay_out(**fonts, args.positionals()[0], style);

    if (args.has("--json")) std::puts(text::paragraph_to_json(p, **fonts).c_str());

    if (auto out = args.get("-o")) {
        const float margin = std::ceil(style.px * 0.5f);
        int w = int(std::ceil(p.box_width + 2 * margin)), h = int(std::ceil(p.height + 2 * margin));
        // On a canvas in memory, not an SDL surface: the same pixels (raster/canvas.h),
        // without SDL and ImGui in the process.
        auto canvas = raster::Canvas::make(std::max(w, 1), std::max(h, 1), {255, 255, 255, 255});
        if (!canvas) return failure("text", canvas.error().describe());
        // Pages sized to the text, within the default 8 MiB budget: small text does not
        // pay for (and fault in) a 1024x1024 page.
        int page = 256;
        while (page < 4096 && float(page) < style.px * 9)
            page *= 2;
        text::GlyphAtlas atlas(
            **fonts, text::AtlasConfig{page, std::max(2, 8 * (1024 * 1024) / (page * page))});
        atlas.begin_frame();
        raster::draw_text(*canvas, atlas, p, margin, margin, {0, 0, 0, 255});
        if (auto written = canvas->write_png(*out); !written)
            return failure("text", written.error().describe());
    }
    if (!p.missing.empty()) {
        std::fprintf(stderr,
                     "kiosk text: %zu character(s) no font in the set covers (first U+%04X)\n",
                     p.missing.size(), p.missing.front());
        return Exit::Failure;
    }
    return Exit::Success;
}

} // namespace kiosk::cli
