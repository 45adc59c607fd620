#include "player/text/ruby_markup.h"

namespace kiosk::text {

namespace {

// Finds a `{base|reading}` starting at `open`; returns false when it is not one.
bool match_ruby(std::string_view s, size_t open, std::string_view& base, std::string_view& reading,
                size_t& next) {
    size_t bar = s.find_first_of("|{}", open + 1);
    if (bar == std::string_view::npos || s[bar] != '|' || bar == open + 1) return false;
    size_t close = s.find_first_of("|{}", bar + 1);
    if (close == std::string_view::npos || s[close] != '}' || close == bar + 1) return false;
    base = s.substr(open + 1, bar - open - 1);
    reading = s.substr(bar + 1, close - bar - 1);
    next = close + 1;
    return true;
}

// Takes the strong markers out of `out.text`, recording their spans and moving the ruby
// offsets to match. Linear in the text.
void strip_strong(RubyText& out) {
    if (out.text.find_first_of("\x02\x03") == std::string::npos) return;
    std::vector<uint32_t> moved(out.text.size() + 1);
    std::string text;
    text.reserve(out.text.size());
    bool open = false;
    uint32_t start = 0;
    for (size_t i = 0; i < out.text.size(); ++i) {
        moved[i] = uint32_t(text.size());
        const char c = out.text[i];
        if (c == kStrongOpen) {
            if (!open) start = uint32_t(text.size());
            open = true;
        } else if (c == kStrongClose) {
            if (open && text.size() > start) out.strong.push_back({start, uint32_t(text.size())});
            open = false;
        } else {
            text.push_back(c);
        }
    }
    moved[out.text.size()] = uint32_t(text.size());
    if (open && text.size() > start) out.strong.push_back({start, uint32_t(text.size())});
    for (auto& a : out.annotations) {
        a.base_start = moved[a.base_start];
        a.base_end = moved[a.base_end];
    }
    out.text = std::move(text);
}

} // namespace

RubyText parse_ruby(std::string_view markup) {
    RubyText out;
    out.text.reserve(markup.size());
    size_t i = 0;
    while (i < markup.size()) {
        size_t open = markup.find('{', i);
        if (open == std::string_view::npos) {
            out.text.append(markup.substr(i));
            break;
        }
        out.text.append(markup.substr(i, open - i));
        std::string_view base, reading;
        size_t next = 0;
        if (match_ruby(markup, open, base, reading, next)) {
            RubyAnnotation a;
            a.base_start = uint32_t(out.text.size());
            out.text.append(base);
            a.base_end = uint32_t(out.text.size());
            a.reading = std::string(reading);
            out.annotations.push_back(std::move(a));
            i = next;
        } else {
            out.text.push_back('{');
            i = open + 1;
        }
    }
    strip_strong(out);
    return out;
}

std::string ruby_reading(std::string_view markup) {
    RubyText parsed = parse_ruby(markup);
    std::string spoken;
    size_t at = 0;
    for (const auto& a : parsed.annotations) {
        spoken.append(parsed.text, at, a.base_start - at);
        spoken.append(a.reading);
        at = a.base_end;
    }
    spoken.append(parsed.text, at);
    return spoken;
}

} // namespace kiosk::text
