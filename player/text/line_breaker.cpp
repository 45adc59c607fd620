#include "player/text/line_breaker.h"

#include <unicode/brkiter.h>
#include <unicode/locid.h>
#include <unicode/utext.h>

#include <map>

namespace kiosk::text {

namespace {

struct UTextCloser {
    void operator()(UText* t) const { utext_close(t); }
};

icu::Locale icu_locale(std::string_view locale) {
    std::string tag(locale.substr(0, locale.find("-x-")));
    UErrorCode status = U_ZERO_ERROR;
    icu::Locale loc = icu::Locale::forLanguageTag(tag, status);
    if (U_FAILURE(status)) loc = icu::Locale::getRoot();
    if (std::string_view(loc.getLanguage()) == "ja") {
        status = U_ZERO_ERROR;
        loc.setKeywordValue("lb", "strict", status);
    }
    return loc;
}

} // namespace

struct LineBreaker::Impl {
    std::unique_ptr<icu::BreakIterator> line;
    std::unique_ptr<icu::BreakIterator> character;
};

LineBreaker::LineBreaker(std::string_view locale) : m_impl(std::make_unique<Impl>()) {
    icu::Locale loc = icu_locale(locale);
    UErrorCode status = U_ZERO_ERROR;
    m_impl->line.reset(icu::BreakIterator::createLineInstance(loc, status));
    status = U_ZERO_ERROR;
    m_impl->character.reset(icu::BreakIterator::createCharacterInstance(loc, status));
}

LineBreaker::~LineBreaker() = default;

void LineBreaker::opportunities(std::string_view text, std::vector<BreakOpportunity>& out) {
    out.clear();
    UErrorCode status = U_ZERO_ERROR;
    std::unique_ptr<UText, UTextCloser> ut(
        utext_openUTF8(nullptr, text.data(), int64_t(text.size()), &status));
    if (U_FAILURE(status) || !m_impl->line) {
        out.push_back({uint32_t(text.size()), true});
        return;
    }
    m_impl->line->setText(ut.get(), status);
    for (int32_t p = m_impl->line->next(); p != icu::BreakIterator::DONE;
         p = m_impl->line->next()) {
        bool hard = m_impl->line->getRuleStatus() >= UBRK_LINE_HARD;
        out.push_back({uint32_t(p), hard || uint32_t(p) == text.size()});
    }
    if (out.empty() || out.back().offset != text.size())
        out.push_back({uint32_t(text.size()), true});
}

void LineBreaker::graphemes(std::string_view text, std::vector<uint32_t>& out) {
    out.clear();
    UErrorCode status = U_ZERO_ERROR;
    std::unique_ptr<UText, UTextCloser> ut(
        utext_openUTF8(nullptr, text.data(), int64_t(text.size()), &status));
    if (U_FAILURE(status) || !m_impl->character) {
        out.push_back(uint32_t(text.size()));
        return;
    }
    m_impl->character->setText(ut.get(), status);
    for (int32_t p = m_impl->character->next(); p != icu::BreakIterator::DONE;
         p = m_impl->character->next())
        out.push_back(uint32_t(p));
}

LineBreaker& LineBreaker::for_locale(std::string_view locale) {
    static std::map<std::string, std::unique_ptr<LineBreaker>, std::less<>> breakers;
    auto it = breakers.find(locale);
    if (it == breakers.end())
        it = breakers.emplace(std::string(locale), std::make_unique<LineBreaker>(locale)).first;
    return *it->second;
}

} // namespace kiosk::text
