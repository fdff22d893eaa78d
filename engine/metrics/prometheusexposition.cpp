#include "metrics/prometheusexposition.h"

#include "metrics/prometheuswriter.h"

namespace herder::metrics {

QByteArray PrometheusExposition::render(const EngineSnapshot &s)
{
    PrometheusWriter w;
    using Labels = PrometheusWriter::Labels;

    w.family("herder_messages_total", "counter", "Messages by outcome since the engine started.");
    const std::pair<const char *, quint64> outcomes[] = {{"consumed", s.consumed},
                                                         {"enriched", s.enriched},
                                                         {"retried", s.retried},
                                                         {"dead_lettered", s.dead_lettered},
                                                         {"invalid", s.invalid}};
    for (const auto &[outcome, count] : outcomes)
        w.sample("herder_messages_total", {{"outcome", QString::fromLatin1(outcome)}}, count);

    w.family("herder_llm_requests_total", "counter",
             "LLM requests by model and status: ok, or the error class of a failed one.");
    for (const ModelStats &m : s.models) {
        quint64 failed = 0;
        for (const quint64 n : m.errors_by_class)
            failed += n;
        w.sample("herder_llm_requests_total",
                 {{"model", m.model}, {"status", QStringLiteral("ok")}},
                 m.requests > failed ? m.requests - failed : 0);
        for (auto it = m.errors_by_class.cbegin(); it != m.errors_by_class.cend(); ++it)
            w.sample("herder_llm_requests_total", {{"model", m.model}, {"status", it.key()}},
                     it.value());
    }

    w.family("herder_llm_tokens_total", "counter",
             "LLM tokens by model and kind, as the provider reported them (or estimated).");
    for (const ModelStats &m : s.models) {
        w.sample("herder_llm_tokens_total", {{"model", m.model}, {"kind", QStringLiteral("input")}},
                 quint64(qMax<qint64>(0, m.input_tokens)));
        w.sample("herder_llm_tokens_total",
                 {{"model", m.model}, {"kind", QStringLiteral("output")}},
                 quint64(qMax<qint64>(0, m.output_tokens)));
    }

    w.family("herder_llm_cost_usd_total", "counter", "LLM cost in US dollars by model.");
    for (const ModelStats &m : s.models)
        w.sample("herder_llm_cost_usd_total", {{"model", m.model}}, m.cost_usd);

    // Only for models whose provider sends rate-limit headers (DeepSeek and vLLM send none).
    const auto perKind = [&](const char *family, const char *help, qint64 ModelStats::*requests,
                             qint64 ModelStats::*tokens) {
        w.family(family, "gauge", help);
        for (const ModelStats &m : s.models)
            for (const auto &[kind, value] :
                 {std::pair{"requests", m.*requests}, std::pair{"tokens", m.*tokens}})
                if (value >= 0)
                    w.sample(family, {{"model", m.model}, {"kind", QString::fromLatin1(kind)}},
                             quint64(value));
    };
    perKind("herder_llm_ratelimit_remaining",
            "Requests and tokens the provider had left for the model at its latest answer, as "
            "its x-ratelimit-remaining-* headers said.",
            &ModelStats::remaining_requests, &ModelStats::remaining_tokens);
    perKind("herder_llm_ratelimit_limit",
            "The provider's request and token limits for the model, as its x-ratelimit-limit-* "
            "headers said.",
            &ModelStats::limit_requests, &ModelStats::limit_tokens);

    w.family("herder_cache_hits_total", "counter",
             "Task answers served from the response cache instead of an LLM call, by model.");
    for (const ModelStats &m : s.models)
        w.sample("herder_cache_hits_total", {{"model", m.model}}, m.cache_hits);

    w.family("herder_cache_saved_usd_total", "counter",
             "What the cached answers cost when they were first paid, in US dollars, by model.");
    for (const ModelStats &m : s.models)
        w.sample("herder_cache_saved_usd_total", {{"model", m.model}}, m.cache_saved_usd);

    w.family("herder_end_to_end_latency_seconds", "histogram",
             "From the event's Kafka timestamp to its enriched output being acknowledged.");
    w.histogram("herder_end_to_end_latency_seconds", {}, s.end_to_end_histogram);

    w.family("herder_llm_latency_seconds", "histogram", "LLM call latency by model.");
    for (const ModelStats &m : s.models)
        w.histogram("herder_llm_latency_seconds", {{"model", m.model}}, m.latency_histogram);

    w.family("herder_consumer_lag", "gauge",
             "Messages between the committed offset and the high watermark, per assigned "
             "partition.");
    for (const PartitionStats &p : s.partitions)
        if (p.lag >= 0)
            w.sample("herder_consumer_lag",
                     Labels{{"topic", p.topic}, {"partition", QString::number(p.partition)}},
                     quint64(p.lag));

    w.family("herder_inflight_requests", "gauge", "LLM requests on the wire now.");
    w.sample("herder_inflight_requests", {}, quint64(qMax(0, s.inflight_requests)));
    w.family("herder_inflight_messages", "gauge",
             "Messages consumed and not yet settled (written or dead-lettered) now.");
    w.sample("herder_inflight_messages", {}, quint64(qMax(0, s.inflight_messages)));
    w.family("herder_inflight_messages_peak", "gauge",
             "Most messages in flight at once since the engine started.");
    w.sample("herder_inflight_messages_peak", {}, quint64(qMax(0, s.inflight_messages_peak)));

    w.family("herder_state", "gauge",
             "The engine's state: 1 for the current one, 0 for the others.");
    for (int i = int(EngineState::Starting); i <= int(EngineState::Stopped); ++i) {
        const auto state = EngineState(i);
        w.sample("herder_state", {{"state", stateName(state)}}, quint64(state == s.state ? 1 : 0));
    }
    return w.text();
}

} // namespace herder::metrics
