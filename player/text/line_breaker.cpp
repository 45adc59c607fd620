#include "player/text/line_breaker.h"

#include <unicode/brkiter.h>
#include <unicode/locid.h>
#include <unicode/utext.h>

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
    icu::Locale locale;
    bool line_made = false, character_made = false;
    std::unique_ptr<icu::BreakIterator> line;
    std::unique_ptr<icu::BreakIterator> character;

    // Most paragraphs never split a word, so the grapheme iterator waits until one does.
    icu::BreakIterator* line_iterator() {
        if (!line_made) {
            line_made = true;
            UErrorCode status = U_ZERO_ERROR;
            line.reset(icu::BreakIterator::createLineInstance(locale, status));
            if (U_FAILURE(status)) line.reset();
        }
        return line.get();
    }
    icu::BreakIterator* character_iterator() {
        if (!character_made) {
            character_made = true;
            UErrorCode status = U_ZERO_ERROR;
            character.reset(icu::BreakIterator::createCharacterInstance(locale, status));
            if (U_FAILURE(status)) character.reset();
        }
        return character.get();
    }
};

LineBreaker::LineBreaker(std::string_view locale) : m_impl(std::make_unique<Impl>()) {
    m_impl->locale = icu_locale(locale);
}

LineBreaker::~LineBreaker() = default;

void LineBreaker::opportunities(std::string_view text, std::vector<BreakOpportunity>& out) {
    out.clear();
    UErrorCode status = U_ZERO_ERROR;
    std::unique_ptr<UText, UTextCloser> ut(
        utext_openUTF8(nullptr, text.data(), int64_t(text.size()), &status));
    icu::BreakIterator* line = m_impl->line_iterator();
    if (U_FAILURE(status) || !line) {
        out.push_back({uint32_t(text.size()), true});
        return;
    }
    line->setText(ut.get(), status);
    for (int32_t p = line->next(); p != icu::BreakIterator::DONE; p = line->next()) {
        bool hard = line->getRuleStatus() >= UBRK_LINE_HARD;
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
    icu::BreakIterator* character = m_impl->character_iterator();
    if (U_FAILURE(status) || !character) {
        out.push_back(uint32_t(text.size()));
        return;
    }
    character->setText(ut.get(), status);
    for (int32_t p = character->next(); p != icu::BreakIterator::DONE; p = character->next())
        out.push_back(uint32_t(p));
}

} // namespace kiosk::text
