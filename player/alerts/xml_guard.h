#pragma once
// The defences every XML document of player/alerts goes through before pugixml builds a
// tree (CAP alerts, Atom feeds of them), and the small tools their readers share. Internal
// to player/alerts: pugixml is a private dependency, so only the area's .cpp files include
// this header.
//
// load_guarded() checks UTF-8 and control characters, then scans the markup once and
// refuses any DTD (<!DOCTYPE, <!ENTITY, ...), any entity reference but XML's five and
// character references, an encoding other than UTF-8, and nesting deeper than the
// document's limit. Only then does pugixml (non-recursive, never loads anything) parse.
// Every step is linear in the input; the size limit is the caller's, checked first.

#include "player/core/result.h"

#include <pugixml.hpp>

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace kiosk::alerts::xml {

// What the messages call the documents and how deep they may nest.
struct Rules {
    std::string_view kind;       // plural, in messages: "CAP alerts", "Atom feeds"
    int max_depth = 16;          // elements nested deeper are refused
    std::string_view depth_note; // after the depth message: "a CAP alert is about 5 levels deep"
};

// The start of every line, found once: any offset's line is then a binary search.
class LineTable {
  public:
    explicit LineTable(std::string_view text);
    int line_of(size_t offset) const;

  private:
    std::vector<size_t> m_starts;
};

// Parses `xml` into `document` once the checks above pass. `base` is the offset of the
// markup in `xml` (3 after a UTF-8 byte order mark, else 0): pugixml's offsets count from
// there. Errors are "NAME:LINE: message".
kiosk::Status load_guarded(std::string_view xml, const std::string& name, const Rules& rules,
                           const LineTable& lines, pugi::xml_document& document, size_t& base);

// "256 KiB", "1 KiB (1030 bytes)", "12 bytes".
std::string describe_size(size_t bytes);
// A value quoted for a message: at most 60 bytes, cut on a UTF-8 character boundary.
std::string quoted(std::string_view value);
bool is_xml_space(char c);
std::string_view trimmed(std::string_view text);

std::string_view prefix_of(std::string_view qualified);
std::string_view local_name_of(std::string_view qualified);

// Namespace bindings in scope while a reader descends: one stack of URIs per prefix, so
// resolving a child costs its own attributes plus one lookup (never a walk up the tree).
class Namespaces {
  public:
    // Brings the declarations of `element` into scope until the Scope ends.
    class Scope {
      public:
        Scope(Namespaces& namespaces, pugi::xml_node element);
        ~Scope();
        Scope(const Scope&) = delete;
        Scope& operator=(const Scope&) = delete;

      private:
        Namespaces& m_namespaces;
        std::vector<std::string> m_pushed;
    };

    // The namespace URI of `element`, whose parent's scope is entered; "" when unbound.
    std::string_view uri_of(pugi::xml_node element) const;

  private:
    std::unordered_map<std::string, std::vector<std::string_view>> m_bindings;
};

} // namespace kiosk::alerts::xml
