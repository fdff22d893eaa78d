#pragma once

#include <QString>

namespace herder::control {

/// Opens on systemic failures (a dead API key, an exhausted quota) or a long run of failures,
/// so a broken provider pauses consumption instead of flooding the DLQ. After a cool-down it
/// half-opens: one probe call decides whether it closes again.
class CircuitBreaker
{
public:
    enum class State { Closed = 1, Open, HalfOpen };

    explicit CircuitBreaker(int failure_run_threshold = 25) : m_threshold(failure_run_threshold) {}

    State state() const { return m_state; }
    QString reason() const { return m_reason; }

    /// Returns true when this call changed the state.
    bool onSuccess();
    bool onFailure(); ///< an ordinary (retryable) failure: counts towards the run
    bool onSystemic(const QString &reason);
    bool onCooldownElapsed();

private:
    bool open(const QString &reason);

    int m_threshold;
    int m_run = 0;
    State m_state = State::Closed;
    QString m_reason;
};

} // namespace herder::control
