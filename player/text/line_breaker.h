#pragma once
// LineBreaker: where a line may end, by ICU's line BreakIterator for the locale (UAX #14
// with CLDR tailoring: Japanese kinsoku, Thai and Burmese dictionary word breaks), and
// where a word may be split when it is longer than a line (grapheme boundaries). Each
// iterator is made on first use; a LayoutContext keeps one breaker per locale.

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace kiosk::text {

struct BreakOpportunity {
    uint32_t offset = 0;    // byte offset: a line may end before this byte
    bool mandatory = false; // a hard break (end of text)
};

class LineBreaker {
  public:
    // Japanese uses strict line breaking: no small kana or prolonged sound mark at a line
    // start, as public signage expects.
    // A locale ending in kPhraseSuffix breaks Japanese between phrases only (lw=phrase).
    explicit LineBreaker(std::string_view locale);
    static constexpr std::string_view kPhraseSuffix = "@phrase";
    ~LineBreaker();
    LineBreaker(const LineBreaker&) = delete;
    LineBreaker& operator=(const LineBreaker&) = delete;

    // Opportunities after offset 0, in increasing order; the last is text.size().
    void opportunities(std::string_view text, std::vector<BreakOpportunity>& out);
    // Grapheme cluster boundaries after offset 0, in increasing order.
    void graphemes(std::string_view text, std::vector<uint32_t>& out);

  private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

} // namespace kiosk::text
