#include "player/content/markdown_page.h"

#include "player/content/content_limits.h"
#include "player/content/content_rules.h"
#include "player/text/ruby_markup.h"

#include <md4c.h>
#include <unicode/utf8.h>

#include <cstdint>
#include <optional>

namespace kiosk::content {

namespace {

// Stands for a soft line break until the text around it is known: Japanese and Chinese
// lines join without a space, English ones with one.
constexpr char kSoftBreak = '\x01';

void append_utf8(std::string& out, char32_t cp) {
    uint8_t buffer[U8_MAX_LENGTH];
    int32_t length = 0;
    U8_APPEND_UNSAFE(buffer, length, static_cast<UChar32>(cp));
    out.append(reinterpret_cast<const char*>(buffer), static_cast<size_t>(length));
}

// md4c hands entities over undecoded; the few that staff plausibly type are decoded, any
// other stays as written so nothing silently disappears.
void append_entity(std::string& out, std::string_view entity) {
    static constexpr std::pair<std::string_view, std::string_view> named[] = {
        {"&amp;", "&"},   {"&lt;", "<"},   {"&gt;", ">"},
        {"&quot;", "\""}, {"&apos;", "'"}, {"&nbsp;", "\xC2\xA0"}};
    for (const auto& [name, text] : named)
        if (entity == name) {
            out += text;
            return;
        }
    if (entity.size() > 3 && entity[1] == '#') {
        bool hex = entity[2] == 'x' || entity[2] == 'X';
        char32_t cp = 0;
        bool ok = true;
        for (char c : entity.substr(hex ? 3 : 2, entity.size() - (hex ? 4 : 3))) {
            int digit = c >= '0' && c <= '9'          ? c - '0'
                        : hex && c >= 'a' && c <= 'f' ? c - 'a' + 10
                        : hex && c >= 'A' && c <= 'F' ? c - 'A' + 10
                                                      : -1;
            if (digit < 0 || cp > 0x10FFFF) ok = false;
            if (ok) cp = cp * (hex ? 16 : 10) + static_cast<char32_t>(digit);
        }
        if (ok && cp > 0 && cp <= 0x10FFFF && (cp < 0xD800 || cp > 0xDFFF)) {
            append_utf8(out, cp);
            return;
        }
    }
    out += entity;
}

std::string decode_attribute(const MD_ATTRIBUTE& attribute) {
    std::string out;
    for (unsigned i = 0; attribute.substr_offsets[i] < attribute.size; ++i) {
        std::string_view part(attribute.text + attribute.substr_offsets[i],
                              attribute.substr_offsets[i + 1] - attribute.substr_offsets[i]);
        if (attribute.substr_types[i] == MD_TEXT_ENTITY)
            append_entity(out, part);
        else if (attribute.substr_types[i] == MD_TEXT_NULLCHAR)
            out += "\xEF\xBF\xBD";
        else
            out += part;
    }
    return out;
}

// Scripts written without spaces between words (CJK, kana, Thai, Myanmar); Hangul is
// spaced like English.
bool joins_without_space(char32_t cp) {
    if (cp >= 0x3130 && cp <= 0x318F) return false; // Hangul compatibility jamo
    return (cp >= 0x2E80 && cp <= 0x9FFF) || (cp >= 0xF900 && cp <= 0xFAFF) ||
           (cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFF00 && cp <= 0xFFEF) ||
           (cp >= 0x20000 && cp <= 0x3FFFF) || (cp >= 0x0E00 && cp <= 0x0E7F) ||
           (cp >= 0x1000 && cp <= 0x109F);
}

// Japanese and Chinese: no spaces around words at all, nor between them and numbers.
bool is_han_or_kana(char32_t cp) {
    return joins_without_space(cp) && !(cp >= 0x0E00 && cp <= 0x0E7F) &&
           !(cp >= 0x1000 && cp <= 0x109F);
}

// The code point starting at byte `start`, or 0 at the end or on ill-formed UTF-8.
char32_t decode_at(std::string_view text, size_t start) {
    if (start >= text.size()) return 0;
    auto at = static_cast<int32_t>(start);
    UChar32 cp = 0;
    U8_NEXT(reinterpret_cast<const uint8_t*>(text.data()), at, static_cast<int32_t>(text.size()),
            cp);
    return cp < 0 ? 0 : static_cast<char32_t>(cp);
}

// The code point ending just before byte `end`, or 0 at the start or on ill-formed UTF-8.
char32_t code_point_before(std::string_view text, size_t end) {
    if (end == 0 || end > text.size()) return 0;
    auto at = static_cast<int32_t>(end);
    UChar32 cp = 0;
    U8_PREV(reinterpret_cast<const uint8_t*>(text.data()), 0, at, cp);
    return cp < 0 ? 0 : static_cast<char32_t>(cp);
}

// Replaces soft-break markers and trims the ends.
void finish_text(std::string& text) {
    std::string out;
    out.reserve(text.size());
    for (size_t i = 0; i < text.size(); ++i) {
        if (text[i] != kSoftBreak) {
            out += text[i];
            continue;
        }
        char32_t before = code_point_before(out, out.size());
        char32_t after = decode_at(text, i + 1);
        if (!joins_without_space(before) && !joins_without_space(after)) out += ' ';
    }
    // Authors put spaces around **strong** words in Japanese so that the Markdown reads
    // well; on screen they would be gaps. A space beside a strong marker goes when the
    // letters on both sides join without spaces.
    if (out.find_first_of("\x02\x03") != std::string::npos) {
        auto skip_markers_back = [&](size_t at) {
            while (at > 0 &&
                   (out[at - 1] == text::kStrongOpen || out[at - 1] == text::kStrongClose))
                --at;
            return at;
        };
        auto skip_markers_forward = [&](size_t at) {
            while (at < out.size() &&
                   (out[at] == text::kStrongOpen || out[at] == text::kStrongClose))
                ++at;
            return at;
        };
        std::string tidy;
        tidy.reserve(out.size());
        for (size_t i = 0; i < out.size(); ++i) {
            const bool by_marker =
                out[i] == ' ' &&
                ((i > 0 && (out[i - 1] == text::kStrongOpen || out[i - 1] == text::kStrongClose)) ||
                 (i + 1 < out.size() &&
                  (out[i + 1] == text::kStrongOpen || out[i + 1] == text::kStrongClose)));
            const char32_t a = by_marker ? code_point_before(out, skip_markers_back(i)) : 0;
            const char32_t b = by_marker ? decode_at(out, skip_markers_forward(i + 1)) : 0;
            auto digit = [](char32_t c) { return c >= '0' && c <= '9'; };
            if (by_marker && ((is_han_or_kana(a) && (is_han_or_kana(b) || digit(b))) ||
                              (is_han_or_kana(b) && digit(a))))
                continue;
            tidy += out[i];
        }
        out = std::move(tidy);
    }
    size_t first = out.find_first_not_of(" \t\n");
    size_t last = out.find_last_not_of(" \t\n");
    text = first == std::string::npos ? std::string() : out.substr(first, last - first + 1);
}

// md4c would split a table cell at the '|' of {base|reading}; escaping it keeps ruby whole
// everywhere (outside tables "\|" reads as "|" too). Line breaks are untouched, so line
// numbers stay right.
std::string escape_ruby_pipes(std::string_view body) {
    std::string out;
    out.reserve(body.size() + 16);
    size_t i = 0;
    while (i < body.size()) {
        size_t open = body.find('{', i);
        if (open == std::string_view::npos) break;
        size_t close = body.find_first_of("{}\n", open + 1);
        if (close == std::string_view::npos || body[close] != '}') {
            out += body.substr(i, open + 1 - i);
            i = open + 1;
            continue;
        }
        out += body.substr(i, open - i);
        for (size_t k = open; k <= close; ++k) {
            if (body[k] == '|' && body[k - 1] != '\\') out += '\\';
            out += body[k];
        }
        i = close + 1;
    }
    out += body.substr(i);
    return out;
}

class Walker {
  public:
    Walker(std::string_view body, int first_line, const std::string& file, LoadReport& report)
        : m_doc(escape_ruby_pipes(body)), m_lines(m_doc), m_first_line(first_line),
          m_last_line(first_line), m_file(file), m_report(report) {}

    MarkdownPage run() {
        MD_PARSER parser{};
        parser.abi_version = 0;
        // Indented code blocks are off: staff indent text for looks, not to show code.
        parser.flags = MD_FLAG_TABLES | MD_FLAG_NOINDENTEDCODEBLOCKS;
        // A non-zero return stops md4c: once a limit is exceeded the page is refused, and
        // reading on would only cost time and add follow-on errors.
        parser.enter_block = [](MD_BLOCKTYPE type, void* detail, void* self) {
            static_cast<Walker*>(self)->enter_block(type, detail);
            return static_cast<Walker*>(self)->stop();
        };
        parser.leave_block = [](MD_BLOCKTYPE type, void*, void* self) {
            static_cast<Walker*>(self)->leave_block(type);
            return static_cast<Walker*>(self)->stop();
        };
        parser.enter_span = [](MD_SPANTYPE type, void* detail, void* self) {
            static_cast<Walker*>(self)->enter_span(type, detail);
            return static_cast<Walker*>(self)->stop();
        };
        parser.leave_span = [](MD_SPANTYPE type, void*, void* self) {
            static_cast<Walker*>(self)->leave_span(type);
            return static_cast<Walker*>(self)->stop();
        };
        parser.text = [](MD_TEXTTYPE type, const MD_CHAR* text, MD_SIZE size, void* self) {
            static_cast<Walker*>(self)->text(type, text, size);
            return static_cast<Walker*>(self)->stop();
        };
        md_parse(m_doc.data(), static_cast<MD_SIZE>(m_doc.size()), &parser, this);
        if (!m_pending_limit.empty()) over_limit(std::move(m_pending_limit));
        if (m_over_limit) {
            m_page.blocks.clear(); // the page is refused; nothing of it is shown
            return std::move(m_page);
        }
        finish_block();
        return std::move(m_page);
    }

    int stop() const { return m_over_limit ? 1 : 0; }

  private:
    // Reports one exceeded limit (the first) and stops the walk.
    void over_limit(std::string message) {
        if (m_over_limit) return;
        m_over_limit = true;
        m_report.error(m_file, m_last_line, std::move(message));
    }

    // md4c tells where blocks are only through the text inside them, so a limit found when
    // a block opens waits for that block's first text to report the right line (or for the
    // end of the document).
    void over_limit_at_next_text(std::string message) {
        if (m_pending_limit.empty()) m_pending_limit = std::move(message);
    }

    struct ListLevel {
        bool ordered = false;
        int next_number = 1;
    };
    struct OpenLink {
        std::string target;
        size_t text_start = 0;
    };

    void open_block(BlockKind kind) {
        finish_block();
        m_open.emplace();
        m_open->kind = kind;
    }

    void finish_block() {
        if (!m_open) return;
        Block block = std::move(*m_open);
        m_open.reset();
        finish_text(block.text);
        for (std::string& cell : block.cells)
            finish_text(cell);
        if (block.source_line == 0) block.source_line = m_last_line;
        bool empty = block.kind != BlockKind::TableRow && block.text.empty() && block.links.empty();
        if (!empty) m_page.blocks.push_back(std::move(block));
        if (m_page.blocks.size() > kMaxBlocksPerPage)
            over_limit("the page has more than " + std::to_string(kMaxBlocksPerPage) +
                       " paragraphs, items and rows (split it into several pages)");
    }

    // Remembers where md4c is in the document: text pointers point into it (except for
    // generated strings, which are skipped).
    void note_position(const char* text) {
        if (text < m_doc.data() || text >= m_doc.data() + m_doc.size()) return;
        m_last_line = m_first_line - 1 + m_lines.line_of(static_cast<size_t>(text - m_doc.data()));
        if (m_image_depth > 0 && m_image.line == 0) m_image.line = m_last_line;
        if (m_open && m_open->source_line == 0) m_open->source_line = m_last_line;
    }

    bool in_cell() const { return m_open && m_open->kind == BlockKind::TableRow && m_in_cell; }

    // The text being written now, or nothing when no block is open.
    std::string* current_text() {
        if (m_image_depth > 0) return &m_image.alt;
        if (in_cell()) return &m_open->cells.back();
        return m_open ? &m_open->text : nullptr;
    }

    // Where text goes now: alt text, a table cell or the open block (a new paragraph when
    // text follows an image that split the paragraph).
    std::string& target() {
        if (m_image_depth > 0) return m_image.alt;
        if (in_cell()) return m_open->cells.back();
        if (!m_open) open_block(BlockKind::Paragraph);
        return m_open->text;
    }

    void enter_block(MD_BLOCKTYPE type, void* detail) {
        if (type == MD_BLOCK_UL || type == MD_BLOCK_OL || type == MD_BLOCK_QUOTE) {
            if (++m_nesting > kMaxMarkdownNesting)
                return over_limit_at_next_text("lists and quotes nested more than " +
                                               std::to_string(kMaxMarkdownNesting) +
                                               " levels deep (a kiosk page needs far fewer)");
        }
        switch (type) {
        case MD_BLOCK_TABLE: {
            finish_block();
            m_table_rows = 0;
            const auto columns = static_cast<MD_BLOCK_TABLE_DETAIL*>(detail)->col_count;
            if (columns > kMaxTableColumns)
                return over_limit_at_next_text(
                    "a table has " + std::to_string(columns) + " columns; the limit is " +
                    std::to_string(kMaxTableColumns) + " (split the table)");
            break;
        }
        case MD_BLOCK_UL:
            finish_block();
            m_lists.push_back({false, 1});
            break;
        case MD_BLOCK_OL:
            finish_block();
            m_lists.push_back(
                {true, static_cast<int>(static_cast<MD_BLOCK_OL_DETAIL*>(detail)->start)});
            break;
        case MD_BLOCK_LI: {
            open_block(BlockKind::ListItem);
            m_open->level = static_cast<int>(m_lists.size());
            if (!m_lists.empty() && m_lists.back().ordered) {
                m_open->ordered = true;
                m_open->number = m_lists.back().next_number++;
            }
            break;
        }
        case MD_BLOCK_H: {
            open_block(BlockKind::Heading);
            int level = static_cast<int>(static_cast<MD_BLOCK_H_DETAIL*>(detail)->level);
            m_open->level = level > 3 ? 3 : level; // the kiosk draws three sizes
            break;
        }
        case MD_BLOCK_P:
            // A list item's first paragraph (loose lists) is the item itself.
            if (m_open && m_open->kind == BlockKind::ListItem && m_open->text.empty()) break;
            open_block(BlockKind::Paragraph);
            break;
        case MD_BLOCK_CODE:
        case MD_BLOCK_HTML:
            finish_block();
            m_dropping = type;
            m_drop_line = 0;
            break;
        case MD_BLOCK_THEAD:
            m_in_head = true;
            break;
        case MD_BLOCK_TBODY:
            m_in_head = false;
            break;
        case MD_BLOCK_TR:
            if (++m_table_rows > kMaxTableRows)
                return over_limit_at_next_text("a table has more than " +
                                               std::to_string(kMaxTableRows) +
                                               " rows (split the table, or make it a list)");
            open_block(BlockKind::TableRow);
            m_open->header = m_in_head;
            break;
        case MD_BLOCK_TH:
        case MD_BLOCK_TD:
            if (!m_open || m_open->kind != BlockKind::TableRow) open_block(BlockKind::TableRow);
            m_open->cells.emplace_back();
            m_in_cell = true;
            break;
        case MD_BLOCK_HR:
            finish_block();
            break;
        default:
            break; // document, quote, table: their children carry the content
        }
    }

    void leave_block(MD_BLOCKTYPE type) {
        if (type == MD_BLOCK_UL || type == MD_BLOCK_OL || type == MD_BLOCK_QUOTE) --m_nesting;
        switch (type) {
        case MD_BLOCK_UL:
        case MD_BLOCK_OL:
            finish_block();
            if (!m_lists.empty()) m_lists.pop_back();
            break;
        case MD_BLOCK_LI:
        case MD_BLOCK_H:
        case MD_BLOCK_P:
        case MD_BLOCK_TR:
            finish_block();
            break;
        case MD_BLOCK_TH:
        case MD_BLOCK_TD:
            m_in_cell = false;
            break;
        case MD_BLOCK_CODE:
        case MD_BLOCK_HTML:
            m_report.warning(m_file, m_drop_line ? m_drop_line : m_last_line,
                             type == MD_BLOCK_CODE
                                 ? "code blocks are not shown on the kiosk (write the text as "
                                   "a normal paragraph)"
                                 : "HTML is not shown on the kiosk (use Markdown instead)");
            m_dropping.reset();
            break;
        default:
            break;
        }
    }

    void enter_span(MD_SPANTYPE type, void* detail) {
        if (type == MD_SPAN_STRONG) { // drawn with the bold faces (player/text/ruby_markup.h)
            if (m_image_depth == 0) target() += text::kStrongOpen;
        } else if (type == MD_SPAN_A) {
            auto* a = static_cast<MD_SPAN_A_DETAIL*>(detail);
            note_position(a->href.text);
            std::string* text = current_text();
            m_links.push_back({decode_attribute(a->href), text ? text->size() : 0});
        } else if (type == MD_SPAN_IMG) {
            if (m_image_depth++ > 0) return; // an image inside alt text: its alt is text
            auto* img = static_cast<MD_SPAN_IMG_DETAIL*>(detail);
            m_image = MarkdownImage{};
            note_position(img->src.text);
            m_image.path = decode_attribute(img->src);
            // An image is a block of its own: the paragraph so far ends before it.
            if (!in_cell()) finish_block();
        }
    }

    void leave_span(MD_SPANTYPE type) {
        if (type == MD_SPAN_STRONG) {
            if (m_image_depth == 0) target() += text::kStrongClose;
        } else if (type == MD_SPAN_A) {
            if (m_links.empty()) return;
            OpenLink link = std::move(m_links.back());
            m_links.pop_back();
            std::string* text = current_text();
            Link done{std::move(link.target), text && link.text_start <= text->size()
                                                  ? text->substr(link.text_start)
                                                  : std::string()};
            finish_text(done.text);
            if (m_open)
                m_open->links.push_back(std::move(done));
            else if (!m_page.blocks.empty())
                m_page.blocks.back().links.push_back(std::move(done)); // a linked image
        } else if (type == MD_SPAN_IMG) {
            if (--m_image_depth > 0) return;
            finish_text(m_image.alt);
            if (m_image.line == 0) m_image.line = m_last_line;
            if (in_cell()) {
                m_open->cells.back() += m_image.alt;
            } else {
                Block block;
                block.kind = BlockKind::Image;
                block.text = m_image.alt;
                block.image = m_image.path;
                block.source_line = m_image.line;
                m_page.blocks.push_back(std::move(block));
            }
            m_page.images.push_back(std::move(m_image));
        }
    }

    void text(MD_TEXTTYPE type, const MD_CHAR* text, MD_SIZE size) {
        note_position(text);
        if (!m_pending_limit.empty()) return over_limit(std::move(m_pending_limit));
        if (m_dropping) {
            if (m_drop_line == 0) m_drop_line = m_last_line;
            return;
        }
        std::string_view chunk(text, size);
        switch (type) {
        case MD_TEXT_NULLCHAR:
            target() += "\xEF\xBF\xBD";
            break;
        case MD_TEXT_BR:
            target() += '\n';
            break;
        case MD_TEXT_SOFTBR:
            target() += kSoftBreak;
            break;
        case MD_TEXT_ENTITY:
            append_entity(target(), chunk);
            break;
        case MD_TEXT_HTML:
            m_report.warning(m_file, m_last_line,
                             "HTML " + std::string(chunk) +
                                 " is not shown on the kiosk (use Markdown instead)");
            break;
        default:
            target() += chunk;
            break;
        }
        // Checked as text arrives, so a megabyte paragraph costs no more than the limit.
        if (const std::string* now = current_text(); now && now->size() > kMaxParagraphBytes)
            over_limit("a paragraph, heading, list item or table cell is longer than " +
                       std::to_string(kMaxParagraphBytes) +
                       " bytes (split it; a kiosk screen shows far less at once)");
    }

    std::string m_doc;
    LineIndex m_lines;
    int m_first_line;
    int m_last_line;
    const std::string& m_file;
    LoadReport& m_report;

    MarkdownPage m_page;
    std::optional<Block> m_open;
    std::vector<ListLevel> m_lists;
    std::vector<OpenLink> m_links;
    MarkdownImage m_image;
    int m_image_depth = 0;
    bool m_in_head = false;
    bool m_in_cell = false;
    std::optional<MD_BLOCKTYPE> m_dropping;
    int m_drop_line = 0;
    int m_nesting = 0;
    size_t m_table_rows = 0;
    bool m_over_limit = false;
    std::string m_pending_limit;
};

} // namespace

MarkdownPage parse_markdown(std::string_view body, int first_line, const std::string& file,
                            LoadReport& report) {
    return Walker(body, first_line, file, report).run();
}

} // namespace kiosk::content
