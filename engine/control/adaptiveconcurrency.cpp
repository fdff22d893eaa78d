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
    while (!m_answered_at.empty() && now - m_answered_at.front() > std::chrono::seconds(1))
        m_answered_at.pop_front();
    const int before = m_limit;
    const auto elapsed = now - m_window_start;
    const auto latency = std::chrono::duration_cast<Clock::duration>(
        std::chrono::duration<double, std::milli>(outcome.latency_ms));
    // A 429 for a call sent before the last decrease, or within a round trip after it while
    // the provider still counted the calls sent at the old limit, answers the old limit.
    const bool old_limit = m_decreased_at && now - 2 * latency < *m_decreased_at;
    const bool refused = outcome.rate_limited && !old_limit;
    // At most one decrease an interval: a provider counting requests per second refuses them
    // until its second is over, whatever we send now. A later 429 decreases at the interval's
    // end, by the share refused.
    const bool decrease_now =
        refused && (!m_decreased_at || now - *m_decreased_at >= m_tuning.interval);
    const bool over = elapsed >= m_tuning.interval;
    // Slow start learns once per round trip rather than once per interval: at 40 ms a second
    // per doubling took 4 s from the first limit to a cap of 64, longer than many backlogs.
    const bool slow_start_done =
        m_slow_start && m_latency.count() >= quint64(m_tuning.min_samples) &&
        elapsed >= m_tuning.slow_start_min_interval && elapsed >= 2 * latency;
    // A refusal belongs to the interval whose limit it met, even as the call that ends it.
    const bool counted = refused && (decrease_now || over);
    if (counted) {
        ++m_calls;
        ++m_refused;
    }
    if (decrease_now || over || slow_start_done) {
        closeWindow(now, engine_busy);
        m_window_start = now;
        m_window_busy = engine_busy;
    }
    if (!counted && !(outcome.rate_limited && old_limit)) {
        ++m_calls;
        if (refused)
            ++m_refused;
        if (outcome.answered) {
            m_answered_at.push_back(now);
            m_last_latency_ms = outcome.latency_ms;
            m_latency.record(outcome.latency_ms);
            m_provider_latency.record(qMax(0.0, outcome.latency_ms - outcome.engine_busy_ms));
        }
        m_saturated = m_saturated || outcome.saturated;
    }
    return m_limit != before;
}

void AdaptiveConcurrency::closeWindow(Clock::time_point now, std::chrono::nanoseconds engine_busy)
{
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

    if (m_refused > 0) {
        // A provider that refused a large share of the interval's calls accepts that much less
        // of them: a big overshoot takes one big step, a few refusals at the edge of its limit
        // the usual one.
        double factor = qMin(m_tuning.decrease_factor,
                             1.0 - double(m_refused) / double(m_calls));
        if (m_slow_start) {
            // Doubling every round trip may have run far past a provider that counts per
            // second before it said so: what it accepted in the last second needs that many
            // calls in flight (Little's law), each holding its slot for the latency we saw.
            const double latency_ms = measured ? p50_ms : m_last_latency_ms;
            const double sustained = double(m_answered_at.size()) * latency_ms / 1000.0;
            factor = qMin(factor, sustained / double(m_limit));
        }
        decrease("429", now, factor);
    } else if (latency_rose) {
        decrease("latency", now, m_tuning.decrease_factor);
    } else if (m_calls > 0 && m_saturated) {
        // Growing a limit that nothing pushed against would say nothing about the provider.
        m_limit = qMin(m_cap, m_slow_start ? m_limit * 2 : m_limit + 1);
    }

    if (provider_latency) {
        m_recent_p50_ms.push_back(p50_ms);
        while (int(m_recent_p50_ms.size()) > m_tuning.baseline_windows)
            m_recent_p50_ms.pop_front();
    }
    m_calls = 0;
    m_refused = 0;
    m_saturated = false;
    m_latency.reset();
    m_provider_latency.reset();
}

void AdaptiveConcurrency::decrease(const char *why, Clock::time_point now, double factor)
{
    m_slow_start = false;
    m_last_decrease = why;
    m_decreased_at = now;
    const int lower = int(std::floor(double(m_limit) * factor));
    m_limit = qMax(1, qMin(m_limit - 1, lower));
}

} // namespace herder::control
