// parse_cap(): OASIS CAP 1.2 from untrusted bytes.
//
// Defence comes before the XML parser: the size limit, then xml_guard.h's checks (UTF-8,
// control characters, no DTD, no entities but XML's five, nesting up to kMaxCapDepth).
// Only then does pugixml build the tree, and the reader takes what the kiosk needs from
// it. Every step is linear in the input; errors are "NAME:LINE: <element>: message".

#include "player/alerts/cap_alert.h"

#include "player/alerts/xml_guard.h"
#include "player/core/date_time.h"

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
constexpr xml::Rules kCapRules{"CAP alerts", kMaxCapDepth, "a CAP alert is about 5 levels deep"};

using xml::describe_size;
using xml::is_xml_space;
using xml::LineTable;
using xml::local_name_of;
using xml::Namespaces;
using xml::quoted;
using xml::trimmed;

// ---------------------------------------------------------------------------------------
// Dates: CAP's dateTime, "YYYY-MM-DDThh:mm:ss" and a numeric offset "+hh:mm"/"-hh:mm"
// (CAP 1.2 writes UTC as "-00:00", never "Z"; no fractions of a second).

// Empty when `text` is a CAP date-time (stored in `unix_seconds`), else why not. The
// fields are read by core's reader (player/core/date_time.h); CAP's own refusals first.
std::string cap_time_problem(std::string_view text, int64_t& unix_seconds) {
    if (text.size() == 20 && text.back() == 'Z') return "CAP writes UTC as -00:00, not Z";
    if (text.size() > 19 && text[19] == '.') return "fractions of a second are not allowed";
    return offset_date_time_problem(text, unix_seconds);
}

// ---------------------------------------------------------------------------------------
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

Result<CapAlert> parse_checked(std::string_view xml, std::string_view display_name) {
    const std::string name(display_name);
    const LineTable lines(xml);
    pugi::xml_document document;
    size_t base = 0;
    if (auto loaded = xml::load_guarded(xml, name, kCapRules, lines, document, base); !loaded)
        return loaded.error();
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
