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
    case EngineState::Storming:
        return QStringLiteral("storming");
    case EngineState::Stopping:
        return QStringLiteral("stopping");
    case EngineState::Stopped:
        return QStringLiteral("stopped");
    }
    return {};
}

std::optional<EngineState> stateFromName(const QString &name)
{
    for (int s = int(EngineState::Starting); s <= int(EngineState::Stopped); ++s)
        if (stateName(EngineState(s)) == name)
            return EngineState(s);
    return std::nullopt;
}

QJsonObject Percentiles::toJson() const
{
    return {{QStringLiteral("p50"), round3(p50_ms)},
            {QStringLiteral("p95"), round3(p95_ms)},
            {QStringLiteral("p99"), round3(p99_ms)},
            {QStringLiteral("max"), round3(max_ms)}};
}

Percentiles Percentiles::fromJson(const QJsonObject &json)
{
    return {json[u"p50"].toDouble(), json[u"p95"].toDouble(), json[u"p99"].toDouble(),
            json[u"max"].toDouble()};
}

QJsonObject Rates::toJson() const
{
    return {{QStringLiteral("consumed_per_s"), round3(consumed_per_s)},
            {QStringLiteral("enriched_per_s"), round3(enriched_per_s)},
            {QStringLiteral("retried_per_s"), round3(retried_per_s)},
            {QStringLiteral("dead_lettered_per_s"), round3(dead_lettered_per_s)},
            {QStringLiteral("requests_per_s"), round3(requests_per_s)}};
}

Rates Rates::fromJson(const QJsonObject &json)
{
    Rates r;
    r.consumed_per_s = json[u"consumed_per_s"].toDouble();
    r.enriched_per_s = json[u"enriched_per_s"].toDouble();
    r.retried_per_s = json[u"retried_per_s"].toDouble();
    r.dead_lettered_per_s = json[u"dead_lettered_per_s"].toDouble();
    r.requests_per_s = json[u"requests_per_s"].toDouble();
    return r;
}

QJsonObject ModelStats::toJson() const
{
    QJsonObject errorsByClass;
    for (auto it = errors_by_class.cbegin(); it != errors_by_class.cend(); ++it)
        errorsByClass.insert(it.key(), qint64(it.value()));
    QJsonObject json{{QStringLiteral("requests"), qint64(requests)},
            {QStringLiteral("errors"), qint64(errors)},
            {QStringLiteral("errors_by_class"), errorsByClass},
            {QStringLiteral("input_tokens"), input_tokens},
            {QStringLiteral("output_tokens"), output_tokens},
            {QStringLiteral("tokens_estimated"), tokens_estimated},
            {QStringLiteral("cost_usd"), cost_usd},
            {QStringLiteral("cache_hits"), qint64(cache_hits)},
            {QStringLiteral("cache_saved_usd"), cache_saved_usd},
            {QStringLiteral("latency_ms"), latency.toJson()}};
    if (rateLimitsKnown())
        json.insert(QStringLiteral("rate_limits"),
                    QJsonObject{{QStringLiteral("limit_requests"), limit_requests},
                                {QStringLiteral("remaining_requests"), remaining_requests},
                                {QStringLiteral("limit_tokens"), limit_tokens},
                                {QStringLiteral("remaining_tokens"), remaining_tokens}});
    return json;
}

ModelStats ModelStats::fromJson(const QString &model, const QJsonObject &json)
{
    ModelStats m;
    m.model = model;
    m.requests = quint64(json[u"requests"].toInteger());
    m.errors = quint64(json[u"errors"].toInteger());
    const QJsonObject errorsByClass = json[u"errors_by_class"].toObject();
    for (auto it = errorsByClass.constBegin(); it != errorsByClass.constEnd(); ++it)
        m.errors_by_class.insert(it.key(), quint64(it.value().toInteger()));
    m.input_tokens = json[u"input_tokens"].toInteger();
    m.output_tokens = json[u"output_tokens"].toInteger();
    m.tokens_estimated = json[u"tokens_estimated"].toBool();
    m.cost_usd = json[u"cost_usd"].toDouble();
    m.latency = Percentiles::fromJson(json[u"latency_ms"].toObject());
    const QJsonObject limits = json[u"rate_limits"].toObject();
    m.limit_requests = limits[u"limit_requests"].toInteger(-1);
    m.remaining_requests = limits[u"remaining_requests"].toInteger(-1);
    m.limit_tokens = limits[u"limit_tokens"].toInteger(-1);
    m.remaining_tokens = limits[u"remaining_tokens"].toInteger(-1);
    return m;
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
        {QStringLiteral("time_ms"), time_ms},
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
        {QStringLiteral("inflight_messages_peak"), inflight_messages_peak},
        {QStringLiteral("inflight_requests"), inflight_requests},
        {QStringLiteral("queued_requests"), queued_requests},
        {QStringLiteral("held_retries"), held_retries},
        {QStringLiteral("concurrency"), concurrency_cap},
        {QStringLiteral("effective_concurrency"), effective_concurrency},
        {QStringLiteral("adaptive"), adaptive},
        {QStringLiteral("rate_per_s"), rate_limit_per_s},
        {QStringLiteral("mode"), mode},
        {QStringLiteral("batch_size"), batch_size},
        {QStringLiteral("budget_hourly_usd"), budget_hourly_usd},
        {QStringLiteral("budget_daily_usd"), budget_daily_usd},
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

std::optional<EngineSnapshot> EngineSnapshot::fromJson(const QJsonObject &json)
{
    const std::optional<EngineState> state = stateFromName(json[u"state"].toString());
    if (!state)
        return std::nullopt;
    EngineSnapshot s;
    s.time_ms = json[u"time_ms"].toInteger();
    s.state = *state;
    s.state_reason = json[u"state_reason"].toString();
    s.simulated = json[u"simulated"].toBool();
    s.consumed = quint64(json[u"consumed"].toInteger());
    s.enriched = quint64(json[u"enriched"].toInteger());
    s.retried = quint64(json[u"retried"].toInteger());
    s.dead_lettered = quint64(json[u"dead_lettered"].toInteger());
    s.invalid = quint64(json[u"invalid"].toInteger());
    s.committed = quint64(json[u"committed"].toInteger());
    s.inflight_messages = json[u"inflight_messages"].toInt();
    s.inflight_messages_peak = json[u"inflight_messages_peak"].toInt();
    s.inflight_requests = json[u"inflight_requests"].toInt();
    s.queued_requests = json[u"queued_requests"].toInt();
    s.held_retries = json[u"held_retries"].toInt();
    s.concurrency_cap = json[u"concurrency"].toInt();
    s.rate_limit_per_s = json[u"rate_per_s"].toDouble();
    s.mode = json[u"mode"].toString();
    s.batch_size = json[u"batch_size"].toInt();
    s.budget_hourly_usd = json[u"budget_hourly_usd"].toDouble();
    s.budget_daily_usd = json[u"budget_daily_usd"].toDouble();
    s.elapsed_s = json[u"elapsed_s"].toDouble();
    s.cost_usd = json[u"cost_usd"].toDouble();
    s.rate_1s = Rates::fromJson(json[u"rate_1s"].toObject());
    s.rate_10s = Rates::fromJson(json[u"rate_10s"].toObject());
    s.end_to_end_total = Percentiles::fromJson(json[u"latency_ms"].toObject());
    s.llm_total = Percentiles::fromJson(json[u"llm_latency_ms"].toObject());
    s.end_to_end = Percentiles::fromJson(json[u"recent_latency_ms"].toObject());
    s.llm = Percentiles::fromJson(json[u"recent_llm_latency_ms"].toObject());
    const QJsonObject perModel = json[u"per_model"].toObject();
    for (auto it = perModel.constBegin(); it != perModel.constEnd(); ++it)
        s.models.append(ModelStats::fromJson(it.key(), it.value().toObject()));
    for (const QJsonValue &v : json[u"partitions"].toArray()) {
        const QJsonObject p = v.toObject();
        PartitionStats ps;
        ps.topic = p[u"topic"].toString();
        ps.partition = p[u"partition"].toInt(-1);
        ps.committed = p[u"committed"].toInteger(-1);
        ps.high_watermark = p[u"high_watermark"].toInteger(-1);
        ps.lag = p[u"lag"].toInteger(-1);
        ps.pending = p[u"pending"].toInt();
        s.partitions.append(ps);
    }
    return s;
}

} // namespace herder::metrics
