#include "kiosk/screens/clock_text.h"

#include <unicode/calendar.h>
#include <unicode/datefmt.h>
#include <unicode/dtptngen.h>
#include <unicode/smpdtfmt.h>
#include <unicode/timezone.h>

#include <cstdio>
#include <memory>

namespace kiosk::screens {

namespace {

icu::Locale icu_locale(std::string_view locale) {
    std::string tag(locale.substr(0, locale.find("-x-")));
    UErrorCode status = U_ZERO_ERROR;
    icu::Locale loc = icu::Locale::forLanguageTag(tag, status);
    if (U_FAILURE(status)) return icu::Locale::getEnglish();
    // Western digits, like the counters, floors and hours on the screen (ui_strings.cpp).
    loc.setKeywordValue("numbers", "latn", status);
    return loc;
}

} // namespace

struct ClockFormatter::Format {
    std::unique_ptr<icu::SimpleDateFormat> format; // null: ICU could not make one
};

ClockFormatter::ClockFormatter() = default;
ClockFormatter::~ClockFormatter() = default;
ClockFormatter::ClockFormatter(ClockFormatter&&) noexcept = default;
ClockFormatter& ClockFormatter::operator=(ClockFormatter&&) noexcept = default;

std::string ClockFormatter::format(double now_ms, std::string_view locale,
                                   std::string_view time_zone, bool time_only) {
    auto key = std::make_tuple(std::string(locale), std::string(time_zone), time_only);
    auto found = m_formats.find(key);
    if (found == m_formats.end()) {
        if (m_formats.size() >= kMaxFormats) m_formats.clear();
        auto made = std::make_unique<Format>();
        icu::Locale loc = icu_locale(locale);
        UErrorCode status = U_ZERO_ERROR;
        std::unique_ptr<icu::DateTimePatternGenerator> generator(
            icu::DateTimePatternGenerator::createInstance(loc, status));
        if (U_SUCCESS(status)) {
            // Skeleton: year, month name, day, weekday, 24-hour time. ICU orders it per
            // language.
            icu::UnicodeString pattern = generator->getBestPattern(
                icu::UnicodeString(time_only ? "HHmm" : "yMMMdEEEHHmm"), status);
            auto format = std::make_unique<icu::SimpleDateFormat>(pattern, loc, status);
            if (U_SUCCESS(status)) {
                format->adoptTimeZone(icu::TimeZone::createTimeZone(
                    icu::UnicodeString::fromUTF8(std::string(time_zone))));
                made->format = std::move(format);
            }
        }
        found = m_formats.emplace(std::move(key), std::move(made)).first;
    }
    if (!found->second->format) return {};
    icu::UnicodeString out;
    found->second->format->format(UDate(now_ms), out);
    std::string utf8;
    out.toUTF8String(utf8);
    return utf8;
}

OpeningStatus opening_status(const content::Bundle& bundle, double now_ms) {
    UErrorCode status = U_ZERO_ERROR;
    std::unique_ptr<icu::Calendar> cal(icu::Calendar::createInstance(
        icu::TimeZone::createTimeZone(icu::UnicodeString::fromUTF8(bundle.time_zone)), status));
    OpeningStatus result;
    if (U_FAILURE(status)) return result;
    cal->setTime(UDate(now_ms), status);
    int weekday = cal->get(UCAL_DAY_OF_WEEK, status); // 1 = Sunday
    int minutes = cal->get(UCAL_HOUR_OF_DAY, status) * 60 + cal->get(UCAL_MINUTE, status);
    int index = (weekday + 5) % 7; // Monday = 0
    result.hours_today = bundle.hours[size_t(index)];
    int h0, m0, h1, m1;
    if (std::sscanf(result.hours_today.c_str(), "%d:%d-%d:%d", &h0, &m0, &h1, &m1) == 4)
        result.open_now = minutes >= h0 * 60 + m0 && minutes < h1 * 60 + m1;
    return result;
}

} // namespace kiosk::screens
