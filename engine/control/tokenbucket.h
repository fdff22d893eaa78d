#pragma once

#include <chrono>

namespace herder::control {

/// Request-rate limiter in requests per second. Time is passed in, never read, so callers
/// share one clock reading per batch and tests drive it with synthetic time points.
/// Not thread-safe.
class TokenBucket
{
public:
    using Clock = std::chrono::steady_clock;

    /// rate_per_s 0 (or negative, or not finite) = unlimited; burst 0 = max(1, rate_per_s / 10).
    /// The bucket starts full.
    explicit TokenBucket(double rate_per_s = 0, double burst = 0);

    /// Takes effect at once and keeps no more tokens than the new burst. Time elapsed since
    /// the last tryTake() is credited at the new rate.
    void setRate(double rate_per_s, double burst = 0);
    /// The rate in requests/s; 0 = unlimited.
    double rate() const { return m_rate_per_s; }
    /// The bucket capacity in tokens; 0 when unlimited.
    double burst() const { return m_burst; }

    /// Takes one token if one is available at `now`.
    bool tryTake(Clock::time_point now);
    /// How long after `now` a token will be available; 0 if one is there already.
    Clock::duration timeUntilAvailable(Clock::time_point now) const;

private:
    double tokensAt(Clock::time_point now) const;

    double m_rate_per_s = 0;
    double m_burst = 0;
    double m_tokens = 0;
    Clock::time_point m_last_refill{};
    bool m_started = false; // m_last_refill is meaningless until the first tryTake()
};

} // namespace herder::control
