#include "metrics/enginemetrics.h"

#include <QDateTime>

namespace herder::metrics {
namespace {
constexpr qint64 kWindowMs = 10000;

Percentiles percentiles(const LatencyHistogram &h)
{
    return {h.percentile(0.50), h.percentile(0.95), h.percentile(0.99), h.max()};
}
} // namespace

EngineMetrics::EngineMetrics()
{
    m_clock.start();
}

const QList<double> &EngineMetrics::histogramBounds_s()
{
    static const QList<double> bounds{0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5,
                                      1,     2.5,  5,     10,   30,  60};
    return bounds;
}

HistogramCounts EngineMetrics::histogramCounts(const LatencyHistogram &histogram)
{
    return {histogramBounds_s(), histogram.cumulativeCounts(histogramBounds_s()), histogram.count(),
            histogram.sum_ms() / 1000.0};
}

void EngineMetrics::recordCall(const QString &model, double latency_ms)
{
    m_models[model].latency.record(latency_ms);
    m_llm_total.record(latency_ms);
    m_llm_window[0].record(latency_ms);
}

void EngineMetrics::recordEndToEnd(double ms)
{
    m_e2e_total.record(ms);
    m_e2e_window[0].record(ms);
}

void EngineMetrics::rotateWindows(qint64 now_ms)
{
    if (now_ms - m_window_started_ms < kWindowMs)
        return;
    m_window_started_ms = now_ms;
    m_e2e_window[1] = m_e2e_window[0];
    m_llm_window[1] = m_llm_window[0];
    m_e2e_window[0].reset();
    m_llm_window[0].reset();
}

Rates EngineMetrics::rateBetween(const Sample &from, const Sample &to) const
{
    const double dt = double(to.t_ms - from.t_ms) / 1000.0;
    if (dt <= 0)
        return {};
    return {double(to.consumed - from.consumed) / dt, double(to.enriched - from.enriched) / dt,
            double(to.retried - from.retried) / dt,
            double(to.dead_lettered - from.dead_lettered) / dt,
            double(to.requests - from.requests) / dt};
}

void EngineMetrics::fill(EngineSnapshot &s)
{
    const qint64 now_ms = m_clock.elapsed();
    rotateWindows(now_ms);
    const Sample current{now_ms, consumed, enriched, retried, dead_lettered, requests};
    m_samples.push_back(current);
    while (m_samples.size() > 2 && now_ms - m_samples[1].t_ms >= kWindowMs)
        m_samples.pop_front();
    auto olderThan = [&](qint64 age_ms) {
        for (auto it = m_samples.rbegin(); it != m_samples.rend(); ++it)
            if (now_ms - it->t_ms >= age_ms)
                return *it;
        return m_samples.front();
    };
    s.rate_1s = rateBetween(olderThan(1000), current);
    s.rate_10s = rateBetween(m_samples.front(), current);

    s.time_ms = QDateTime::currentMSecsSinceEpoch();
    s.elapsed_s = double(now_ms) / 1000.0;
    s.consumed = consumed;
    s.enriched = enriched;
    s.retried = retried;
    s.dead_lettered = dead_lettered;
    s.invalid = invalid;
    s.committed = committed;
    s.cost_usd = cost_usd;
    s.cache_hits = cache_hits;
    s.cache_misses = cache_misses;
    s.cache_saved_usd = cache_saved_usd;

    LatencyHistogram e2e = m_e2e_window[0], llm = m_llm_window[0];
    e2e.merge(m_e2e_window[1]);
    llm.merge(m_llm_window[1]);
    s.end_to_end = percentiles(e2e);
    s.llm = percentiles(llm);
    s.end_to_end_total = percentiles(m_e2e_total);
    s.llm_total = percentiles(m_llm_total);
    s.end_to_end_histogram = histogramCounts(m_e2e_total);

    s.models.clear();
    for (auto it = m_models.cbegin(); it != m_models.cend(); ++it) {
        const Model &m = it.value();
        s.models.append({it.key(), m.requests, m.errors, m.errors_by_class, m.input_tokens,
                         m.output_tokens, m.estimated, m.cost_usd, m.cache_hits,
                         m.cache_saved_usd, percentiles(m.latency), histogramCounts(m.latency),
                         m.limit_requests, m.remaining_requests, m.limit_tokens,
                         m.remaining_tokens});
    }
    std::sort(s.models.begin(), s.models.end(),
              [](const ModelStats &a, const ModelStats &b) { return a.model < b.model; });
}

} // namespace herder::metrics
