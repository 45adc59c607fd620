#include "player/sync/backoff.h"

#include <algorithm>
#include <cmath>

namespace kiosk::sync {

double next_delay_s(const BackoffPolicy& policy, int failures, long retry_after_s, double poll_s,
                    double random01) {
    random01 = std::clamp(random01, 0.0, 1.0);
    double delay;
    if (failures <= 0) {
        delay = poll_s * (0.9 + 0.2 * random01);
    } else {
        // 2^(failures-1) overflows nothing: past 30 doublings the cap has long won.
        const double ceiling =
            std::min(policy.cap_s, policy.base_s * std::ldexp(1.0, std::min(failures - 1, 30)));
        delay = random01 * ceiling;
    }
    delay = std::clamp(delay, policy.min_s, std::max(policy.cap_s, poll_s * 1.1));
    // The server's word wins over our cap (up to a day): it knows its own load.
    if (retry_after_s > 0) delay = std::max(delay, double(std::min(retry_after_s, 86400L)));
    return delay;
}

} // namespace kiosk::sync
