#pragma once
// When to try again. After a success: the poll interval, spread by +-10 % so terminals
// started together drift apart. After failures: "full jitter" exponential back-off, a
// uniformly random wait in [0, min(cap, base * 2^(failures-1))], so a thousand terminals
// that lost the server together do not all return in the same second when it comes back.
// A server's Retry-After is a floor, even above the cap (up to a day): it knows its own
// load better than we do.

namespace kiosk::sync {

struct BackoffPolicy {
    double base_s = 5;  // the ceiling of the first retry's wait
    double cap_s = 900; // no wait longer than this (15 min), however many failures
    double min_s = 1;   // never hammer, even when the dice say 0
};

// `failures`: consecutive failed attempts (0 after a success). `retry_after_s`: the
// server's Retry-After, or negative when none. `random01`: uniform in [0, 1), given by the
// caller so tests can pin it.
double next_delay_s(const BackoffPolicy& policy, int failures, long retry_after_s, double poll_s,
                    double random01);

} // namespace kiosk::sync
