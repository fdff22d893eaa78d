#include "control/stormguard.h"

#include <QtGlobal>

#include <algorithm>

namespace herder::control {

bool StormGuard::onTransient(std::optional<Ms> retry_after)
{
    // The provider's last word on when to come back stands until it answers: a timeout or a
    // reset connection in between says nothing about it.
    if (retry_after)
        m_retry_after = retry_after;
    if (m_storming || ++m_run < m_threshold)
        return false;
    m_storming = true;
    m_failed_probes = 0;
    return true;
}

bool StormGuard::onAnswered()
{
    m_run = 0;
    m_retry_after.reset();
    if (!m_storming)
        return false;
    m_storming = false;
    m_failed_probes = 0;
    return true;
}

StormGuard::Ms StormGuard::hold() const
{
    if (!m_storming)
        return Ms(0);
    // The provider said when to come back: then, and no later, or the storm's end is missed
    // by a backoff that kept doubling while it lasted.
    if (m_retry_after)
        return std::clamp(*m_retry_after, kMinHold, m_max_hold);
    // Doubling per failure, computed without overflow: past 2^20 the cap has long won.
    const int doublings = std::min(m_failed_probes, 20);
    return std::min<Ms>(m_max_hold, Ms(m_first_hold.count() << doublings));
}

} // namespace herder::control
