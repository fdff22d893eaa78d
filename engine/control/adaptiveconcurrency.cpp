#include "control/adaptiveconcurrency.h"

#include <QtGlobal>

#include <algorithm>
#include <cmath>

namespace herder::control {

AdaptiveConcurrency::AdaptiveConcurrency(int cap, Clock::time_point now)
    : AdaptiveConcurrency(cap, now, Tuning{})
{
}

AdaptiveConcurrency::AdaptiveConcurrency(int cap, Clock::time_point now, Tuning tuning)
    : m_tuning(tuning),
      m_cap(qMax(1, cap)),
      m_limit(qBound(1, tuning.initial, m_cap)),
      m_window_start(now)
{
}

void AdaptiveConcurrency::setCap(int cap)
{
    m_cap = qMax(1, cap);
    m_limit = qMin(m_limit, m_cap);
}

bool AdaptiveConcurrency::record(const Outcome &outcome, Clock::time_point now,
                                 std::chrono::nanoseconds engine_busy)
{
    if (!m_window_busy)
        m_window_busy = engine_busy;
    bool changed = false;
    const auto elapsed = now - m_window_start;
    const auto latency = std::chrono::duration_cast<Clock::duration>(
        std::chrono::duration<double, std::milli>(outcome.latency_ms));
    // A 429 for a call sent before the last decrease, or within a round trip after it while
    // the provider still counted the calls sent at the old limit, is the overshoot that
    // decrease answered; so is one within the interval after it, as a provider counting
    // requests per second refuses them until its second is over, whatever we send now.
    const bool fresh_limit =
        outcome.rate_limited &&
        (!m_decreased_at ||
         (now - 2 * latency >= *m_decreased_at && now - *m_decreased_at >= m_tuning.interval));
    // Slow start learns once per round trip rather than once per interval: at 40 ms a second
    // per doubling took 4 s from the first limit to a cap of 64, longer than many backlogs.
    const bool slow_start_done =
        m_slow_start && m_latency.count() >= quint64(m_tuning.min_samples) &&
        elapsed >= m_tuning.slow_start_min_interval && elapsed >= 2 * latency;
    // The limit a fresh 429 met is the one in force, so the interval it ends does not grow.
    if (fresh_limit || elapsed >= m_tuning.interval || slow_start_done) {
        changed = closeWindow(fresh_limit, now, engine_busy);
        m_window_start = now;
        m_window_busy = engine_busy;
    }
    ++m_calls;
    if (outcome.answered) {
        m_latency.record(outcome.latency_ms);
        m_provider_latency.record(qMax(0.0, outcome.latency_ms - outcome.engine_busy_ms));
    }
    m_saturated = m_saturated || outcome.saturated;
    return changed;
}

bool AdaptiveConcurrency::closeWindow(bool rate_limited, Clock::time_point now,
                                      std::chrono::nanoseconds engine_busy)
{
    const int before = m_limit;
    const bool measured = m_latency.count() >= quint64(m_tuning.min_samples);
    const double p50_ms = measured ? m_latency.percentile(0.5) : 0;
    const double wall_ns = double(std::chrono::nanoseconds(now - m_window_start).count());
    const double busy_ns = double((engine_busy - m_window_busy.value_or(engine_busy)).count());
    m_last_busy_share = wall_ns > 0 ? busy_ns / wall_ns : 0;
    // Replies that queued behind a busy engine thread measure us, not the provider.
    const bool provider_latency = measured && m_last_busy_share < m_tuning.engine_busy_share;
    const bool latency_rose = provider_latency && !m_recent_p50_ms.empty() && [&] {
        const double baseline_ms =
            *std::min_element(m_recent_p50_ms.begin(), m_recent_p50_ms.end());
        // A lower bound of the provider's part: what is left may still be ours, never theirs.
        const double provider_p50_ms = m_provider_latency.percentile(0.5);
        return provider_p50_ms > m_tuning.latency_factor * baseline_ms &&
               provider_p50_ms - baseline_ms >= m_tuning.latency_slack_ms;
    }();

    if (rate_limited)
        decrease("429", now);
    else if (latency_rose)
        decrease("latency", now);
    else if (m_calls > 0 && m_saturated)
        // Growing a limit that nothing pushed against would say nothing about the provider.
        m_limit = qMin(m_cap, m_slow_start ? m_limit * 2 : m_limit + 1);

    if (provider_latency) {
        m_recent_p50_ms.push_back(p50_ms);
        while (int(m_recent_p50_ms.size()) > m_tuning.baseline_windows)
            m_recent_p50_ms.pop_front();
    }
    m_calls = 0;
    m_saturated = false;
    m_latency.reset();
    m_provider_latency.reset();
    return m_limit != before;
}

void AdaptiveConcurrency::decrease(const char *why, Clock::time_point now)
{
    m_slow_start = false;
    m_last_decrease = why;
    m_decreased_at = now;
    const int lower = int(std::floor(double(m_limit) * m_tuning.decrease_factor));
    m_limit = qMax(1, qMin(m_limit - 1, lower));
}

} // namespace herder::control
