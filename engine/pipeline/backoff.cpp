#include "pipeline/backoff.h"

#include <QRandomGenerator>

#include <algorithm>

namespace herder::pipeline {

Backoff::Backoff(std::chrono::milliseconds base, std::chrono::milliseconds cap, quint64 seed)
    : m_base_ms(std::max<qint64>(0, base.count())),
      m_cap_ms(std::max<qint64>(0, cap.count())),
      m_rng(seed != 0 ? seed : QRandomGenerator::global()->generate64())
{
}

std::chrono::milliseconds Backoff::ceiling(int attempt) const
{
    const int shift = std::max(attempt, 1) - 1;
    if (m_base_ms == 0)
        return std::chrono::milliseconds(0);
    // base << shift would overflow long before attempt 64: compare against cap >> shift instead.
    if (shift >= 62 || m_base_ms > (m_cap_ms >> shift))
        return std::chrono::milliseconds(m_cap_ms);
    return std::chrono::milliseconds(m_base_ms << shift);
}

std::chrono::milliseconds Backoff::delay(int attempt,
                                         std::optional<std::chrono::milliseconds> retry_after)
{
    const qint64 ceiling_ms = ceiling(attempt).count();
    qint64 delay_ms = 0;
    if (ceiling_ms > 0)
        delay_ms = std::uniform_int_distribution<qint64>(0, ceiling_ms)(m_rng);
    if (retry_after && retry_after->count() > delay_ms)
        delay_ms = retry_after->count();
    return std::chrono::milliseconds(delay_ms);
}

} // namespace herder::pipeline
