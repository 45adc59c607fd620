#pragma once
// ParagraphCache: laid-out paragraphs by (text, style), least recently used out first, so
// that a static frame shapes nothing (DESIGN.md section 3, step 5). It owns the
// LayoutContext it lays out with, so it follows that rule: one thread at a time.

#include "player/text/layout_context.h"
#include "player/text/text_layout.h"

#include <list>
#include <memory>
#include <string>
#include <unordered_map>

namespace kiosk::text {

class ParagraphCache {
  public:
    ParagraphCache(const FontSet& fonts, size_t capacity = 4096)
        : m_fonts(fonts), m_capacity(capacity) {}

    std::shared_ptr<const Paragraph> get(std::string_view markup, const LayoutStyle& style);

    size_t size() const { return m_entries.size(); }
    size_t hits() const { return m_hits; }
    size_t misses() const { return m_misses; }
    void clear();

  private:
    struct Entry {
        std::shared_ptr<const Paragraph> paragraph;
        std::list<std::string>::iterator lru;
    };
    const FontSet& m_fonts;
    LayoutContext m_context;
    size_t m_capacity;
    std::unordered_map<std::string, Entry> m_entries;
    std::list<std::string> m_lru; // front = most recently used
    std::string m_key;            // reused to build lookup keys without allocating
    size_t m_hits = 0, m_misses = 0;
};

} // namespace kiosk::text
