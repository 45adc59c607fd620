#pragma once
// LayoutContext: the mutable scratch state of text layout (a HarfBuzz buffer and ICU
// break iterators per locale), owned by whoever lays text out instead of hidden in
// statics, so that layout is reentrant.
//
// Threading rule: a LayoutContext is used by one thread at a time (it is not locked).
// Give each thread that lays out text its own context (a ParagraphCache owns one). The
// FontSet it is used with may be shared by contexts on several threads: HarfBuzz fonts
// are immutable once made and faces open once under std::call_once. Rasterizing
// (GlyphAtlas, FreeType) is not covered by this rule: one atlas per FontSet, one thread.

#include <map>
#include <memory>
#include <string>
#include <string_view>

struct hb_buffer_t;

namespace kiosk::text {

class LineBreaker;

class LayoutContext {
  public:
    LayoutContext();
    ~LayoutContext();
    LayoutContext(const LayoutContext&) = delete;
    LayoutContext& operator=(const LayoutContext&) = delete;

    // One buffer reused for every run: shaping allocates nothing once it has grown.
    hb_buffer_t* shaping_buffer();
    // The breaker of a locale, made on first use: creating ICU iterators costs far more
    // than using them, and a locale never laid out costs nothing.
    LineBreaker& breaker(std::string_view locale);

  private:
    struct BufferDeleter {
        void operator()(hb_buffer_t* buffer) const;
    };
    std::unique_ptr<hb_buffer_t, BufferDeleter> m_buffer;
    std::map<std::string, std::unique_ptr<LineBreaker>, std::less<>> m_breakers;
};

} // namespace kiosk::text
