#include "player/text/itemizer.h"

#include <unicode/ubidi.h>
#include <unicode/uchar.h>
#include <unicode/uscript.h>
#include <unicode/utf8.h>

#include <memory>

namespace kiosk::text {

Direction locale_direction(std::string_view locale) {
    std::string_view lang = locale.substr(0, locale.find('-'));
    if (lang == "ar" || lang == "he" || lang == "fa" || lang == "ur") return Direction::Rtl;
    return Direction::Ltr;
}

const char* script_code(uint32_t script) {
    return uscript_getShortName(UScriptCode(script));
}

namespace {

struct CodePoint {
    uint32_t offset; // byte offset
    char32_t cp;
    UScriptCode script;
    bool weak; // Common or Inherited: takes its script and face from neighbours
    bool inherited;
    uint8_t level;
    FaceId face;
};

// Han, kana and Hangul mix inside one CJK sentence; shaping them as one run keeps the
// run count (and the kinsoku context) sane. Their run script is decided afterwards.
int script_group(UScriptCode s) {
    switch (s) {
    case USCRIPT_HAN:
    case USCRIPT_HIRAGANA:
    case USCRIPT_KATAKANA:
    case USCRIPT_KATAKANA_OR_HIRAGANA:
    case USCRIPT_HANGUL:
        return -1;
    default:
        return int(s);
    }
}

struct BidiDeleter {
    void operator()(UBiDi* b) const { ubidi_close(b); }
};

} // namespace

ItemizedText itemize(std::string_view text, const FontSet& fonts, std::string_view locale,
                     Direction base, Weight weight,
                     std::span<const std::pair<uint32_t, uint32_t>> bold) {
    ItemizedText result;
    if (text.empty()) return result;

    // Decode once: code points with byte offsets, and UTF-16 for ubidi.
    std::vector<CodePoint> cps;
    std::vector<UChar> u16;
    std::vector<uint32_t> u16_to_cp;
    cps.reserve(text.size());
    u16.reserve(text.size());
    const auto* bytes = reinterpret_cast<const uint8_t*>(text.data());
    int32_t length = int32_t(text.size());
    for (int32_t i = 0; i < length;) {
        uint32_t offset = uint32_t(i);
        UChar32 c;
        U8_NEXT(bytes, i, length, c);
        if (c < 0) c = 0xFFFD;
        UErrorCode status = U_ZERO_ERROR;
        UScriptCode script = uscript_getScript(c, &status);
        bool inherited = script == USCRIPT_INHERITED;
        bool weak = inherited || script == USCRIPT_COMMON || script == USCRIPT_UNKNOWN;
        cps.push_back({offset, char32_t(c), script, weak, inherited, 0, kNoFace});
        if (c > 0xFFFF) {
            u16.push_back(U16_LEAD(c));
            u16.push_back(U16_TRAIL(c));
            u16_to_cp.push_back(uint32_t(cps.size() - 1));
        } else {
            u16.push_back(UChar(c));
        }
        u16_to_cp.push_back(uint32_t(cps.size() - 1));
    }

    // 1. Bidi levels.
    UErrorCode status = U_ZERO_ERROR;
    std::unique_ptr<UBiDi, BidiDeleter> bidi(ubidi_openSized(int32_t(u16.size()), 0, &status));
    UBiDiLevel para_level = base == Direction::Rtl ? 1 : 0;
    ubidi_setPara(bidi.get(), u16.data(), int32_t(u16.size()), para_level, nullptr, &status);
    const UBiDiLevel* levels = U_SUCCESS(status) ? ubidi_getLevels(bidi.get(), &status) : nullptr;
    for (size_t i = 0; i < u16.size(); ++i)
        cps[u16_to_cp[i]].level = (levels && U_SUCCESS(status)) ? levels[i] : para_level;

    // 2. Scripts: weak characters take the script before them, or after them at the start.
    // Only across the same bidi level: the "(3F)" after an Arabic word in a Japanese
    // sentence belongs with what follows, not with the Arabic.
    UScriptCode last = USCRIPT_COMMON;
    uint8_t last_level = 0;
    for (auto& c : cps) {
        if (!c.weak)
            last = c.script, last_level = c.level;
        else if (last != USCRIPT_COMMON && (c.inherited || c.level == last_level))
            c.script = last;
    }
    last = USCRIPT_COMMON;
    for (auto it = cps.rbegin(); it != cps.rend(); ++it) {
        if (it->script == USCRIPT_COMMON || it->script == USCRIPT_INHERITED ||
            it->script == USCRIPT_UNKNOWN) {
            if (last != USCRIPT_COMMON) it->script = last;
        } else {
            last = it->script;
        }
    }

    // 3. Faces: the first face of the locale's chain that covers each character; weak
    //    characters stay in their neighbour's face when it covers them, and combining marks
    //    always stay with their base so that shaping sees them together.
    const auto regular_chain = fonts.chain(locale, weight);
    const auto bold_chain = fonts.chain(locale, Weight::Bold);
    FaceId previous = kNoFace;
    size_t span = 0; // the bold range at or after the current character (ranges ascend)
    bool previous_bold = false;
    for (auto& c : cps) {
        while (span < bold.size() && bold[span].second <= c.offset)
            ++span;
        const bool in_bold = span < bold.size() && bold[span].first <= c.offset;
        const auto chain = in_bold ? bold_chain : regular_chain;
        // Where bold starts or ends, even a weak character (a digit, a space) takes the face
        // of its own weight, and the ones after it follow it.
        const bool switched = in_bold != previous_bold;
        if (c.weak && previous != kNoFace && !switched &&
            (c.inherited || fonts.covers(previous, c.cp))) {
            c.face = previous;
            continue;
        }
        previous_bold = in_bold;
        c.face = fonts.face_for(chain, c.cp);
        if (c.face == kNoFace) {
            if (c.cp > 0x20 &&
                !u_hasBinaryProperty(UChar32(c.cp), UCHAR_DEFAULT_IGNORABLE_CODE_POINT))
                result.missing.push_back(uint32_t(c.cp));
            c.face = previous != kNoFace ? previous : chain.front();
        }
        if (!c.weak || switched) previous = c.face;
    }
    // Leading weak characters take the face of the first strong one when it covers them.
    for (size_t i = 0; i < cps.size() && cps[i].weak; ++i) {
        size_t strong = i;
        while (strong < cps.size() && cps[strong].weak)
            ++strong;
        if (strong == cps.size()) break;
        for (size_t j = i; j < strong; ++j)
            if (fonts.covers(cps[strong].face, cps[j].cp)) cps[j].face = cps[strong].face;
        break;
    }

    // 4. Runs: break wherever level, script group or face changes.
    auto same_run = [](const CodePoint& a, const CodePoint& b) {
        return a.level == b.level && a.face == b.face &&
               script_group(a.script) == script_group(b.script);
    };
    size_t run_begin = 0;
    for (size_t i = 1; i <= cps.size(); ++i) {
        if (i < cps.size() && same_run(cps[run_begin], cps[i])) continue;
        TextRun run;
        run.start = cps[run_begin].offset;
        run.end = i < cps.size() ? cps[i].offset : uint32_t(text.size());
        run.bidi_level = cps[run_begin].level;
        run.face = cps[run_begin].face;
        run.script = uint32_t(cps[run_begin].script);
        if (script_group(cps[run_begin].script) == -1) {
            // A CJK run is Han if it holds any Han, otherwise the script it starts with.
            for (size_t j = run_begin; j < i; ++j)
                if (cps[j].script == USCRIPT_HAN) run.script = USCRIPT_HAN;
        }
        if (UScriptCode(run.script) == USCRIPT_COMMON ||
            UScriptCode(run.script) == USCRIPT_INHERITED)
            run.script = USCRIPT_LATIN; // digits and punctuation alone
        result.runs.push_back(run);
        run_begin = i;
    }
    return result;
}

} // namespace kiosk::text
