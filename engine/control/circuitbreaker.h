#pragma once

#include <QString>

namespace herder::control {

/// Opens on systemic failures (a dead API key, an exhausted quota), a long run of failed calls,
/// or a long run of unusable answers for *different* records (a model that cannot follow the
/// answer format), so a broken provider pauses consumption instead of flooding the DLQ. It
/// judges the provider, not messages: a record whose answers failed before (a prompt-injected
/// text) says nothing new about the provider and neither opens nor closes it. After a
/// cool-down it half-opens: one probe call decides whether it closes again.
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
    /// The provider answered, with nothing usable in it. \a known_record: that record's
    /// answers were unusable before, so this one is the record's failure, not the provider's.
    bool onUnusableAnswer(bool known_record);
    bool onSystemic(const QString &reason);
    bool onCooldownElapsed();

private:
    bool open(const QString &reason);

    int m_threshold;
    int m_run = 0;
    int m_unusable_run = 0; ///< unusable answers in a row, each for a record new to failing
    State m_state = State::Closed;
    QString m_reason;
};

} // namespace herder::control
