// parse_atom_feed(): an Atom feed of CAP alerts from untrusted bytes (atom_feed.h).

#include "player/alerts/atom_feed.h"

#include "player/alerts/cap_alert.h"
#include "player/alerts/xml_guard.h"
#include "player/core/date_time.h"

#include <pugixml.hpp>

#include <algorithm>
#include <new>
#include <optional>
#include <unordered_set>
#include <utility>

namespace kiosk::alerts {

namespace {

constexpr xml::Rules kAtomRules{"Atom feeds", kMaxAtomDepth,
                                "an Atom feed of alerts is about 4 levels deep"};
constexpr std::string_view kLinkExample =
    "<link rel=\"alternate\" type=\"application/cap+xml\" href=\"...\"/>";

using xml::local_name_of;
using xml::quoted;

std::string lowercase(std::string_view text) {
    std::string lower(text);
    std::transform(lower.begin(), lower.end(), lower.begin(),
                   [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c; });
    return lower;
}

// The scheme of an absolute URL ("HTTP" of "HTTP://x"), or "" for a relative reference
// (RFC 3986: a scheme is a letter, then letters, digits, + - ., before the first ':' that
// comes ahead of any '/', '?' or '#').
std::string_view scheme_of(std::string_view href) {
    const size_t colon = href.find(':');
    if (colon == std::string_view::npos || colon == 0) return {};
    if (href.find_first_of("/?#") < colon) return {};
    const std::string_view scheme = href.substr(0, colon);
    const auto letter = [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); };
    if (!letter(scheme[0])) return {};
    for (char c : scheme)
        if (!letter(c) && !(c >= '0' && c <= '9') && c != '+' && c != '-' && c != '.') return {};
    return scheme;
}

// Empty when `href` may be fetched (after resolution against the feed's http(s) URL), else
// why not.
std::string href_problem(std::string_view href) {
    if (href.empty()) return "an empty href";
    if (href.size() > kMaxAtomTextBytes)
        return "an href longer than " + xml::describe_size(kMaxAtomTextBytes);
    for (char c : href)
        if (static_cast<unsigned char>(c) <= 0x20 || c == 0x7F)
            return "the href " + quoted(href) + " holds spaces or control characters (write %20)";
    const std::string scheme = lowercase(scheme_of(href));
    if (!scheme.empty() && scheme != "http" && scheme != "https")
        return "the href " + quoted(href) + " is a " + scheme +
               ": URL; only http and https links (or paths relative to the feed) are fetched";
    return {};
}

// How well a <link> names the entry's CAP document: 0 not at all, 3 best (atom_feed.h).
int link_rank(pugi::xml_node link) {
    const std::string rel = lowercase(xml::trimmed(link.attribute("rel").value()));
    if (!rel.empty() && rel != "alternate" && rel != "related" && rel != "enclosure") return 0;
    std::string_view type = link.attribute("type").value();
    type = xml::trimmed(type.substr(0, type.find(';'))); // "application/xml; charset=utf-8"
    const std::string media = lowercase(type);
    if (media == "application/cap+xml") return 3;
    if (media == "application/xml" || media == "text/xml") return 2;
    if (!media.empty()) return 0;
    std::string_view path = xml::trimmed(link.attribute("href").value());
    path = path.substr(0, path.find_first_of("?#"));
    return path.size() > 4 && lowercase(path.substr(path.size() - 4)) == ".xml" ? 1 : 0;
}

class AtomReader {
  public:
    AtomReader(const std::string& name, const xml::LineTable& lines, size_t base)
        : m_name(name), m_lines(lines), m_base(base) {}

    Result<AtomFeed> read(const pugi::xml_document& document) {
        pugi::xml_node root;
        for (pugi::xml_node node : document.children()) {
            if (node.type() != pugi::node_element) continue;
            if (root) return fail(node, "a second root element; an Atom feed holds one <feed>");
            root = node;
        }
        if (!root) return make_error(m_name, 0, "no <feed> element");
        xml::Namespaces::Scope scope(m_namespaces, root);
        if (local_name_of(root.name()) != "feed")
            return fail(root, "expected an Atom <feed> as the root element");
        const std::string_view uri = m_namespaces.uri_of(root);
        if (uri != kAtomNamespace)
            return fail(root, (uri.empty() ? std::string("not in the Atom namespace")
                                           : "namespace " + quoted(uri) + " is not Atom's") +
                                  " (expected xmlns=\"" + std::string(kAtomNamespace) + "\")");
        if (!root.attribute("xml:base").empty())
            return fail(root, "xml:base is not supported; write hrefs absolute or relative to "
                              "the feed's own URL");
        AtomFeed feed;
        std::vector<AtomEntry> entries;
        for (pugi::xml_node child : root.children()) {
            if (!is_atom(child, "entry")) continue;
            if (auto entry = read_entry(child)) {
                entries.push_back(std::move(*entry));
            } else {
                Error error = entry.error();
                error.message += "; the entry is skipped";
                note(feed, std::move(error));
            }
        }
        keep_newest(entries, feed);
        return feed;
    }

  private:
    int line_of(pugi::xml_node node) const {
        const ptrdiff_t offset = node.offset_debug();
        return offset < 0 ? 0 : m_lines.line_of(m_base + static_cast<size_t>(offset));
    }
    Error fail(pugi::xml_node node, const std::string& message) const {
        return make_error(m_name, line_of(node),
                          "<" + std::string(local_name_of(node.name())) + ">: " + message);
    }

    // An element of the Atom namespace named `name`; its own xmlns declarations count.
    bool is_atom(pugi::xml_node node, std::string_view name) const {
        return node.type() == pugi::node_element && local_name_of(node.name()) == name &&
               m_namespaces.uri_of(node) == kAtomNamespace;
    }

    static void note(AtomFeed& feed, Error error) {
        if (feed.skipped.size() < kMaxAtomSkipped)
            feed.skipped.push_back(std::move(error));
        else
            ++feed.skipped_unlisted;
    }

    // The text of an element with no element children, outer whitespace trimmed.
    Result<std::string> text_of(pugi::xml_node element) const {
        std::string text;
        for (pugi::xml_node child : element.children()) {
            if (child.type() == pugi::node_element)
                return fail(child, "an element inside <" +
                                       std::string(local_name_of(element.name())) +
                                       ">, which holds text only");
            if (child.type() == pugi::node_pcdata || child.type() == pugi::node_cdata)
                text += child.value();
            if (text.size() > kMaxAtomTextBytes)
                return fail(element, "longer than " + xml::describe_size(kMaxAtomTextBytes));
        }
        return std::string(xml::trimmed(text));
    }

    // The one child named `name`: missing or repeated is the entry's fault.
    Result<pugi::xml_node> single_child(pugi::xml_node entry, std::string_view name) const {
        pugi::xml_node found;
        for (pugi::xml_node child : entry.children()) {
            if (!is_atom(child, name)) continue;
            if (found)
                return fail(child, "appears twice in <entry> (first on line " +
                                       std::to_string(line_of(found)) + ")");
            found = child;
        }
        if (!found) return fail(entry, "missing <" + std::string(name) + ">");
        return found;
    }

    Result<AtomEntry> read_entry(pugi::xml_node node) {
        xml::Namespaces::Scope scope(m_namespaces, node);
        AtomEntry entry;
        entry.line = line_of(node);
        auto id = single_child(node, "id");
        if (!id) return id.error();
        auto id_text = text_of(*id);
        if (!id_text) return id_text.error();
        if (id_text->empty()) return fail(*id, "must not be empty");
        // An IRI has none; refusing them also keeps a hostile id from breaking a log line.
        if (std::any_of(id_text->begin(), id_text->end(),
                        [](char c) { return static_cast<unsigned char>(c) <= 0x20; }))
            return fail(*id, quoted(*id_text) +
                                 " holds spaces or line breaks; an Atom id is an IRI like "
                                 "tag:city.example,2026:q1");
        entry.id = std::move(*id_text);
        auto updated = single_child(node, "updated");
        if (!updated) return updated.error();
        auto updated_text = text_of(*updated);
        if (!updated_text) return updated_text.error();
        if (!parse_rfc3339(*updated_text, entry.updated_unix))
            return fail(*updated, quoted(*updated_text) +
                                      " is not an RFC 3339 date-time like 2026-12-01T10:00:00Z");
        auto href = cap_link(node);
        if (!href) return href.error();
        entry.href = std::move(*href);
        return entry;
    }

    Result<std::string> cap_link(pugi::xml_node entry) {
        if (!entry.attribute("xml:base").empty())
            return fail(entry, "xml:base is not supported; write hrefs absolute or relative to "
                               "the feed's own URL");
        pugi::xml_node best;
        int best_rank = 0;
        for (pugi::xml_node child : entry.children()) {
            if (!is_atom(child, "link")) continue;
            const int rank = link_rank(child);
            if (rank > best_rank) best = child, best_rank = rank;
        }
        if (!best)
            return fail(entry,
                        "no link to a CAP document (expected " + std::string(kLinkExample) + ")");
        if (!best.attribute("xml:base").empty())
            return fail(best, "xml:base is not supported; write hrefs absolute or relative to "
                              "the feed's own URL");
        const std::string href(xml::trimmed(best.attribute("href").value()));
        if (auto problem = href_problem(href); !problem.empty()) return fail(best, problem);
        return href;
    }

    // One entry per id (the latest <updated>; the first of equals), the newest
    // kMaxAtomEntries, oldest first.
    void keep_newest(std::vector<AtomEntry>& entries, AtomFeed& feed) const {
        std::stable_sort(entries.begin(), entries.end(), [](const auto& a, const auto& b) {
            return a.updated_unix > b.updated_unix;
        });
        std::unordered_set<std::string> seen;
        size_t total = 0;
        for (AtomEntry& entry : entries) {
            if (!seen.insert(entry.id).second) continue;
            ++total;
            if (feed.entries.size() < kMaxAtomEntries) feed.entries.push_back(std::move(entry));
        }
        if (total > kMaxAtomEntries)
            feed.skipped.insert(feed.skipped.begin(),
                                make_error(m_name, 0,
                                           std::to_string(total) + " entries, more than the " +
                                               "limit of " + std::to_string(kMaxAtomEntries) +
                                               ": only the newest " +
                                               std::to_string(kMaxAtomEntries) + " are read"));
        std::reverse(feed.entries.begin(), feed.entries.end());
    }

    const std::string& m_name;
    const xml::LineTable& m_lines;
    size_t m_base;
    xml::Namespaces m_namespaces;
};

Result<AtomFeed> parse_checked(std::string_view bytes, const std::string& name) {
    const xml::LineTable lines(bytes);
    pugi::xml_document document;
    size_t base = 0;
    if (auto loaded = xml::load_guarded(bytes, name, kAtomRules, lines, document, base); !loaded)
        return loaded.error();
    return AtomReader(name, lines, base).read(document);
}

} // namespace

bool is_atom_feed(std::string_view bytes) {
    // The first '<' that opens an element: declarations, comments and processing
    // instructions before it are passed over (a DOCTYPE's own '<!' lines too).
    size_t i = 0;
    while ((i = bytes.find('<', i)) != std::string_view::npos) {
        const std::string_view rest = bytes.substr(i + 1);
        if (rest.starts_with("!--")) {
            const size_t end = bytes.find("-->", i + 4);
            if (end == std::string_view::npos) return false;
            i = end + 3;
        } else if (rest.starts_with("?") || rest.starts_with("!")) {
            i += 2;
        } else {
            const size_t end = rest.find_first_of(" \t\r\n/>");
            return local_name_of(rest.substr(0, end)) == "feed";
        }
    }
    return false;
}

Result<AtomFeed> parse_atom_feed(std::string_view bytes, const std::string& display_name) {
    if (bytes.size() > kMaxAtomBytes)
        return make_error(display_name, 0,
                          "is " + xml::describe_size(bytes.size()) + ", more than the limit of " +
                              xml::describe_size(kMaxAtomBytes) + " for an Atom feed of alerts");
    // Out of memory becomes one sentence about this feed, like every other failure.
    try {
        return parse_checked(bytes, display_name);
    } catch (const std::bad_alloc&) {
        return make_error(display_name, 0, "too large to read into memory");
    }
}

} // namespace kiosk::alerts
