#pragma once

#include <chrono>

namespace herder::sim {

// One provider rate limit as OpenAI documents it: a bucket of `capacity` that refills
// continuously, `capacity` per minute, and grants a request only its whole cost at once.
// Not control::TokenBucket (the engine's own pacing): that one hands out single tokens and can
// say neither how much is left nor when it is full again, which the x-ratelimit-* headers need.
// Time is passed in so a caller shares one reading between buckets. Not thread-safe.
class RateBucket
{
public:
    using Clock = std::chrono::steady_clock;

    // Starts full; capacity <= 0 is "no limit" (everything is granted, nothing reported).
    explicit RateBucket(double capacity = 0);

    double capacity() const { return m_capacity; }
    bool limited() const { return m_capacity > 0; }

    // What is left at `now` (fractional: the refill is continuous).
    double available(Clock::time_point now) const;
    // Takes `amount` if that much is left at `now`; otherwise takes nothing.
    bool tryTake(double amount, Clock::time_point now);
    // How long after `now` `amount` will be left (zero if it is already); Clock::duration::max()
    // when `amount` exceeds the capacity and never will be.
    Clock::duration timeUntil(double amount, Clock::time_point now) const;
    // How long after `now` the bucket is full again.
    Clock::duration timeUntilFull(Clock::time_point now) const;

private:
    double refillPerSecond() const { return m_capacity / 60.0; }

    double m_capacity = 0;
    double m_level = 0;
    Clock::time_point m_levelAt{};
};

} // namespace herder::sim
