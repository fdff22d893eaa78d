#pragma once

#include "metrics/latencyhistogram.h"

#include <chrono>
#include <deque>
#include <optional>

namespace herder::control {

/// Finds the concurrency a provider sustains, AIMD style, below the operator's cap: each
/// interval in which calls waited for a slot and nothing went wrong adds one (doubles, until
/// the first setback; in that slow start an interval lasts about two calls' latency once it
/// has enough answers, so a fast provider is reached in a few round trips, not seconds). A 429
/// rate limit multiplies it by `decrease_factor` at once and starts a new interval; 429s for
/// calls sent before that, or within a round trip (their own latency) after it, answer the
/// old limit and are ignored. Later ones within that interval, which a provider counting
/// requests per second keeps sending until its second is over, decrease at the interval's end,
/// by the share of its calls refused when that is larger: one step an interval, as TCP takes
/// one a round trip, and a big overshoot costs one big step, not many small ones. The 429 that
/// ends slow start cuts at least to what the answers of the last second need in flight
/// (Little's law): doubling may have run far past a provider that counts per second.
///
/// An interval whose median latency rose above `latency_factor` times the lowest recent median,
/// and by at least `latency_slack_ms`, multiplies it by `decrease_factor` too. The latency of
/// a call is measured on the engine thread, so it includes the time its reply waited for that
/// thread: the rise counts each call's latency less the time the engine thread was busy during
/// it (the most the reply can have waited for us), and an interval in which the engine thread
/// was busy for `engine_busy_share` of the wall time neither cuts on latency nor feeds the
/// baseline. Never above the cap, never below 1. Time and the engine thread's busy time
/// (metrics::ThreadBusyClock) are passed in, never read, so tests drive them. Not thread-safe:
/// the engine thread owns it.
class AdaptiveConcurrency
{
public:
    using Clock = std::chrono::steady_clock;

    struct Tuning
    {
        std::chrono::milliseconds interval{1000};
        double decrease_factor = 0.85;
        double latency_factor = 2.0;
        /// A rise must also be this large: a sub-millisecond baseline doubles with any jitter.
        double latency_slack_ms = 20;
        /// The engine thread's busy time over an interval's wall time at which its latency
        /// measures the engine's own queue rather than the provider.
        double engine_busy_share = 0.85;
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
        /// Of latency_ms, how long the engine thread was busy (ChatResult::caller_busy_ms).
        double engine_busy_ms = 0;
    };

    AdaptiveConcurrency(int cap, Clock::time_point now);
    AdaptiveConcurrency(int cap, Clock::time_point now, Tuning tuning);

    /// The operator's cap: the limit follows a lower one at once and may grow up to a higher.
    void setCap(int cap);
    int cap() const { return m_cap; }
    int limit() const { return m_limit; }

    /// Adds one call to the current interval; first closes the interval if it is over, or if
    /// the call met a rate limit. \a engine_busy is how long the engine thread has been busy
    /// so far (metrics::ThreadBusyClock); left at 0 it counts as idle. True when that changed
    /// the limit.
    bool record(const Outcome &outcome, Clock::time_point now,
                std::chrono::nanoseconds engine_busy = {});

    /// Why the limit last went down ("429", "latency"), or empty.
    const char *lastDecrease() const { return m_last_decrease; }
    /// The engine thread's busy share (0..1) in the last closed interval.
    double lastEngineBusyShare() const { return m_last_busy_share; }

private:
    void closeWindow(Clock::time_point now, std::chrono::nanoseconds engine_busy);
    void decrease(const char *why, Clock::time_point now, double factor);

    Tuning m_tuning;
    int m_cap;
    int m_limit;
    bool m_slow_start = true;
    const char *m_last_decrease = "";
    std::optional<Clock::time_point> m_decreased_at;
    double m_last_busy_share = 0;

    Clock::time_point m_window_start;
    /// The engine thread's busy time when the interval began (at its first call, at first).
    std::optional<std::chrono::nanoseconds> m_window_busy;
    int m_calls = 0;   ///< in this interval, but for 429s that answer an older limit
    int m_refused = 0; ///< 429s at this interval's limit
    bool m_saturated = false;
    metrics::LatencyHistogram m_latency;
    metrics::LatencyHistogram m_provider_latency; ///< latency less the engine thread's busy time
    std::deque<double> m_recent_p50_ms; ///< medians of recent intervals, newest last
    std::deque<Clock::time_point> m_answered_at; ///< answers of the last second
    double m_last_latency_ms = 0;                 ///< of the latest answer
};

} // namespace herder::control
