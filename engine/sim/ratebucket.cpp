#include "sim/ratebucket.h"

#include <algorithm>
#include <cmath>

namespace herder::sim {

namespace {
// Lazy refills at different instants round differently: a cost counts as covered within this
// slack, so a client that waits exactly the advertised retry time is admitted.
constexpr double kSlack = 1e-9;
} // namespace

RateBucket::RateBucket(double capacity)
    : m_capacity(std::isfinite(capacity) && capacity > 0 ? capacity : 0), m_level(m_capacity)
{
}

double RateBucket::available(Clock::time_point now) const
{
    if (!limited())
        return 0;
    if (now <= m_levelAt)
        return m_level; // the bucket never earns from a clock reading older than its last
    const double elapsed_s = std::chrono::duration<double>(now - m_levelAt).count();
    return std::min(m_capacity, m_level + elapsed_s * refillPerSecond());
}

bool RateBucket::tryTake(double amount, Clock::time_point now)
{
    if (!limited())
        return true;
    const double level = available(now);
    if (level + kSlack < amount)
        return false;
    m_level = std::max(0.0, level - amount);
    m_levelAt = std::max(now, m_levelAt);
    return true;
}

RateBucket::Clock::duration RateBucket::timeUntil(double amount, Clock::time_point now) const
{
    if (!limited())
        return Clock::duration::zero();
    if (amount > m_capacity + kSlack)
        return Clock::duration::max();
    const double missing = amount - available(now);
    if (missing <= kSlack)
        return Clock::duration::zero();
    // Rounded up: at the returned instant the amount is there, never a tick short of it.
    return std::chrono::ceil<Clock::duration>(
        std::chrono::duration<double>(missing / refillPerSecond()));
}

RateBucket::Clock::duration RateBucket::timeUntilFull(Clock::time_point now) const
{
    return timeUntil(m_capacity, now);
}

} // namespace herder::sim
