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

bool AdaptiveConcurrency::record(const Outcome &outcome, Clock::time_point now)
{
    bool changed = false;
    const auto elapsed = now - m_window_start;
    // Slow start learns once per round trip rather than once per interval: at 40 ms a second
    // per doubling took 4 s from the first limit to a cap of 64, longer than many backlogs.
    const bool slow_start_done =
        m_slow_start && m_latency.count() >= quint64(m_tuning.min_samples) &&
        elapsed >= m_tuning.slow_start_min_interval &&
        elapsed >= std::chrono::duration<double, std::milli>(2 * outcome.latency_ms);
    if (elapsed >= m_tuning.interval || slow_start_done) {
        changed = closeWindow();
        m_window_start = now;
    }
    ++m_calls;
    if (outcome.rate_limited)
        ++m_rate_limited;
    if (outcome.answered)
        m_latency.record(outcome.latency_ms);
    m_saturated = m_saturated || outcome.saturated;
    return changed;
}

bool AdaptiveConcurrency::closeWindow()
{
    const int before = m_limit;
    const bool measured = m_latency.count() >= quint64(m_tuning.min_samples);
    const double p50_ms = measured ? m_latency.percentile(0.5) : 0;
    double baseline_ms = 0;
    if (!m_recent_p50_ms.empty())
        baseline_ms = *std::min_element(m_recent_p50_ms.begin(), m_recent_p50_ms.end());

    if (m_rate_limited > 0)
        decrease("429");
    else if (measured && baseline_ms > 0 && p50_ms > m_tuning.latency_factor * baseline_ms)
        decrease("latency");
    else if (m_calls > 0 && m_saturated)
        // Growing a limit that nothing pushed against would say nothing about the provider.
        m_limit = qMin(m_cap, m_slow_start ? m_limit * 2 : m_limit + 1);

    if (measured) {
        m_recent_p50_ms.push_back(p50_ms);
        while (int(m_recent_p50_ms.size()) > m_tuning.baseline_windows)
            m_recent_p50_ms.pop_front();
    }
    m_calls = 0;
    m_rate_limited = 0;
    m_saturated = false;
    m_latency.reset();
    return m_limit != before;
}

void AdaptiveConcurrency::decrease(const char *why)
{
    m_slow_start = false;
    m_last_decrease = why;
    const int lower = int(std::floor(double(m_limit) * m_tuning.decrease_factor));
    m_limit = qMax(1, qMin(m_limit - 1, lower));
}

} // namespace herder::control
