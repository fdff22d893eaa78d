#pragma once

#include <QtGlobal>

#include <chrono>

namespace herder::control {

/// One of a provider's limits (requests or tokens, for one model) as its answers' rate-limit
/// headers tell it: what was left when the answer was made, the limit, and the time until
/// it is whole again. Between answers it counts down what we sent since and credits the
/// refill the provider does meanwhile (OpenAI refills continuously: the reset time covers
/// limit - remaining). Without headers it knows nothing and never holds a call.
/// Time is passed in. Not thread-safe.
class HeaderQuota
{
public:
    using Clock = std::chrono::steady_clock;
    using Ms = std::chrono::milliseconds;

    /// From one answer's headers; \a remaining < 0: the answer said nothing (forgets).
    /// \a limit and \a reset_ms may be -1 (unknown). \a spent_since: what calls sent after
    /// the answered one took; the answer may not have counted them yet, so they count here.
    void heard(qint64 remaining, qint64 limit, qint64 reset_ms, Clock::time_point now,
               double spent_since = 0);
    /// A call that goes now takes \a amount (1 request, or its estimated tokens).
    void spend(double amount) { m_spent += amount; }
    /// How long a call needing \a amount must wait so the provider does not refuse it;
    /// zero when it may go now. A call bigger than the whole limit goes when the limit is
    /// whole (the provider answers it; holding it forever would lose it).
    Ms wait(double amount, Clock::time_point now) const;
    /// What is left by our count; infinite when unknown or past its reset.
    double left(Clock::time_point now) const;
    bool known() const { return m_remaining >= 0; }

private:
    double elapsedMs(Clock::time_point now) const; ///< since the answer was heard

    qint64 m_remaining = -1;
    qint64 m_limit = -1;
    qint64 m_reset_ms = -1;
    double m_refill_per_ms = 0; ///< 0: unknown; the whole limit comes back at the reset then
    double m_spent = 0;
    Clock::time_point m_heard{};
};

} // namespace herder::control
