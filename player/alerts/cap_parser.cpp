// parse_cap(): OASIS CAP 1.2 from untrusted bytes.
//
// Defence comes before the XML parser: the size limit, then UTF-8 and control characters,
// then one linear scan of the markup that refuses any DTD (<!DOCTYPE, <!ENTITY, ...), any
// entity reference but XML's five and character references, and nesting deeper than
// kMaxCapDepth. Only then does pugixml (non-recursive, never loads anything) build the
// tree, and the reader takes what the kiosk needs from it. Every step is linear in the
// input; errors are "NAME:LINE: <element>: message".

#include "player/alerts/cap_alert.h"

#include "player/core/utf8.h"

#include <pugixml.hpp>

#include <algorithm>
#include <cstdio>
#include <initializer_list>
#include <new>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>
#include <variant>
#include <vector>

namespace kiosk::alerts {

namespace {

constexpr std::string_view kCapNamespace = "urn:oasis:names:tc:emergency:cap:1.2";
constexpr std::string_view kCapNamespacePrefix = "urn:oasis:names:tc:emergency:cap:";
constexpr std::string_view kDateExample = "2026-12-01T10:00:00+09:00";
constexpr std::string_view kDtdMessage =
    "DTDs are not accepted in CAP alerts (<!DOCTYPE>, <!ENTITY> and other declarations are "
    "refused, never loaded)";

std::string describe_size(size_t bytes) {
    if (bytes >= 1024 && bytes % 1024 == 0) return std::to_string(bytes / 1024) + " KiB";
    if (bytes >= 1024)
        return std::to_string(bytes / 1024) + " KiB (" + std::to_string(bytes) + " bytes)";
    return std::to_string(bytes) + " bytes";
}

// The start of every line, found once: any offset's line is then a binary search.
class LineTable {
  public:
    explicit LineTable(std::string_view text) {
        m_starts.push_back(0);
        for (size_t i = 0; i < text.size(); ++i)
            if (text[i] == '\n') m_starts.push_back(i + 1);
    }
    int line_of(size_t offset) const {
        auto after = std::upper_bound(m_starts.begin(), m_starts.end(), offset);
        return static_cast<int>(after - m_starts.begin());
    }

  private:
    std::vector<size_t> m_starts;
};

// A value quoted for a message: at most 60 bytes, cut on a UTF-8 character boundary.
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

// ---------------------------------------------------------------------------------------
// Before the parser

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
std::optional<Problem> check_reference(std::string_view text, size_t at) {
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
                           " not accepted: CAP alerts may use only &amp; &lt; &gt; &quot; &apos; "
                           "and character references (write & as &amp;)"};
}

// `declaration` is "<?xml ...?>": its encoding, when given, must be UTF-8 (we parse as
// UTF-8 whatever it says, so another one would be read wrongly).
std::optional<Problem> check_declaration(std::string_view declaration) {
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
    return Problem{at, "encoding " + quoted(name) + " is not accepted; CAP alerts must be UTF-8"};
}

// One linear pass over the markup: comments, CDATA sections and processing instructions
// are skipped whole, tags are read with their quoted attribute values (where '>' is
// allowed), and the nesting depth is counted. Well-formedness beyond this is pugixml's.
std::optional<Problem> prescan_markup(std::string_view text) {
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
            if (auto problem = check_reference(text, i)) return problem;
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
            return Problem{i, std::string(kDtdMessage)};
        } else if (at(i, "<?")) {
            next = skip_to(i + 2, "?>", i, "a processing instruction");
            if (std::holds_alternative<size_t>(next) && at(i, "<?xml") && i + 5 < text.size() &&
                is_xml_space(text[i + 5]))
                if (auto problem = check_declaration(text.substr(i, std::get<size_t>(next) - i))) {
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
                        if (auto problem = check_reference(text, j)) return problem;
                    } else if (d == '<')
                        return Problem{j, "'<' inside an attribute value (write &lt;)"};
                } else if (d == '"' || d == '\'') {
                    quote = d;
                } else if (d == '>' || d == '<') {
                    break;
                }
            }
            if (j >= text.size() || text[j] != '>') return Problem{i, "a start tag is not closed"};
            if (text[j - 1] != '/' && ++depth > kMaxCapDepth)
                return Problem{i, "elements nested deeper than " + std::to_string(kMaxCapDepth) +
                                      " levels; a CAP alert is about 5 levels deep"};
            next = j + 1;
        }
        if (auto* problem = std::get_if<Problem>(&next)) return *problem;
        i = std::get<size_t>(next);
    }
    return std::nullopt;
}

// ---------------------------------------------------------------------------------------
// Dates: CAP's dateTime, "YYYY-MM-DDThh:mm:ss" and a numeric offset "+hh:mm"/"-hh:mm"
// (CAP 1.2 writes UTC as "-00:00", never "Z"; no fractions of a second).

int64_t days_from_civil(int64_t year, unsigned month, unsigned day) {
    // Howard Hinnant's algorithm: days since 1970-01-01 in the proleptic Gregorian calendar.
    year -= month <= 2;
    const int64_t era = (year >= 0 ? year : year - 399) / 400;
    const auto year_of_era = static_cast<unsigned>(year - era * 400);
    const unsigned day_of_year = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
    const unsigned day_of_era =
        year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    return era * 146097 + static_cast<int64_t>(day_of_era) - 719468;
}

unsigned days_in_month(int year, int month) {
    static constexpr unsigned kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    return month == 2 && leap ? 29 : kDays[month - 1];
}

// Empty when `text` is a CAP date-time (stored in `unix_seconds`), else why not.
std::string cap_time_problem(std::string_view text, int64_t& unix_seconds) {
    if (text.size() == 20 && text.back() == 'Z') return "CAP writes UTC as -00:00, not Z";
    if (text.size() == 19) return "the time zone offset (like +09:00) is missing";
    if (text.size() > 19 && text[19] == '.') return "fractions of a second are not allowed";
    static constexpr std::string_view shape = "dddd-dd-ddTdd:dd:dd+dd:dd";
    if (text.size() != shape.size()) return "not in that form";
    for (size_t i = 0; i < shape.size(); ++i) {
        const bool digit = text[i] >= '0' && text[i] <= '9';
        const bool fits = shape[i] == 'd'   ? digit
                          : shape[i] == '+' ? (text[i] == '+' || text[i] == '-')
                                            : text[i] == shape[i];
        if (!fits) return "not in that form";
    }
    auto number = [&](size_t at, size_t n) {
        int value = 0;
        for (size_t i = at; i < at + n; ++i)
            value = value * 10 + (text[i] - '0');
        return value;
    };
    const int year = number(0, 4), month = number(5, 2), day = number(8, 2);
    const int hour = number(11, 2), minute = number(14, 2), second = number(17, 2);
    const int offset_hours = number(20, 2), offset_minutes = number(23, 2);
    if (month < 1 || month > 12) return "month " + std::to_string(month) + " does not exist";
    if (day < 1 || static_cast<unsigned>(day) > days_in_month(year, month))
        return "day " + std::to_string(day) + " does not exist in that month";
    if (hour > 23 || minute > 59 || second > 59) return "the time of day is out of range";
    if (offset_minutes > 59 || offset_hours * 60 + offset_minutes > 14 * 60)
        return "the offset is out of range (-14:00 to +14:00)";
    const int64_t offset = (offset_hours * 3600 + offset_minutes * 60) * (text[19] == '-' ? -1 : 1);
    const int64_t seconds =
        days_from_civil(year, static_cast<unsigned>(month), static_cast<unsigned>(day)) * 86400 +
        hour * 3600 + minute * 60 + second - offset;
    if (seconds <= 0) return "it is not after 1970-01-01T00:00:00-00:00";
    unix_seconds = seconds;
    return {};
}

// ---------------------------------------------------------------------------------------
// Namespaces

std::string_view prefix_of(std::string_view qualified) {
    const size_t colon = qualified.find(':');
    return colon == std::string_view::npos ? std::string_view{} : qualified.substr(0, colon);
}
std::string_view local_name_of(std::string_view qualified) {
    const size_t colon = qualified.find(':');
    return colon == std::string_view::npos ? qualified : qualified.substr(colon + 1);
}

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

// Namespace bindings in scope while the reader descends: one stack of URIs per prefix, so
// resolving a child costs its own attributes plus one lookup (never a walk up the tree).
class Namespaces {
  public:
    // Brings the declarations of `element` into scope until the Scope ends.
    class Scope {
      public:
        Scope(Namespaces& namespaces, pugi::xml_node element) : m_namespaces(namespaces) {
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
        ~Scope() {
            for (const std::string& prefix : m_pushed)
                m_namespaces.m_bindings[prefix].pop_back();
        }
        Scope(const Scope&) = delete;
        Scope& operator=(const Scope&) = delete;

      private:
        Namespaces& m_namespaces;
        std::vector<std::string> m_pushed;
    };

    // The namespace URI of `element`, whose parent's scope is entered; "" when unbound.
    std::string_view uri_of(pugi::xml_node element) const {
        const std::string_view prefix = prefix_of(element.name());
        if (auto own = declared_on(element, prefix)) return *own;
        auto it = m_bindings.find(std::string(prefix));
        if (it == m_bindings.end() || it->second.empty()) return {};
        return it->second.back();
    }

  private:
    std::unordered_map<std::string, std::vector<std::string_view>> m_bindings;
};

// ---------------------------------------------------------------------------------------
// The reader

template <typename E> using Names = std::initializer_list<std::pair<std::string_view, E>>;

template <typename E> std::optional<E> lookup(std::string_view text, Names<E> names) {
    for (const auto& [name, value] : names)
        if (name == text) return value;
    return std::nullopt;
}

template <typename E> std::string spell(Names<E> names) {
    std::string result;
    for (const auto& entry : names)
        result += (result.empty() ? "" : ", ") + std::string(entry.first);
    return result;
}

const Names<Status> kStatuses = {{"Actual", Status::Actual},
                                 {"Exercise", Status::Exercise},
                                 {"System", Status::System},
                                 {"Test", Status::Test},
                                 {"Draft", Status::Draft}};
const Names<MsgType> kMsgTypes = {{"Alert", MsgType::Alert},
                                  {"Update", MsgType::Update},
                                  {"Cancel", MsgType::Cancel},
                                  {"Ack", MsgType::Ack},
                                  {"Error", MsgType::Error}};
const Names<Severity> kSeverities = {{"Extreme", Severity::Extreme},
                                     {"Severe", Severity::Severe},
                                     {"Moderate", Severity::Moderate},
                                     {"Minor", Severity::Minor},
                                     {"Unknown", Severity::Unknown}};
const Names<Urgency> kUrgencies = {{"Immediate", Urgency::Immediate},
                                   {"Expected", Urgency::Expected},
                                   {"Future", Urgency::Future},
                                   {"Past", Urgency::Past},
                                   {"Unknown", Urgency::Unknown}};
const Names<Certainty> kCertainties = {{"Observed", Certainty::Observed},
                                       {"Likely", Certainty::Likely},
                                       {"Possible", Certainty::Possible},
                                       {"Unlikely", Certainty::Unlikely},
                                       {"Unknown", Certainty::Unknown}};
using TextField = std::pair<const char*, std::string*>;
using TimeField = std::pair<const char*, int64_t*>;

const Names<int> kScopes = {{"Public", 0}, {"Restricted", 1}, {"Private", 2}};

class CapReader;

// The CAP children of one element that the reader takes, by local name; each may appear
// once, except the repeating ones (info, area, geocode), which are kept in order.
class Children {
  public:
    std::optional<Error> collect(pugi::xml_node parent, const Namespaces& namespaces,
                                 std::initializer_list<std::string_view> single,
                                 std::string_view repeating, const CapReader& reader);
    pugi::xml_node get(std::string_view name) const {
        auto it = m_single.find(name);
        return it == m_single.end() ? pugi::xml_node() : it->second;
    }
    const std::vector<pugi::xml_node>& repeated() const { return m_repeated; }

  private:
    std::unordered_map<std::string_view, pugi::xml_node> m_single;
    std::vector<pugi::xml_node> m_repeated;
};

class CapReader {
  public:
    CapReader(std::string_view display_name, const LineTable& lines, size_t base)
        : m_name(display_name), m_lines(lines), m_base(base) {}

    int line_of(pugi::xml_node node) const {
        const ptrdiff_t offset = node.offset_debug();
        return offset < 0 ? 0 : m_lines.line_of(m_base + static_cast<size_t>(offset));
    }

    // "NAME:LINE: <element>: message".
    Error fail(pugi::xml_node node, const std::string& message) const {
        return make_error(m_name, line_of(node),
                          "<" + std::string(local_name_of(node.name())) + ">: " + message);
    }

    Result<CapAlert> read(const pugi::xml_document& document) {
        pugi::xml_node root;
        for (pugi::xml_node node : document.children()) {
            if (node.type() != pugi::node_element) continue;
            if (root) return fail(node, "a second root element; a CAP document holds one <alert>");
            root = node;
        }
        if (!root) return make_error(m_name, 0, "no <alert> element");
        Namespaces::Scope scope(m_namespaces, root);
        const std::string_view uri = m_namespaces.uri_of(root);
        if (local_name_of(root.name()) != "alert")
            return fail(root, "expected a CAP 1.2 <alert> as the root element");
        if (uri != kCapNamespace) {
            if (uri.empty())
                return fail(root, "not in the CAP 1.2 namespace (expected xmlns=\"" +
                                      std::string(kCapNamespace) + "\")");
            if (uri.substr(0, kCapNamespacePrefix.size()) == kCapNamespacePrefix)
                return fail(root, "CAP version " + quoted(uri.substr(kCapNamespacePrefix.size())) +
                                      " is not supported; this kiosk reads CAP 1.2 (" +
                                      std::string(kCapNamespace) + ")");
            return fail(root, "namespace " + quoted(uri) + " is not CAP 1.2 (" +
                                  std::string(kCapNamespace) + ")");
        }

        Children children;
        if (auto error = children.collect(
                root, m_namespaces,
                {"identifier", "sender", "sent", "status", "msgType", "scope", "references"},
                "info", *this))
            return *error;
        CapAlert alert;
        for (auto [name, target] :
             {TextField{"identifier", &alert.identifier}, TextField{"sender", &alert.sender}}) {
            auto text = required_text(root, children, name);
            if (!text) return text.error();
            if (auto problem = cap_token_problem(*text); !problem.empty())
                return fail(children.get(name), problem);
            *target = std::move(*text);
        }
        if (auto sent = required_time(root, children, "sent"); sent)
            alert.sent_unix = *sent;
        else
            return sent.error();
        if (auto status = required_enum(root, children, "status", kStatuses, "status"); status)
            alert.status = *status;
        else
            return status.error();
        if (auto type = required_enum(root, children, "msgType", kMsgTypes, "message type"); type)
            alert.msg_type = *type;
        else
            return type.error();
        if (auto scope_text = required_text(root, children, "scope"); !scope_text)
            return scope_text.error();
        else if (!lookup(*scope_text, kScopes))
            return fail(children.get("scope"), quoted(*scope_text) + " is not a CAP scope (" +
                                                   spell(kScopes) + "; spelled exactly so)");
        else
            alert.scope = std::move(*scope_text);
        if (pugi::xml_node references = children.get("references")) {
            auto parsed = read_references(references);
            if (!parsed) return parsed.error();
            alert.references = std::move(*parsed);
        }
        for (pugi::xml_node node : children.repeated()) {
            if (alert.infos.size() == kMaxCapInfos)
                return fail(node, "more than " + std::to_string(kMaxCapInfos) +
                                      " <info> blocks, the limit for one alert");
            auto info = read_info(node);
            if (!info) return info.error();
            alert.infos.push_back(std::move(*info));
        }
        return alert;
    }

    // The text of an element with no element children: its character data and CDATA
    // sections joined, outer whitespace trimmed, at most kMaxCapTextBytes.
    Result<std::string> text_of(pugi::xml_node element) const {
        std::string text;
        for (pugi::xml_node child : element.children()) {
            if (child.type() == pugi::node_element)
                return fail(child, "an element inside <" +
                                       std::string(local_name_of(element.name())) +
                                       ">, which holds text only");
            if (child.type() != pugi::node_pcdata && child.type() != pugi::node_cdata) continue;
            text += child.value();
        }
        std::string_view inner = trimmed(text);
        if (inner.size() > kMaxCapTextBytes)
            return fail(element, "text longer than " + describe_size(kMaxCapTextBytes) +
                                     ", the limit for one CAP text");
        return std::string(inner);
    }

  private:
    friend class Children;

    static std::string cap_token_problem(std::string_view text) {
        for (char c : text)
            if (c == ' ' || c == ',' || c == '<' || c == '&' || is_xml_space(c))
                return "must not contain spaces, commas, < or & (CAP 1.2): " + quoted(text);
        return {};
    }

    Result<std::string> required_text(pugi::xml_node parent, const Children& children,
                                      std::string_view name) const {
        pugi::xml_node node = children.get(name);
        if (!node) return fail(parent, "missing <" + std::string(name) + ">");
        auto text = text_of(node);
        if (!text) return text.error();
        if (text->empty()) return fail(node, "must not be empty");
        return text;
    }

    Result<int64_t> time_of(pugi::xml_node node) const {
        auto text = text_of(node);
        if (!text) return text.error();
        int64_t seconds = 0;
        if (auto problem = cap_time_problem(*text, seconds); !problem.empty())
            return fail(node, quoted(*text) + " is not a date-time like " +
                                  std::string(kDateExample) + " (" + problem + ")");
        return seconds;
    }

    Result<int64_t> required_time(pugi::xml_node parent, const Children& children,
                                  std::string_view name) const {
        pugi::xml_node node = children.get(name);
        if (!node) return fail(parent, "missing <" + std::string(name) + ">");
        return time_of(node);
    }

    // 0 when absent, as the CapInfo fields say.
    Result<int64_t> optional_time(const Children& children, std::string_view name) const {
        pugi::xml_node node = children.get(name);
        if (!node) return int64_t{0};
        return time_of(node);
    }

    template <typename E>
    Result<E> required_enum(pugi::xml_node parent, const Children& children, std::string_view name,
                            Names<E> names, const char* what) const {
        auto text = required_text(parent, children, name);
        if (!text) return text.error();
        if (auto value = lookup(*text, names)) return *value;
        return fail(children.get(name), quoted(*text) + " is not a CAP " + what + " (" +
                                            spell(names) + "; spelled exactly so)");
    }

    Result<std::string> optional_text(const Children& children, std::string_view name) const {
        pugi::xml_node node = children.get(name);
        if (!node) return std::string();
        return text_of(node);
    }

    // Whitespace-separated "sender,identifier,sent" triples.
    Result<std::vector<CapReference>> read_references(pugi::xml_node node) const {
        auto text = text_of(node);
        if (!text) return text.error();
        std::vector<CapReference> references;
        std::string_view rest = *text;
        while (true) {
            while (!rest.empty() && is_xml_space(rest.front()))
                rest.remove_prefix(1);
            if (rest.empty()) break;
            size_t end = 0;
            while (end < rest.size() && !is_xml_space(rest[end]))
                ++end;
            const std::string_view triple = rest.substr(0, end);
            rest.remove_prefix(end);
            const size_t first = triple.find(',');
            const size_t second =
                first == std::string_view::npos ? first : triple.find(',', first + 1);
            if (second == std::string_view::npos ||
                triple.find(',', second + 1) != std::string_view::npos || first == 0 ||
                second == first + 1)
                return fail(node, quoted(triple) +
                                      " is not a reference like "
                                      "\"sender,identifier," +
                                      std::string(kDateExample) + "\"");
            CapReference reference;
            reference.sender = std::string(triple.substr(0, first));
            reference.identifier = std::string(triple.substr(first + 1, second - first - 1));
            const std::string_view sent = triple.substr(second + 1);
            if (auto problem = cap_time_problem(sent, reference.sent_unix); !problem.empty())
                return fail(node, "in " + quoted(triple) + ", " + quoted(sent) +
                                      " is not a date-time like " + std::string(kDateExample) +
                                      " (" + problem + ")");
            references.push_back(std::move(reference));
        }
        return references;
    }

    static bool is_language_tag(std::string_view tag) {
        if (tag.empty() || tag.size() > 35 || tag.front() == '-' || tag.back() == '-') return false;
        return std::all_of(tag.begin(), tag.end(), [](char c) {
            return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                   c == '-';
        });
    }

    Result<CapInfo> read_info(pugi::xml_node node) {
        Namespaces::Scope scope(m_namespaces, node);
        Children children;
        if (auto error = children.collect(node, m_namespaces,
                                          {"language", "event", "urgency", "severity", "certainty",
                                           "effective", "onset", "expires", "senderName",
                                           "headline", "description", "instruction"},
                                          "area", *this))
            return *error;
        CapInfo info;
        if (pugi::xml_node language = children.get("language")) {
            auto text = text_of(language);
            if (!text) return text.error();
            if (!is_language_tag(*text))
                return fail(language, quoted(*text) + " is not a language tag like ja-JP");
            info.language = std::move(*text);
        } else {
            info.language = "en-US"; // CAP 1.2's default
        }
        if (auto event = required_text(node, children, "event"); event)
            info.event = std::move(*event);
        else
            return event.error();
        if (auto urgency = required_enum(node, children, "urgency", kUrgencies, "urgency"))
            info.urgency = *urgency;
        else
            return urgency.error();
        if (auto severity = required_enum(node, children, "severity", kSeverities, "severity"))
            info.severity = *severity;
        else
            return severity.error();
        if (auto certainty = required_enum(node, children, "certainty", kCertainties, "certainty"))
            info.certainty = *certainty;
        else
            return certainty.error();
        for (auto [name, target] :
             {TimeField{"effective", &info.effective_unix}, TimeField{"onset", &info.onset_unix},
              TimeField{"expires", &info.expires_unix}}) {
            auto time = optional_time(children, name);
            if (!time) return time.error();
            *target = *time;
        }
        for (auto [name, target] :
             {TextField{"senderName", &info.sender_name}, TextField{"headline", &info.headline},
              TextField{"description", &info.description},
              TextField{"instruction", &info.instruction}}) {
            auto text = optional_text(children, name);
            if (!text) return text.error();
            *target = std::move(*text);
        }
        for (pugi::xml_node area : children.repeated()) {
            auto parsed = read_area(area);
            if (!parsed) return parsed.error();
            info.areas.push_back(std::move(*parsed));
        }
        return info;
    }

    Result<CapArea> read_area(pugi::xml_node node) {
        Namespaces::Scope scope(m_namespaces, node);
        Children children;
        if (auto error = children.collect(node, m_namespaces, {"areaDesc"}, "geocode", *this))
            return *error;
        CapArea area;
        auto description = required_text(node, children, "areaDesc");
        if (!description) return description.error();
        area.description = std::move(*description);
        for (pugi::xml_node geocode : children.repeated()) {
            Namespaces::Scope geocode_scope(m_namespaces, geocode);
            Children pair;
            if (auto error = pair.collect(geocode, m_namespaces, {"valueName", "value"}, {}, *this))
                return *error;
            auto name = required_text(geocode, pair, "valueName");
            if (!name) return name.error();
            auto value = required_text(geocode, pair, "value");
            if (!value) return value.error();
            area.geocodes.push_back(*name + "=" + *value);
        }
        return area;
    }

    std::string m_name;
    const LineTable& m_lines;
    size_t m_base;
    Namespaces m_namespaces;
};

std::optional<Error> Children::collect(pugi::xml_node parent, const Namespaces& namespaces,
                                       std::initializer_list<std::string_view> single,
                                       std::string_view repeating, const CapReader& reader) {
    for (pugi::xml_node child : parent.children()) {
        if (child.type() != pugi::node_element) continue;
        const std::string_view name = local_name_of(child.name());
        // Unknown CAP elements (category, resource, polygon, ...) and other namespaces'
        // elements are allowed and ignored: only what the kiosk reads is checked.
        if (namespaces.uri_of(child) != kCapNamespace) continue;
        if (!repeating.empty() && name == repeating) {
            m_repeated.push_back(child);
            continue;
        }
        if (std::find(single.begin(), single.end(), name) == single.end()) continue;
        auto [it, inserted] = m_single.emplace(name, child);
        if (!inserted)
            return reader.fail(
                child, "appears twice in <" + std::string(local_name_of(parent.name())) +
                           "> (first on line " + std::to_string(reader.line_of(it->second)) + ")");
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

Result<CapAlert> parse_checked(std::string_view xml, std::string_view display_name) {
    const std::string name(display_name);
    const LineTable lines(xml);
    if (size_t bad = find_invalid_utf8(xml); bad != std::string_view::npos)
        return make_error(name, lines.line_of(bad),
                          "invalid UTF-8 at byte " + std::to_string(bad) +
                              "; CAP alerts must be UTF-8");
    if (auto problem = find_control_character(xml))
        return make_error(name, lines.line_of(problem->offset), problem->message);
    // A UTF-8 byte order mark is allowed; it is not markup.
    const size_t base = xml.substr(0, 3) == "\xEF\xBB\xBF" ? 3 : 0;
    const std::string_view body = xml.substr(base);
    if (auto problem = prescan_markup(body))
        return make_error(name, lines.line_of(base + problem->offset), problem->message);

    pugi::xml_document document;
    // parse_default: CDATA, the five entities and character references, attribute
    // whitespace and line ends normalized. No DOCTYPE node, no PIs, no comments kept.
    const pugi::xml_parse_result parsed =
        document.load_buffer(body.data(), body.size(), pugi::parse_default, pugi::encoding_utf8);
    if (!parsed)
        return make_error(
            name, parsed.offset >= 0 ? lines.line_of(base + static_cast<size_t>(parsed.offset)) : 0,
            std::string("not well-formed XML: ") + describe_parse_status(parsed.status));
    return CapReader(display_name, lines, base).read(document);
}

} // namespace

bool parse_cap_time(std::string_view text, int64_t& unix_seconds) {
    int64_t seconds = 0;
    if (!cap_time_problem(text, seconds).empty()) return false;
    unix_seconds = seconds;
    return true;
}

Result<CapAlert> parse_cap(std::string_view xml, std::string_view display_name) {
    if (xml.size() > kMaxCapBytes)
        return make_error(std::string(display_name), 0,
                          "is " + describe_size(xml.size()) + ", more than the limit of " +
                              describe_size(kMaxCapBytes) + " for a CAP alert");
    // Out of memory becomes one sentence about this file, like every other failure.
    try {
        return parse_checked(xml, display_name);
    } catch (const std::bad_alloc&) {
        return make_error(std::string(display_name), 0, "too large to read into memory");
    }
}

} // namespace kiosk::alerts
