#pragma once

#include <chrono>
#include <optional>

namespace herder::control {

/// Tells a storm from a bad call. A run of transient failures in a row (429s with or without
/// Retry-After, 5xx, timeouts, connection errors) with no answer between them means the
/// provider refuses for now: not a broken provider (that is the circuit breaker's), and not the
/// messages' fault, so they should wait rather than spend attempts. During a storm calls hold
/// for hold(), then one goes; the first answer ends it. Engine-thread only.
class StormGuard
{
public:
    using Ms = std::chrono::milliseconds;

    explicit StormGuard(int run = 10, Ms first_hold = Ms(500), Ms max_hold = Ms(30000))
        : m_threshold(run), m_first_hold(first_hold), m_max_hold(max_hold)
    {
    }

    bool storming() const { return m_storming; }
    /// A transient failure; true when it starts a storm. \a retry_after: what the provider
    /// asked for, if anything.
    bool onTransient(std::optional<Ms> retry_after);
    /// An answer (any 2xx); true when it ends a storm.
    bool onAnswered();
    /// The one call sent after a hold failed too: the next hold doubles. (Calls that were in
    /// flight when the storm began fail as well, but say nothing new.)
    void probeFailed() { ++m_failed_probes; }
    /// How long calls hold: the last failure's Retry-After (at least 100 ms, at most
    /// max_hold), else a backoff doubling from first_hold with each failed probe, up to
    /// max_hold.
    Ms hold() const;
    int failedProbes() const { return m_failed_probes; }

private:
    static constexpr Ms kMinHold{100};
    int m_threshold;
    Ms m_first_hold;
    Ms m_max_hold;
    int m_run = 0;
    bool m_storming = false;
    int m_failed_probes = 0;
    std::optional<Ms> m_retry_after;
};

} // namespace herder::control
