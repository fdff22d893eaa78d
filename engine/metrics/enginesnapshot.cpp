#include "metrics/enginesnapshot.h"

#include <QJsonArray>

#include <cmath>

namespace herder::metrics {
namespace {
double round3(double v)
{
    return std::round(v * 1000.0) / 1000.0;
}
} // namespace

QString stateName(EngineState state)
{
    switch (state) {
    case EngineState::Starting:
        return QStringLiteral("starting");
    case EngineState::Running:
        return QStringLiteral("running");
    case EngineState::Paused:
        return QStringLiteral("paused");
    case EngineState::CircuitOpen:
        return QStringLiteral("circuit-open");
    case EngineState::BudgetPaused:
        return QStringLiteral("budget-paused");
    case EngineState::Stopping:
        return QStringLiteral("stopping");
    case EngineState::Stopped:
        return QStringLiteral("stopped");
    }
    return {};
}

QJsonObject Percentiles::toJson() const
{
    return {{QStringLiteral("p50"), round3(p50_ms)},
            {QStringLiteral("p95"), round3(p95_ms)},
            {QStringLiteral("p99"), round3(p99_ms)},
            {QStringLiteral("max"), round3(max_ms)}};
}

QJsonObject Rates::toJson() const
{
    return {{QStringLiteral("consumed_per_s"), round3(consumed_per_s)},
            {QStringLiteral("enriched_per_s"), round3(enriched_per_s)},
            {QStringLiteral("retried_per_s"), round3(retried_per_s)},
            {QStringLiteral("dead_lettered_per_s"), round3(dead_lettered_per_s)},
            {QStringLiteral("requests_per_s"), round3(requests_per_s)}};
}

QJsonObject ModelStats::toJson() const
{
    QJsonObject errorsByClass;
    for (auto it = errors_by_class.cbegin(); it != errors_by_class.cend(); ++it)
        errorsByClass.insert(it.key(), qint64(it.value()));
    return {{QStringLiteral("requests"), qint64(requests)},
            {QStringLiteral("errors"), qint64(errors)},
            {QStringLiteral("errors_by_class"), errorsByClass},
            {QStringLiteral("input_tokens"), input_tokens},
            {QStringLiteral("output_tokens"), output_tokens},
            {QStringLiteral("tokens_estimated"), tokens_estimated},
            {QStringLiteral("cost_usd"), cost_usd},
            {QStringLiteral("cache_hits"), qint64(cache_hits)},
            {QStringLiteral("cache_saved_usd"), cache_saved_usd},
            {QStringLiteral("latency_ms"), latency.toJson()}};
}

QJsonObject EngineSnapshot::toJson() const
{
    QJsonObject perModel;
    for (const ModelStats &m : models)
        perModel.insert(m.model, m.toJson());
    QJsonArray parts;
    for (const PartitionStats &p : partitions)
        parts.append(QJsonObject{{QStringLiteral("topic"), p.topic},
                                 {QStringLiteral("partition"), p.partition},
                                 {QStringLiteral("committed"), p.committed},
                                 {QStringLiteral("high_watermark"), p.high_watermark},
                                 {QStringLiteral("lag"), p.lag},
                                 {QStringLiteral("pending"), p.pending}});
    return {
        {QStringLiteral("state"), stateName(state)},
        {QStringLiteral("state_reason"), state_reason},
        {QStringLiteral("simulated"), simulated},
        {QStringLiteral("consumed"), qint64(consumed)},
        {QStringLiteral("enriched"), qint64(enriched)},
        {QStringLiteral("retried"), qint64(retried)},
        {QStringLiteral("dead_lettered"), qint64(dead_lettered)},
        {QStringLiteral("invalid"), qint64(invalid)},
        {QStringLiteral("committed"), qint64(committed)},
        {QStringLiteral("inflight_messages"), inflight_messages},
        {QStringLiteral("inflight_requests"), inflight_requests},
        {QStringLiteral("queued_requests"), queued_requests},
        {QStringLiteral("held_retries"), held_retries},
        {QStringLiteral("concurrency"), concurrency_cap},
        {QStringLiteral("effective_concurrency"), effective_concurrency},
        {QStringLiteral("adaptive"), adaptive},
        {QStringLiteral("rate_per_s"), rate_limit_per_s},
        {QStringLiteral("mode"), mode},
        {QStringLiteral("batch_size"), batch_size},
        {QStringLiteral("elapsed_s"), round3(elapsed_s)},
        {QStringLiteral("cost_usd"), cost_usd},
        {QStringLiteral("cache_hits"), qint64(cache_hits)},
        {QStringLiteral("cache_misses"), qint64(cache_misses)},
        {QStringLiteral("cache_saved_usd"), cache_saved_usd},
        {QStringLiteral("cache_entries"), cache_entries},
        {QStringLiteral("rate_1s"), rate_1s.toJson()},
        {QStringLiteral("rate_10s"), rate_10s.toJson()},
        {QStringLiteral("latency_ms"), end_to_end_total.toJson()},
        {QStringLiteral("llm_latency_ms"), llm_total.toJson()},
        {QStringLiteral("recent_latency_ms"), end_to_end.toJson()},
        {QStringLiteral("recent_llm_latency_ms"), llm.toJson()},
        {QStringLiteral("per_model"), perModel},
        {QStringLiteral("partitions"), parts},
    };
}

} // namespace herder::metrics
