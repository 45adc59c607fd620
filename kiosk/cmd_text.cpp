// kiosk text: lay out one paragraph with the text engine; print it as JSON or draw it.

#include "kiosk/cli_args.h"
#include "kiosk/commands.h"
#include "player/render/surface.h"
#include "player/render/text_renderer.h"
#include "player/text/glyph_atlas.h"
#include "player/text/layout_json.h"
#include "player/text/text_layout.h"

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

    text::LayoutStyle style;
    style.locale = *args.get("--lang");
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
    text::Paragraph p = text::lay_out(**fonts, args.positionals()[0], style);

    if (args.has("--json")) std::puts(text::paragraph_to_json(p, **fonts).c_str());

    if (auto out = args.get("-o")) {
        const float margin = std::ceil(style.px * 0.5f);
        int w = int(std::ceil(p.box_width + 2 * margin)), h = int(std::ceil(p.height + 2 * margin));
        auto surface = render::Surface::offscreen(std::max(w, 1), std::max(h, 1));
        if (!surface) return failure("text", surface.error().describe());
        // Only glyph quads from our own atlas are drawn here, never ImGui's font: give it
        // one glyph instead of rasterizing its whole default font at start-up.
        static constexpr ImWchar kSpaceOnly[] = {0x20, 0x20, 0};
        ImFontConfig font_config;
        font_config.GlyphRanges = kSpaceOnly;
        ImGui::GetIO().Fonts->Flags |= ImFontAtlasFlags_NoBakedLines;
        ImGui::GetIO().Fonts->AddFontDefault(&font_config);
        // Pages sized to the text, within the default 8 MiB budget: small text does not
        // pay for (and fault in) a 1024x1024 page and its 4 MiB texture.
        int page = 256;
        while (page < 4096 && float(page) < style.px * 9)
            page *= 2;
        text::GlyphAtlas atlas(
            **fonts, text::AtlasConfig{page, std::max(2, 8 * (1024 * 1024) / (page * page))});
        render::TextRenderer renderer((*surface)->renderer(), atlas);
        atlas.begin_frame();
        ImDrawList* list = (*surface)->begin_frame();
        renderer.draw(list, p, ImVec2(margin, margin), IM_COL32(0, 0, 0, 255));
        renderer.upload();
        (*surface)->end_frame(IM_COL32(255, 255, 255, 255));
        if (auto written = (*surface)->write_png(*out); !written)
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
