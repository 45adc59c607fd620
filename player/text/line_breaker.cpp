#include "player/text/line_breaker.h"

#include <unicode/brkiter.h>
#include <unicode/locid.h>
#include <unicode/utext.h>
#include <unicode/utf8.h>

namespace kiosk::text {

namespace {

struct UTextCloser {
    void operator()(UText* t) const { utext_close(t); }
};

bool has_phrase_suffix(std::string_view locale) {
    return locale.size() >= LineBreaker::kPhraseSuffix.size() &&
           locale.substr(locale.size() - LineBreaker::kPhraseSuffix.size()) ==
               LineBreaker::kPhraseSuffix;
}

icu::Locale icu_locale(std::string_view locale) {
    const bool phrases = has_phrase_suffix(locale);
    if (phrases) locale.remove_suffix(LineBreaker::kPhraseSuffix.size());
    std::string tag(locale.substr(0, locale.find("-x-")));
    UErrorCode status = U_ZERO_ERROR;
    icu::Locale loc = icu::Locale::forLanguageTag(tag, status);
    if (U_FAILURE(status)) loc = icu::Locale::getRoot();
    if (std::string_view(loc.getLanguage()) == "ja") {
        status = U_ZERO_ERROR;
        loc.setKeywordValue("lb", "strict", status);
        status = U_ZERO_ERROR;
        if (phrases) loc.setKeywordValue("lw", "phrase", status);
    }
    // Korean words are spaced: a label keeps each whole (CSS word-break: keep-all).
    if (phrases && std::string_view(loc.getLanguage()) == "ko") {
        status = U_ZERO_ERROR;
        loc.setKeywordValue("lw", "keepall", status);
    }
    return loc;
}

} // namespace

struct LineBreaker::Impl {
    icu::Locale locale;
    bool line_made = false, character_made = false;
    std::unique_ptr<icu::BreakIterator> line;
    std::unique_ptr<icu::BreakIterator> character;
    // Labels and headings: a soft break must also be a word boundary (Chinese words by
    // ICU's dictionary, for instance), so no word is cut across two lines.
    std::unique_ptr<icu::BreakIterator> word;
    // Japanese phrases: ICU 72's phrase data still splits inflections ("お待ち|くだ|さい"),
    // so a label never breaks between two hiragana either: a phrase is its content word
    // and the kana that follow it.
    bool keep_kana_together = false;

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

namespace {

bool is_hiragana(UChar32 c) {
    return (c >= 0x3041 && c <= 0x309F) || c == 0x30FC; // with the prolonged sound mark
}

// Whether the code points on both sides of byte offset `at` are hiragana, except before the
// honorific prefixes お and ご that open a new phrase ("ここで|お待ちください").
bool between_hiragana(std::string_view text, int32_t at) {
    if (at <= 0 || size_t(at) >= text.size()) return false;
    const auto* s = reinterpret_cast<const uint8_t*>(text.data());
    const int32_t length = int32_t(text.size());
    UChar32 before = 0, after = 0, next = 0;
    int32_t i = at;
    U8_PREV(s, 0, i, before);
    i = at;
    U8_NEXT(s, i, length, after);
    if (i < length) U8_NEXT(s, i, length, next);
    const bool prefix = (after == 0x304A || after == 0x3054) && next != 0 && !is_hiragana(next);
    return is_hiragana(before) && is_hiragana(after) && !prefix;
}

} // namespace

LineBreaker::LineBreaker(std::string_view locale) : m_impl(std::make_unique<Impl>()) {
    m_impl->locale = icu_locale(locale);
    if (has_phrase_suffix(locale)) {
        UErrorCode status = U_ZERO_ERROR;
        m_impl->word.reset(icu::BreakIterator::createWordInstance(m_impl->locale, status));
        if (U_FAILURE(status)) m_impl->word.reset();
        m_impl->keep_kana_together = std::string_view(m_impl->locale.getLanguage()) == "ja";
    }
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
    icu::BreakIterator* word = m_impl->word.get();
    if (word) {
        UErrorCode word_status = U_ZERO_ERROR;
        word->setText(ut.get(), word_status);
        if (U_FAILURE(word_status)) word = nullptr;
    }
    for (int32_t p = line->next(); p != icu::BreakIterator::DONE; p = line->next()) {
        bool hard = line->getRuleStatus() >= UBRK_LINE_HARD;
        bool end = uint32_t(p) == text.size();
        if (!hard && !end && word && !word->isBoundary(p)) continue;
        if (!hard && !end && m_impl->keep_kana_together && between_hiragana(text, p)) continue;
        out.push_back({uint32_t(p), hard || end});
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
