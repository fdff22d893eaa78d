#include "control/headerquota.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace herder::control {

namespace {
/// Without a reset time, what an answer said holds for this long.
constexpr qint64 kUnknownResetMs = 1000;
} // namespace

void HeaderQuota::heard(qint64 remaining, qint64 limit, qint64 reset_ms, Clock::time_point now,
                        double spent_since)
{
    m_remaining = remaining;
    m_limit = limit;
    m_reset_ms = reset_ms;
    m_heard = now;
    // The provider counted the answered call and those before it; later ones it may have
    // counted too, but counting them twice only holds a call a little early.
    m_spent = spent_since;
    m_refill_per_ms = remaining >= 0 && limit > remaining && reset_ms > 0
        ? double(limit - remaining) / double(reset_ms)
        : 0;
}

double HeaderQuota::elapsedMs(Clock::time_point now) const
{
    return std::chrono::duration<double, std::milli>(std::max(Clock::duration{}, now - m_heard))
        .count();
}

double HeaderQuota::left(Clock::time_point now) const
{
    if (m_remaining < 0)
        return std::numeric_limits<double>::infinity();
    const double elapsed_ms = elapsedMs(now);
    double have = double(m_remaining);
    if (m_refill_per_ms > 0)
        have += m_refill_per_ms * elapsed_ms;
    else if (elapsed_ms >= double(m_reset_ms >= 0 ? m_reset_ms : kUnknownResetMs))
        return std::numeric_limits<double>::infinity(); // whole again: nothing to hold for
    if (m_limit >= 0)
        have = std::min(have, double(m_limit));
    return std::max(0.0, have - m_spent);
}

HeaderQuota::Ms HeaderQuota::wait(double amount, Clock::time_point now) const
{
    if (m_remaining < 0)
        return Ms::zero();
    // More than the whole limit: wait for all of it, then let the provider judge.
    if (m_limit > 0)
        amount = std::min(amount, double(m_limit));
    const double have = left(now);
    if (have >= amount)
        return Ms::zero();
    const double elapsed_ms = elapsedMs(now);
    if (m_refill_per_ms > 0) {
        // Less a hair: 0.4 / 0.01 is 40.000000001 in doubles, and a whole millisecond more.
        const double ms = (amount - have) / m_refill_per_ms - 1e-6;
        return Ms(qint64(std::ceil(std::max(1.0, ms))));
    }
    // No refill rate: nothing comes back until the reset, then all of it (left() says so).
    const double reset = double(m_reset_ms >= 0 ? m_reset_ms : kUnknownResetMs);
    return Ms(qint64(std::ceil(std::max(1.0, reset - elapsed_ms))));
}

} // namespace herder::control
