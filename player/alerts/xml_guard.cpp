#include "player/alerts/xml_guard.h"

#include "player/core/utf8.h"

#include <algorithm>
#include <cstdio>
#include <variant>

namespace kiosk::alerts::xml {

namespace {

struct Problem {
    size_t offset = 0;
    std::string message;
};

// C0 controls other than tab, newline and carriage return (a line ending), DEL, and the
// C1 controls U+0080..U+009F (0xC2 0x80..0x9F in valid UTF-8).
std::optional<Problem> find_control_character(std::string_view text) {
    for (size_t i = 0; i < text.size(); ++i) {
        const auto c = static_cast<unsigned char>(text[i]);
        unsigned code = 0;
        if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7F)
            code = c;
        else if (c == 0xC2 && i + 1 < text.size() &&
                 static_cast<unsigned char>(text[i + 1]) >= 0x80 &&
                 static_cast<unsigned char>(text[i + 1]) <= 0x9F)
            code = static_cast<unsigned char>(text[i + 1]);
        else
            continue;
        char hex[8];
        std::snprintf(hex, sizeof hex, "U+%04X", code);
        return Problem{i, std::string("control character ") + hex +
                              " is not accepted (only tab and newline)"};
    }
    return std::nullopt;
}

bool is_allowed_code_point(unsigned long code) {
    // XML's Char production, less the control characters we refuse in raw text.
    if (code == '\t' || code == '\n') return true;
    if (code < 0x20 || (code >= 0x7F && code <= 0x9F)) return false;
    if (code >= 0xD800 && code <= 0xDFFF) return false;
    if (code == 0xFFFE || code == 0xFFFF) return false;
    return code <= 0x10FFFF;
}

// `text[at]` is '&'. Accepts &amp; &lt; &gt; &quot; &apos; and &#N; / &#xH; of an allowed
// character; anything else (an entity a DTD would have to define) is refused. The look
// ahead is bounded, so the whole scan stays linear.
std::optional<Problem> check_reference(std::string_view text, size_t at, const Rules& rules) {
    constexpr size_t kLongestReference = 10; // "&#x10FFFF;"
    const size_t semicolon = text.substr(at, kLongestReference + 1).find(';');
    const std::string_view name = semicolon == std::string_view::npos
                                      ? std::string_view{}
                                      : text.substr(at + 1, semicolon - 1);
    for (std::string_view known : {"amp", "lt", "gt", "quot", "apos"})
        if (name == known) return std::nullopt;
    if (name.size() >= 2 && name[0] == '#') {
        const bool hex = name[1] == 'x';
        const std::string_view digits = name.substr(hex ? 2 : 1);
        unsigned long code = 0;
        bool ok = !digits.empty() && digits.size() <= 7;
        for (char c : digits) {
            int value = -1;
            if (c >= '0' && c <= '9') value = c - '0';
            if (hex && c >= 'a' && c <= 'f') value = c - 'a' + 10;
            if (hex && c >= 'A' && c <= 'F') value = c - 'A' + 10;
            if (value < 0) ok = false;
            code = code * (hex ? 16 : 10) + static_cast<unsigned long>(std::max(value, 0));
        }
        if (!ok) return Problem{at, "malformed character reference &" + std::string(name) + ";"};
        if (!is_allowed_code_point(code))
            return Problem{at, "character reference &" + std::string(name) +
                                   "; is not an accepted character (no control characters "
                                   "but tab and newline)"};
        return std::nullopt;
    }
    const bool plain_name = !name.empty() && std::all_of(name.begin(), name.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
               c == '_' || c == '-' || c == '.';
    });
    return Problem{at, (plain_name ? "entity reference &" + std::string(name) + "; is"
                                   : std::string("an '&' that starts no reference is")) +
                           " not accepted: " + std::string(rules.kind) +
                           " may use only &amp; &lt; &gt; &quot; &apos; "
                           "and character references (write & as &amp;)"};
}

// `declaration` is "<?xml ...?>": its encoding, when given, must be UTF-8 (we parse as
// UTF-8 whatever it says, so another one would be read wrongly).
std::optional<Problem> check_declaration(std::string_view declaration, const Rules& rules) {
    const size_t at = declaration.find("encoding");
    if (at == std::string_view::npos) return std::nullopt;
    size_t i = at + 8;
    while (i < declaration.size() && (is_xml_space(declaration[i]) || declaration[i] == '='))
        ++i;
    if (i >= declaration.size() || (declaration[i] != '"' && declaration[i] != '\'')) return {};
    const size_t close = declaration.find(declaration[i], i + 1);
    if (close == std::string_view::npos) return std::nullopt;
    std::string name(declaration.substr(i + 1, close - i - 1));
    std::string lower = name;
    std::transform(lower.begin(), lower.end(), lower.begin(),
                   [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c; });
    if (lower == "utf-8" || lower == "utf8") return std::nullopt;
    return Problem{at, "encoding " + quoted(name) + " is not accepted; " + std::string(rules.kind) +
                           " must be UTF-8"};
}

// One linear pass over the markup: comments, CDATA sections and processing instructions
// are skipped whole, tags are read with their quoted attribute values (where '>' is
// allowed), and the nesting depth is counted. Well-formedness beyond this is pugixml's.
std::optional<Problem> prescan_markup(std::string_view text, const Rules& rules) {
    auto at = [&](size_t i, std::string_view s) { return text.substr(i, s.size()) == s; };
    auto skip_to = [&](size_t from, std::string_view end, size_t start,
                       const char* what) -> std::variant<size_t, Problem> {
        const size_t found = text.find(end, from);
        if (found == std::string_view::npos)
            return Problem{start, std::string(what) + " is not closed"};
        return found + end.size();
    };
    int depth = 0;
    size_t i = 0;
    while (i < text.size()) {
        const char c = text[i];
        if (c == '&') {
            if (auto problem = check_reference(text, i, rules)) return problem;
            ++i;
            continue;
        }
        if (c != '<') {
            ++i;
            continue;
        }
        std::variant<size_t, Problem> next;
        if (at(i, "<!--")) {
            next = skip_to(i + 4, "-->", i, "a comment");
        } else if (at(i, "<![CDATA[")) {
            next = skip_to(i + 9, "]]>", i, "a CDATA section");
        } else if (at(i, "<!")) {
            return Problem{i, "DTDs are not accepted in " + std::string(rules.kind) +
                                  " (<!DOCTYPE>, <!ENTITY> and other declarations are refused, "
                                  "never loaded)"};
        } else if (at(i, "<?")) {
            next = skip_to(i + 2, "?>", i, "a processing instruction");
            if (std::holds_alternative<size_t>(next) && at(i, "<?xml") && i + 5 < text.size() &&
                is_xml_space(text[i + 5]))
                if (auto problem =
                        check_declaration(text.substr(i, std::get<size_t>(next) - i), rules)) {
                    problem->offset += i;
                    return problem;
                }
        } else if (at(i, "</")) {
            next = skip_to(i + 2, ">", i, "an end tag");
            --depth;
        } else {
            // A start tag: up to the first '>' outside quotes.
            size_t j = i + 1;
            char quote = 0;
            for (; j < text.size(); ++j) {
                const char d = text[j];
                if (quote) {
                    if (d == quote)
                        quote = 0;
                    else if (d == '&') {
                        if (auto problem = check_reference(text, j, rules)) return problem;
                    } else if (d == '<')
                        return Problem{j, "'<' inside an attribute value (write &lt;)"};
                } else if (d == '"' || d == '\'') {
                    quote = d;
                } else if (d == '>' || d == '<') {
                    break;
                }
            }
            if (j >= text.size() || text[j] != '>') return Problem{i, "a start tag is not closed"};
            if (text[j - 1] != '/' && ++depth > rules.max_depth)
                return Problem{i, "elements nested deeper than " + std::to_string(rules.max_depth) +
                                      " levels; " + std::string(rules.depth_note)};
            next = j + 1;
        }
        if (auto* problem = std::get_if<Problem>(&next)) return *problem;
        i = std::get<size_t>(next);
    }
    return std::nullopt;
}

const char* describe_parse_status(pugi::xml_parse_status status) {
    switch (status) {
    case pugi::status_out_of_memory:
        return "too large to read into memory";
    case pugi::status_unrecognized_tag:
        return "an unrecognized tag";
    case pugi::status_bad_pi:
        return "a malformed processing instruction or declaration";
    case pugi::status_bad_comment:
        return "a malformed comment";
    case pugi::status_bad_cdata:
        return "a malformed CDATA section";
    case pugi::status_bad_doctype:
        return "a malformed document type declaration";
    case pugi::status_bad_pcdata:
        return "malformed text";
    case pugi::status_bad_start_element:
        return "a malformed start tag";
    case pugi::status_bad_attribute:
        return "a malformed attribute";
    case pugi::status_bad_end_element:
        return "a malformed end tag";
    case pugi::status_end_element_mismatch:
        return "an end tag that does not match its start tag";
    case pugi::status_append_invalid_root:
        return "an invalid root";
    case pugi::status_no_document_element:
        return "no element at all";
    default:
        return "malformed XML";
    }
}

} // namespace

LineTable::LineTable(std::string_view text) {
    m_starts.push_back(0);
    for (size_t i = 0; i < text.size(); ++i)
        if (text[i] == '\n') m_starts.push_back(i + 1);
}

int LineTable::line_of(size_t offset) const {
    auto after = std::upper_bound(m_starts.begin(), m_starts.end(), offset);
    return static_cast<int>(after - m_starts.begin());
}

kiosk::Status load_guarded(std::string_view xml, const std::string& name, const Rules& rules,
                           const LineTable& lines, pugi::xml_document& document, size_t& base) {
    if (size_t bad = find_invalid_utf8(xml); bad != std::string_view::npos)
        return make_error(name, lines.line_of(bad),
                          "invalid UTF-8 at byte " + std::to_string(bad) + "; " +
                              std::string(rules.kind) + " must be UTF-8");
    if (auto problem = find_control_character(xml))
        return make_error(name, lines.line_of(problem->offset), problem->message);
    // A UTF-8 byte order mark is allowed; it is not markup.
    base = xml.substr(0, 3) == "\xEF\xBB\xBF" ? 3 : 0;
    const std::string_view body = xml.substr(base);
    if (auto problem = prescan_markup(body, rules))
        return make_error(name, lines.line_of(base + problem->offset), problem->message);
    // parse_default: CDATA, the five entities and character references, attribute
    // whitespace and line ends normalized. No DOCTYPE node, no PIs, no comments kept.
    const pugi::xml_parse_result parsed =
        document.load_buffer(body.data(), body.size(), pugi::parse_default, pugi::encoding_utf8);
    if (!parsed)
        return make_error(
            name, parsed.offset >= 0 ? lines.line_of(base + static_cast<size_t>(parsed.offset)) : 0,
            std::string("not well-formed XML: ") + describe_parse_status(parsed.status));
    return Ok{};
}

std::string describe_size(size_t bytes) {
    if (bytes >= 1024 && bytes % 1024 == 0) return std::to_string(bytes / 1024) + " KiB";
    if (bytes >= 1024)
        return std::to_string(bytes / 1024) + " KiB (" + std::to_string(bytes) + " bytes)";
    return std::to_string(bytes) + " bytes";
}

std::string quoted(std::string_view value) {
    constexpr size_t kMax = 60;
    if (value.size() <= kMax) return "\"" + std::string(value) + "\"";
    size_t cut = kMax;
    while (cut > 0 && (static_cast<unsigned char>(value[cut]) & 0xC0) == 0x80)
        --cut;
    return "\"" + std::string(value.substr(0, cut)) + "...\"";
}

bool is_xml_space(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

std::string_view trimmed(std::string_view text) {
    while (!text.empty() && is_xml_space(text.front()))
        text.remove_prefix(1);
    while (!text.empty() && is_xml_space(text.back()))
        text.remove_suffix(1);
    return text;
}

std::string_view prefix_of(std::string_view qualified) {
    const size_t colon = qualified.find(':');
    return colon == std::string_view::npos ? std::string_view{} : qualified.substr(0, colon);
}

std::string_view local_name_of(std::string_view qualified) {
    const size_t colon = qualified.find(':');
    return colon == std::string_view::npos ? qualified : qualified.substr(colon + 1);
}

namespace {

// The xmlns declaration of `prefix` ("" for the default namespace) on `element`, if any.
std::optional<std::string_view> declared_on(pugi::xml_node element, std::string_view prefix) {
    for (pugi::xml_attribute attribute : element.attributes()) {
        const std::string_view name = attribute.name();
        if (prefix.empty() ? name == "xmlns"
                           : (name.size() == 6 + prefix.size() && name.substr(0, 6) == "xmlns:" &&
                              name.substr(6) == prefix))
            return std::string_view(attribute.value());
    }
    return std::nullopt;
}

} // namespace

Namespaces::Scope::Scope(Namespaces& namespaces, pugi::xml_node element)
    : m_namespaces(namespaces) {
    for (pugi::xml_attribute attribute : element.attributes()) {
        const std::string_view name = attribute.name();
        std::string prefix;
        if (name == "xmlns")
            prefix = "";
        else if (name.substr(0, 6) == "xmlns:")
            prefix = std::string(name.substr(6));
        else
            continue;
        m_namespaces.m_bindings[prefix].push_back(attribute.value());
        m_pushed.push_back(std::move(prefix));
    }
}

Namespaces::Scope::~Scope() {
    for (const std::string& prefix : m_pushed)
        m_namespaces.m_bindings[prefix].pop_back();
}

std::string_view Namespaces::uri_of(pugi::xml_node element) const {
    const std::string_view prefix = prefix_of(element.name());
    if (auto own = declared_on(element, prefix)) return *own;
    auto it = m_bindings.find(std::string(prefix));
    if (it == m_bindings.end() || it->second.empty()) return {};
    return it->second.back();
}

} // namespace kiosk::alerts::xml
