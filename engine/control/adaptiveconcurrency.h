#pragma once

#include "metrics/latencyhistogram.h"

#include <chrono>
#include <deque>

namespace herder::control {

/// Finds the concurrency a provider sustains, AIMD style, below the operator's cap: each
/// interval in which calls waited for a slot and nothing went wrong adds one (doubles, until
/// the first setback; in that slow start an interval lasts about two calls' latency once it
/// has enough answers, so a fast provider is reached in a few round trips, not seconds); an
/// interval with a 429 rate limit, or whose median latency rose above
/// `latency_factor` times the lowest recent median, multiplies it by `decrease_factor`. Never
/// above the cap, never below 1. Time is passed in, never read, so tests drive it.
/// Not thread-safe: the engine thread owns it.
class AdaptiveConcurrency
{
public:
    using Clock = std::chrono::steady_clock;

    struct Tuning
    {
        std::chrono::milliseconds interval{1000};
        double decrease_factor = 0.7;
        double latency_factor = 2.0;
        int baseline_windows = 30; ///< how many recent intervals the lowest median comes from
        int min_samples = 8;       ///< answered calls an interval needs for its median to count
        int initial = 4;           ///< the first limit (below the cap)
        /// In slow start an interval also ends once it holds min_samples answers and has
        /// lasted twice the latest call's latency, but never sooner than this.
        std::chrono::milliseconds slow_start_min_interval{100};
    };

    /// What one finished call says about the provider.
    struct Outcome
    {
        bool rate_limited = false; ///< a 429 rate limit (not an exhausted quota)
        bool answered = false;     ///< a 2xx: its latency counts
        double latency_ms = 0;
        bool saturated = false;    ///< calls were waiting for a slot, or every slot was busy
    };

    AdaptiveConcurrency(int cap, Clock::time_point now);
    AdaptiveConcurrency(int cap, Clock::time_point now, Tuning tuning);

    /// The operator's cap: the limit follows a lower one at once and may grow up to a higher.
    void setCap(int cap);
    int cap() const { return m_cap; }
    int limit() const { return m_limit; }

    /// Adds one call to the current interval; first closes the interval if it is over. True
    /// when that changed the limit.
    bool record(const Outcome &outcome, Clock::time_point now);

    /// Why the limit last went down ("429", "latency"), or empty.
    const char *lastDecrease() const { return m_last_decrease; }

private:
    bool closeWindow();
    void decrease(const char *why);

    Tuning m_tuning;
    int m_cap;
    int m_limit;
    bool m_slow_start = true;
    const char *m_last_decrease = "";

    Clock::time_point m_window_start;
    int m_calls = 0;
    int m_rate_limited = 0;
    bool m_saturated = false;
    metrics::LatencyHistogram m_latency;
    std::deque<double> m_recent_p50_ms; ///< medians of recent intervals, newest last
};

} // namespace herder::control
