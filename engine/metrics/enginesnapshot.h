#pragma once

#include <QJsonObject>
#include <QList>
#include <QMap>
#include <QMetaType>
#include <QString>

#include <optional>

namespace herder::metrics {

enum class EngineState { Starting = 1, Running, Paused, CircuitOpen, BudgetPaused, Storming, Stopping,
                         Stopped };
QString stateName(EngineState state);
/// The state stateName() names; nullopt for a name it never gives.
std::optional<EngineState> stateFromName(const QString &name);

struct Percentiles
{
    double p50_ms = 0;
    double p95_ms = 0;
    double p99_ms = 0;
    double max_ms = 0;
    QJsonObject toJson() const;
    static Percentiles fromJson(const QJsonObject &json);
};

/// A latency histogram the way Prometheus exposes it: cumulative counts at fixed upper bounds
/// (the +Inf bucket is `count`). Filled at snapshot time, so the hot path pays nothing.
struct HistogramCounts
{
    QList<double> upper_bounds_s; ///< ascending
    QList<quint64> cumulative;    ///< observations at or below each bound
    quint64 count = 0;
    double sum_s = 0;
};

struct Rates
{
    double consumed_per_s = 0;
    double enriched_per_s = 0;
    double retried_per_s = 0;
    double dead_lettered_per_s = 0;
    double requests_per_s = 0;
    QJsonObject toJson() const;
    static Rates fromJson(const QJsonObject &json);
};

struct ModelStats
{
    QString model;
    quint64 requests = 0;
    quint64 errors = 0;
    QMap<QString, quint64> errors_by_class;
    qint64 input_tokens = 0;
    qint64 output_tokens = 0;
    bool tokens_estimated = false;
    double cost_usd = 0;
    quint64 cache_hits = 0;     ///< task answers served from the response cache
    double cache_saved_usd = 0; ///< what those answers cost when they were first paid
    Percentiles latency;
    HistogramCounts latency_histogram; ///< since start
    // The provider's rate limits as its latest answer's headers said; -1: not said.
    qint64 limit_requests = -1;
    qint64 remaining_requests = -1;
    qint64 limit_tokens = -1;
    qint64 remaining_tokens = -1;
    bool rateLimitsKnown() const { return remaining_requests >= 0 || remaining_tokens >= 0; }
    QJsonObject toJson() const;
    /// `model` is the key the entry had in "per_model"; the histogram is not in the JSON.
    static ModelStats fromJson(const QString &model, const QJsonObject &json);
};

struct PartitionStats
{
    QString topic;
    int partition = -1;
    qint64 committed = -1;
    qint64 high_watermark = -1;
    qint64 lag = -1;
    int pending = 0;
};

/// The engine's state as one immutable value, published about four times a second.
struct EngineSnapshot
{
    qint64 time_ms = 0;
    double elapsed_s = 0;
    EngineState state = EngineState::Starting;
    QString state_reason;
    bool simulated = false;

    quint64 consumed = 0;
    quint64 enriched = 0;
    quint64 retried = 0;
    quint64 dead_lettered = 0;
    quint64 invalid = 0;
    quint64 committed = 0; ///< messages whose offsets were committed
    int inflight_messages = 0;
    /// The most messages in flight at any moment since start: proves the high-water mark held.
    int inflight_messages_peak = 0;
    int inflight_requests = 0;
    int queued_requests = 0;
    int held_retries = 0;

    int concurrency_cap = 0;       ///< the operator's
    int effective_concurrency = 0; ///< the limiter's: the cap, or below it when adaptive
    bool adaptive = false;
    double rate_limit_per_s = 0;
    QString mode;
    int batch_size = 0;
    double budget_hourly_usd = 0; ///< the cost caps (0: none)
    double budget_daily_usd = 0;

    Rates rate_1s;
    Rates rate_10s;
    Percentiles end_to_end;       ///< last ~10 s
    Percentiles llm;              ///< last ~10 s
    Percentiles end_to_end_total; ///< since start
    Percentiles llm_total;
    HistogramCounts end_to_end_histogram; ///< since start, for /metrics
    double cost_usd = 0;
    quint64 cache_hits = 0;
    quint64 cache_misses = 0;
    double cache_saved_usd = 0;
    int cache_entries = 0;
    QList<ModelStats> models;
    QList<PartitionStats> partitions;

    /// The summary herder-engine writes at exit, and the ops API's status.
    QJsonObject toJson() const;
    /// The snapshot back from toJson(), for a console attached over the ops API. Lossless for
    /// everything the dashboard shows (latencies and rates to 1/1000, as toJson rounds them);
    /// the histograms are not in the JSON and come back empty, models sorted by name.
    /// Nullopt when `json` is not a snapshot (no known "state").
    static std::optional<EngineSnapshot> fromJson(const QJsonObject &json);
};

} // namespace herder::metrics

Q_DECLARE_METATYPE(herder::metrics::EngineSnapshot)
