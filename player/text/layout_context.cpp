#include "player/text/layout_context.h"

#include "player/text/line_breaker.h"

#include <hb.h>

namespace kiosk::text {

void LayoutContext::BufferDeleter::operator()(hb_buffer_t* buffer) const {
    hb_buffer_destroy(buffer);
}

LayoutContext::LayoutContext() = default;
LayoutContext::~LayoutContext() = default;

hb_buffer_t* LayoutContext::shaping_buffer() {
    if (!m_buffer) m_buffer.reset(hb_buffer_create());
    return m_buffer.get();
}

LineBreaker& LayoutContext::breaker(std::string_view locale) {
    auto it = m_breakers.find(locale);
    if (it == m_breakers.end())
        it = m_breakers.emplace(std::string(locale), std::make_unique<LineBreaker>(locale)).first;
    return *it->second;
}

} // namespace kiosk::text
