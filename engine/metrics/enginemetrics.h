#pragma once

#include "metrics/enginesnapshot.h"
#include "metrics/latencyhistogram.h"

#include <QElapsedTimer>
#include <QHash>

#include <deque>

namespace herder::metrics {

/// The engine thread's counters and histograms; plain fields because one thread owns them.
/// snapshot() turns them into an EngineSnapshot with rates derived from deltas.
class EngineMetrics
{
public:
    struct Model
    {
        quint64 requests = 0;
        quint64 errors = 0;
        QMap<QString, quint64> errors_by_class;
        qint64 input_tokens = 0;
        qint64 output_tokens = 0;
        bool estimated = false;
        double cost_usd = 0;
        quint64 cache_hits = 0;
        double cache_saved_usd = 0; ///< what the cached answers cost when they were paid
        LatencyHistogram latency;
        // As the provider's latest answer's rate-limit headers said; -1: not said.
        qint64 limit_requests = -1;
        qint64 remaining_requests = -1;
        qint64 limit_tokens = -1;
        qint64 remaining_tokens = -1;
    };

    EngineMetrics();

    quint64 consumed = 0;
    quint64 enriched = 0;
    quint64 retried = 0;
    quint64 dead_lettered = 0;
    quint64 invalid = 0;
    quint64 committed = 0;
    quint64 requests = 0;
    double cost_usd = 0;
    quint64 cache_hits = 0;   ///< task answers taken from the response cache
    quint64 cache_misses = 0; ///< task answers looked up there and not found
    double cache_saved_usd = 0;

    Model &model(const QString &name) { return m_models[name]; }
    void recordCall(const QString &model, double latency_ms);
    void recordEndToEnd(double ms);

    /// Fills counters, rates, latencies and per-model figures; the caller adds the rest.
    void fill(EngineSnapshot &snapshot);

    /// The upper bounds (seconds) of the exported latency histograms: Prometheus' defaults,
    /// stretched to a minute because LLM calls can take that long.
    static const QList<double> &histogramBounds_s();
    static HistogramCounts histogramCounts(const LatencyHistogram &histogram);

private:
    struct Sample
    {
        qint64 t_ms;
        quint64 consumed, enriched, retried, dead_lettered, requests;
    };
    Rates rateBetween(const Sample &from, const Sample &to) const;
    void rotateWindows(qint64 now_ms);

    QElapsedTimer m_clock;
    QHash<QString, Model> m_models;
    LatencyHistogram m_e2e_total, m_llm_total;
    // Recent percentiles come from the current and the previous 10 s window merged.
    LatencyHistogram m_e2e_window[2], m_llm_window[2];
    qint64 m_window_started_ms = 0;
    std::deque<Sample> m_samples;
};

} // namespace herder::metrics
