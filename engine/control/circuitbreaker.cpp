#include "control/circuitbreaker.h"

namespace herder::control {

bool CircuitBreaker::onSuccess()
{
    m_run = 0;
    m_unusable_run = 0;
    if (m_state == State::Closed)
        return false;
    m_state = State::Closed;
    m_reason.clear();
    return true;
}

bool CircuitBreaker::onFailure()
{
    if (m_state == State::HalfOpen)
        return open(m_reason);
    if (++m_run >= m_threshold && m_state == State::Closed)
        return open(QStringLiteral("%1 failed calls in a row").arg(m_run));
    return false;
}

bool CircuitBreaker::onUnusableAnswer(bool known_record)
{
    if (known_record)
        return false;
    if (m_state == State::HalfOpen)
        return open(m_reason);
    if (++m_unusable_run >= m_threshold && m_state == State::Closed)
        return open(QStringLiteral("unusable answers for %1 different records in a row: the "
                                   "model does not follow the answer format")
                        .arg(m_unusable_run));
    return false;
}

bool CircuitBreaker::onSystemic(const QString &reason)
{
    if (m_state == State::Open && m_reason == reason)
        return false;
    return open(reason);
}

bool CircuitBreaker::onCooldownElapsed()
{
    if (m_state != State::Open)
        return false;
    m_state = State::HalfOpen;
    return true;
}

bool CircuitBreaker::open(const QString &reason)
{
    m_state = State::Open;
    m_reason = reason;
    m_run = 0;
    m_unusable_run = 0;
    return true;
}

} // namespace herder::control
