// Placeholder until the schedule lands: nothing plays.
#include "player/schedule/signage_schedule.h"

namespace kiosk::schedule {

struct SignageClock::Impl {};
SignageClock::SignageClock(std::unique_ptr<Impl> impl) : m_impl(std::move(impl)) {}
SignageClock::~SignageClock() = default;
SignageClock::SignageClock(SignageClock&&) noexcept = default;
SignageClock& SignageClock::operator=(SignageClock&&) noexcept = default;
Result<SignageClock> SignageClock::create(const std::string&) {
    return SignageClock(std::make_unique<Impl>());
}
LocalTime SignageClock::local(int64_t) const {
    return {};
}
int64_t SignageClock::unix_of(const content::LocalDate&, int) const {
    return 0;
}
std::optional<SlidePlay> slide_at(const content::Bundle&, const SignageClock&, int64_t) {
    return std::nullopt;
}

} // namespace kiosk::schedule
