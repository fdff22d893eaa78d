#include "control/tokenbucket.h"

#include <algorithm>
#include <cmath>

namespace herder::control {

namespace {
// Keeps absurdly low rates from overflowing the nanosecond duration (~292 years).
constexpr double kMaxWait_s = 1e9;
// What counts as a whole token: lazy refills at different instants round differently, and
// this slack (far above that rounding, far below anything observable) keeps a wait computed
// by timeUntilAvailable() valid however many tryTake() calls happen in between.
constexpr double kWholeToken = 1.0 - 1e-9;
} // namespace

TokenBucket::TokenBucket(double rate_per_s, double burst)
{
    setRate(rate_per_s, burst);
    m_tokens = m_burst;
}

void TokenBucket::setRate(double rate_per_s, double burst)
{
    if (!std::isfinite(rate_per_s) || rate_per_s <= 0) {
        m_rate_per_s = 0;
        m_burst = 0;
        m_tokens = 0;
        return;
    }
    const bool was_unlimited = m_rate_per_s == 0;
    m_rate_per_s = rate_per_s;
    if (!std::isfinite(burst) || burst <= 0)
        burst = rate_per_s / 10;
    // Below one token the bucket could never grant anything.
    m_burst = std::max(1.0, burst);
    // Leaving "unlimited" means the bucket was effectively infinite: start full.
    m_tokens = was_unlimited ? m_burst : std::min(m_tokens, m_burst);
}

double TokenBucket::tokensAt(Clock::time_point now) const
{
    if (!m_started)
        return m_burst;
    if (now <= m_last_refill)
        return m_tokens; // time never runs backwards for the bucket
    const double elapsed_s = std::chrono::duration<double>(now - m_last_refill).count();
    return std::min(m_burst, m_tokens + elapsed_s * m_rate_per_s);
}

bool TokenBucket::tryTake(Clock::time_point now)
{
    if (m_rate_per_s == 0)
        return true;
    m_tokens = tokensAt(now);
    if (!m_started || now > m_last_refill)
        m_last_refill = now;
    m_started = true;
    if (m_tokens < kWholeToken)
        return false;
    m_tokens -= 1.0;
    return true;
}

TokenBucket::Clock::duration TokenBucket::timeUntilAvailable(Clock::time_point now) const
{
    if (m_rate_per_s == 0)
        return Clock::duration::zero();
    // A `now` older than the last refill earns nothing until the refill point is reached.
    const Clock::time_point from = m_started ? std::max(now, m_last_refill) : now;
    const double tokens = tokensAt(from);
    if (tokens >= kWholeToken)
        return Clock::duration::zero();
    const double wait_s = std::min((kWholeToken - tokens) / m_rate_per_s, kMaxWait_s);
    auto wait = std::chrono::ceil<Clock::duration>(std::chrono::duration<double>(wait_s));
    // Floating point may land a tick off: settle on exactly the first tick at which tryTake()
    // (same formula, same reference point) succeeds. Bounded: the error is a few ulps.
    for (int i = 0; i < 64 && tokensAt(from + wait) < kWholeToken; ++i)
        wait += Clock::duration(1);
    for (int i = 0; i < 64 && wait > Clock::duration(1)
                    && tokensAt(from + wait - Clock::duration(1)) >= kWholeToken;
         ++i)
        wait -= Clock::duration(1);
    return (from - now) + wait;
}

} // namespace herder::control
