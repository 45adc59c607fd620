#include "player/text/paragraph_cache.h"

#include <cstring>

namespace kiosk::text {

namespace {

void append_bytes(std::string& key, const void* data, size_t size) {
    key.append(static_cast<const char*>(data), size);
}

} // namespace

std::shared_ptr<const Paragraph> ParagraphCache::get(std::string_view markup,
                                                     const LayoutStyle& style) {
    m_key.clear();
    append_bytes(m_key, &style.px, sizeof style.px);
    append_bytes(m_key, &style.max_width, sizeof style.max_width);
    append_bytes(m_key, &style.line_spacing, sizeof style.line_spacing);
    m_key.push_back(char(style.weight));
    m_key.push_back(char(style.align));
    m_key.push_back(char(style.ruby));
    m_key.push_back(char(style.phrase_breaks));
    m_key.append(style.locale);
    m_key.push_back('\0');
    m_key.append(markup);

    if (auto it = m_entries.find(m_key); it != m_entries.end()) {
        m_lru.splice(m_lru.begin(), m_lru, it->second.lru);
        ++m_hits;
        return it->second.paragraph;
    }
    ++m_misses;
    auto paragraph = std::make_shared<const Paragraph>(lay_out(m_context, m_fonts, markup, style));
    m_lru.push_front(m_key);
    m_entries.emplace(m_key, Entry{paragraph, m_lru.begin()});
    if (m_entries.size() > m_capacity) {
        m_entries.erase(m_lru.back());
        m_lru.pop_back();
    }
    return paragraph;
}

void ParagraphCache::clear() {
    m_entries.clear();
    m_lru.clear();
}

} // namespace kiosk::text
