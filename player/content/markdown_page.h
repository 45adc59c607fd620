#pragma once
// The body of a page: Markdown (md4c, CommonMark + tables) reduced to the flat Block list the
// kiosk draws. Inline styling is dropped (bold stays as plain text); ruby markup
// {base|reading} passes through untouched, also inside table cells.

#include "player/content/bundle_loader.h"
#include "player/content/bundle_model.h"

#include <string>
#include <string_view>
#include <vector>

namespace kiosk::content {

// Every image the body uses, for checking against the bundle's files (images in table cells
// too, which become text rather than Image blocks).
struct MarkdownImage {
    std::string path; // as written
    std::string alt;
    int line = 0;
};

struct MarkdownPage {
    std::vector<Block> blocks;
    std::vector<MarkdownImage> images;
};

// Parses `body`, whose first line is line `first_line` of `file`. Constructs the kiosk
// cannot show (code blocks, raw HTML) are reported as warnings and left out; links and
// images are only collected here, the loader checks them against the bundle.
MarkdownPage parse_markdown(std::string_view body, int first_line, const std::string& file,
                            LoadReport& report);

} // namespace kiosk::content
