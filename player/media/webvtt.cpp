#include "player/media/webvtt.h"

#include "player/core/utf8.h"

#include <algorithm>
#include <optional>
#include <queue>
#include <utility>

namespace kiosk::media {

namespace {

constexpr std::string_view kBom = "\xEF\xBB\xBF";
constexpr std::string_view kTimestampHelp = "write hh:mm:ss.ttt or mm:ss.ttt, e.g. 01:02.500";

bool is_space(char c) {
    return c == ' ' || c == '\t' || c == '\f';
}
bool is_digit(char c) {
    return c >= '0' && c <= '9';
}

// Lines split at CRLF, CR or LF, numbered from 1, with one line of push-back: a cue's text
// ends at a line holding "-->", which then starts the next cue.
class LineReader {
  public:
    explicit LineReader(std::string_view text) : m_text(text) {}

    bool next(std::string_view& line, int& number) {
        if (m_pushed) {
            m_pushed = false;
            line = m_last;
            number = m_number;
            return true;
        }
        if (m_pos >= m_text.size()) return false;
        size_t end = m_pos;
        while (end < m_text.size() && m_text[end] != '\n' && m_text[end] != '\r')
            ++end;
        m_last = m_text.substr(m_pos, end - m_pos);
        if (end < m_text.size()) {
            end +=
                (m_text[end] == '\r' && end + 1 < m_text.size() && m_text[end + 1] == '\n') ? 2 : 1;
        }
        m_pos = end;
        line = m_last;
        number = ++m_number;
        return true;
    }

    void push_back() { m_pushed = true; }

  private:
    std::string_view m_text;
    size_t m_pos = 0;
    std::string_view m_last;
    int m_number = 0;
    bool m_pushed = false;
};

// The 1-based line holding byte offset, counting CRLF as one break.
int line_of(std::string_view text, size_t offset) {
    int line = 1;
    for (size_t i = 0; i < offset && i < text.size(); ++i) {
        if (text[i] == '\n') {
            ++line;
        } else if (text[i] == '\r') {
            if (i + 1 < text.size() && text[i + 1] == '\n' && i + 1 < offset) ++i;
            ++line;
        }
    }
    return line;
}

// "NOTE", "NOTE text", but not "NOTES".
bool starts_block(std::string_view line, std::string_view keyword) {
    if (line.substr(0, keyword.size()) != keyword) return false;
    return line.size() == keyword.size() || is_space(line[keyword.size()]);
}

struct Parsed {
    std::optional<int64_t> ms;
    std::string problem; // when !ms
};

// Collects a WebVTT timestamp at pos, as the W3C parser does: [h+:]mm:ss.ttt, where the
// first component is hours when it is not exactly two digits or above 59.
Parsed parse_timestamp(std::string_view s, size_t& pos) {
    auto digits = [&](int64_t& value) {
        const size_t begin = pos;
        value = 0;
        while (pos < s.size() && is_digit(s[pos])) {
            // Saturate rather than overflow: anything this large is over the limit anyway.
            if (value < 1'000'000'000) value = value * 10 + (s[pos] - '0');
            ++pos;
        }
        return pos - begin;
    };
    const size_t begin = pos;
    auto bad = [&](std::string_view what) {
        size_t end = pos;
        while (end < s.size() && !is_space(s[end]))
            ++end;
        std::string shown(s.substr(begin, std::min<size_t>(end - begin, 40)));
        return Parsed{std::nullopt, "bad timestamp \"" + shown + "\": " + std::string(what)};
    };
    int64_t first = 0, second = 0, third = 0, millis = 0;
    const size_t first_len = digits(first);
    if (first_len == 0) return bad("expected digits");
    const bool hours = first_len != 2 || first > 59;
    if (pos >= s.size() || s[pos] != ':') return bad("expected ':'");
    ++pos;
    if (digits(second) != 2) return bad("minutes and seconds take two digits");
    int64_t h = 0, m = first, sec = second;
    if (hours || (pos < s.size() && s[pos] == ':')) {
        if (pos >= s.size() || s[pos] != ':') return bad("expected ':' before the seconds");
        ++pos;
        if (digits(third) != 2) return bad("seconds take two digits");
        h = first;
        m = second;
        sec = third;
    }
    if (pos >= s.size() || s[pos] != '.') return bad("expected '.' before the milliseconds");
    ++pos;
    if (digits(millis) != 3) return bad("milliseconds take three digits");
    if (m > 59 || sec > 59) return bad("minutes and seconds go up to 59");
    const int64_t total = ((h * 60 + m) * 60 + sec) * 1000 + millis;
    if (total > kMaxTimestampMs)
        return Parsed{std::nullopt, "timestamp " + std::string(s.substr(begin, pos - begin)) +
                                        " is over the 24 h limit for captions (kMaxTimestampMs)"};
    return Parsed{total, {}};
}

// Appends text with tags (and ruby text, <rt>) removed and the entities captions use decoded. A tag
// runs from
// '<' to '>' (or to the end, as the W3C tokenizer has it); an unknown entity stays as
// written, so a stray '&' shows as itself.
void append_plain(std::string& out, std::string_view raw) {
    static constexpr std::pair<std::string_view, std::string_view> kEntities[] = {
        {"&amp;", "&"},
        {"&lt;", "<"},
        {"&gt;", ">"},
        {"&nbsp;", "\xC2\xA0"},
        {"&lrm;", "\xE2\x80\x8E"},
        {"&rlm;", "\xE2\x80\x8F"},
        {"&quot;", "\""},
        {"&apos;", "'"},
    };
    bool in_ruby_text = false;
    for (size_t i = 0; i < raw.size();) {
        const char c = raw[i];
        if (c == '<') {
            const size_t close = raw.find('>', i + 1);
            const std::string_view tag = raw.substr(
                i + 1, close == std::string_view::npos ? std::string_view::npos : close - i - 1);
            // Ruby text would run into its base as plain text ("区役所くやくしょ"), so
            // only the base is kept.
            if (tag == "rt" || tag.substr(0, 3) == "rt." || tag.substr(0, 3) == "rt ")
                in_ruby_text = true;
            else if (tag == "/rt" || tag == "/ruby")
                in_ruby_text = false;
            i = close == std::string_view::npos ? raw.size() : close + 1;
            continue;
        }
        if (in_ruby_text) {
            ++i;
            continue;
        }
        if (c == '&') {
            bool decoded = false;
            for (const auto& [name, value] : kEntities) {
                if (raw.substr(i, name.size()) == name) {
                    out += value;
                    i += name.size();
                    decoded = true;
                    break;
                }
            }
            if (decoded) continue;
        }
        out += c;
        ++i;
    }
}

} // namespace

void index_captions(Captions& captions) {
    auto& cues = captions.cues;
    std::stable_sort(cues.begin(), cues.end(),
                     [](const Cue& a, const Cue& b) { return a.start_ms < b.start_ms; });
    captions.spans.clear();
    std::vector<int64_t> times;
    times.reserve(cues.size() * 2);
    for (const Cue& cue : cues) {
        times.push_back(cue.start_ms);
        times.push_back(cue.end_ms);
    }
    std::sort(times.begin(), times.end());
    times.erase(std::unique(times.begin(), times.end()), times.end());
    // Sweep the boundaries with a heap of the cues begun so far, latest-starting on top
    // (the highest index, cues being sorted by start); ended cues drop off the top lazily.
    std::priority_queue<int32_t> active;
    size_t next = 0;
    for (int64_t t : times) {
        while (next < cues.size() && cues[next].start_ms <= t)
            active.push(int32_t(next++));
        while (!active.empty() && cues[size_t(active.top())].end_ms <= t)
            active.pop();
        const int32_t showing = active.empty() ? -1 : active.top();
        if (captions.spans.empty() || captions.spans.back().cue != showing)
            captions.spans.push_back({t, showing});
    }
}

const Cue* cue_at(const Captions& captions, int64_t ms) {
    const auto& spans = captions.spans;
    auto it = std::upper_bound(spans.begin(), spans.end(), ms,
                               [](int64_t t, const CaptionSpan& s) { return t < s.from_ms; });
    if (it == spans.begin()) return nullptr;
    const int32_t cue = std::prev(it)->cue;
    if (cue < 0 || size_t(cue) >= captions.cues.size()) return nullptr;
    return &captions.cues[size_t(cue)];
}

Result<Captions> parse_webvtt(std::string_view bytes, std::string_view display_name) {
    const std::string file(display_name);
    auto fail = [&](int line, std::string message) {
        return Result<Captions>(make_error(file, line, std::move(message)));
    };
    if (bytes.size() > kMaxWebvttBytes)
        return fail(0, "captions are " + std::to_string(bytes.size()) +
                           " bytes, over the 1 MiB limit (kMaxWebvttBytes) (split or shorten "
                           "the captions)");
    if (bytes.substr(0, kBom.size()) == kBom) bytes.remove_prefix(kBom.size());
    if (const size_t nul = bytes.find('\0'); nul != std::string_view::npos)
        return fail(line_of(bytes, nul), "NUL byte in the captions (save them as UTF-8 text)");
    if (const size_t bad = find_invalid_utf8(bytes); bad != std::string_view::npos)
        return fail(line_of(bytes, bad), "invalid UTF-8 (save the captions as UTF-8)");

    LineReader lines(bytes);
    std::string_view line;
    int number = 0;
    if (!lines.next(line, number) || !starts_block(line, "WEBVTT"))
        return fail(1, "missing the WEBVTT signature (the first line must be \"WEBVTT\", "
                       "optionally followed by a space and a title)");
    // The header runs to the first blank line; a timing line ends it early, as in the W3C
    // parser, so a file that forgot the blank line still gets its first cue.
    while (lines.next(line, number) && !line.empty()) {
        if (line.find("-->") != std::string_view::npos) {
            lines.push_back();
            break;
        }
    }

    Captions captions;
    while (lines.next(line, number)) {
        if (line.empty()) continue;
        if (starts_block(line, "NOTE") || starts_block(line, "STYLE") ||
            starts_block(line, "REGION")) {
            // Comments, CSS and regions: nothing the kiosk's own caption layout uses. A
            // "-->" line ends the block and starts a cue, as in the W3C parser.
            while (lines.next(line, number) && !line.empty()) {
                if (line.find("-->") != std::string_view::npos) {
                    lines.push_back();
                    break;
                }
            }
            continue;
        }
        const int block_line = number;
        if (line.find("-->") == std::string_view::npos) {
            // A cue identifier; the timing line must follow it.
            if (!lines.next(line, number) || line.empty() ||
                line.find("-->") == std::string_view::npos)
                return fail(block_line,
                            "expected a cue timing line after the cue identifier (write "
                            "\"00:00:01.000 --> 00:00:04.000\" on the next line, or a NOTE "
                            "for a comment)");
        }
        const int timing_line = number;
        if (captions.cues.size() >= kMaxCues)
            return fail(timing_line, "more than 10000 cues, the limit for one caption file "
                                     "(kMaxCues) (split the captions)");

        size_t pos = 0;
        while (pos < line.size() && is_space(line[pos]))
            ++pos;
        Parsed start = parse_timestamp(line, pos);
        if (!start.ms) return fail(timing_line, start.problem + " (" + kTimestampHelp.data() + ")");
        while (pos < line.size() && is_space(line[pos]))
            ++pos;
        if (line.substr(pos, 3) != "-->")
            return fail(timing_line, "expected \"-->\" after the start time (write "
                                     "\"00:00:01.000 --> 00:00:04.000\")");
        pos += 3;
        while (pos < line.size() && is_space(line[pos]))
            ++pos;
        Parsed end = parse_timestamp(line, pos);
        if (!end.ms) return fail(timing_line, end.problem + " (" + kTimestampHelp.data() + ")");
        if (pos < line.size() && !is_space(line[pos]))
            return fail(timing_line, "unexpected text right after the end time (separate cue "
                                     "settings from it with a space)");
        if (*end.ms <= *start.ms)
            return fail(timing_line, "the cue ends before or when it starts (make the end time "
                                     "later than the start time)");

        // Cue text: up to a blank line, or a line with "-->" that starts the next cue.
        std::string raw;
        bool first = true;
        while (lines.next(line, number) && !line.empty()) {
            if (line.find("-->") != std::string_view::npos) {
                lines.push_back();
                break;
            }
            if (raw.size() + line.size() + (first ? 0 : 1) > kMaxCueTextBytes)
                return fail(number, "cue text over 2000 bytes, the limit for one cue "
                                    "(kMaxCueTextBytes) (split it into shorter cues)");
            if (!first) raw += '\n';
            raw += line;
            first = false;
        }
        Cue cue;
        cue.start_ms = *start.ms;
        cue.end_ms = *end.ms;
        cue.line = timing_line;
        cue.text.reserve(raw.size());
        append_plain(cue.text, raw);
        captions.cues.push_back(std::move(cue));
    }
    index_captions(captions);
    return captions;
}

} // namespace kiosk::media
