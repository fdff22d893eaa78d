// EngineSnapshot::toJson -> fromJson is what an attached console sees of a remote engine: every
// field the dashboard shows must come back equal (latencies and rates to 1/1000, the precision
// toJson keeps), through real JSON text as the ops API sends it.
#include "metrics/enginesnapshot.h"

#include <QJsonDocument>
#include <QtTest>

using namespace herder::metrics;

namespace {

Percentiles percentiles(double base)
{
    return {base, base * 2 + 0.125, base * 3 + 0.5, base * 10 + 0.375};
}

Rates rates(double base)
{
    return {base, base - 1.5, 0.25, 0.125, base * 2};
}

ModelStats model(const QString &name, quint64 requests)
{
    ModelStats m;
    m.model = name;
    m.requests = requests;
    m.errors = 7;
    m.errors_by_class = {{QStringLiteral("timeout"), 4}, {QStringLiteral("rate_limited"), 3}};
    m.input_tokens = 123456789;
    m.output_tokens = 4567;
    m.tokens_estimated = true;
    m.cost_usd = 12.345678;
    m.latency = percentiles(41.5);
    return m;
}

EngineSnapshot sample()
{
    EngineSnapshot s;
    s.time_ms = 1796284800123;
    s.elapsed_s = 3600.25;
    s.state = EngineState::CircuitOpen;
    s.state_reason = QStringLiteral("401 invalid_api_key from gpt-4o-mini");
    s.simulated = true;
    s.consumed = 9007199254740000ULL; // near 2^53: JSON numbers are doubles
    s.enriched = 123456;
    s.retried = 321;
    s.dead_lettered = 17;
    s.invalid = 5;
    s.committed = 123400;
    s.inflight_messages = 88;
    s.inflight_messages_peak = 2000;
    s.inflight_requests = 64;
    s.queued_requests = 12;
    s.held_retries = 3;
    s.concurrency_cap = 64;
    s.rate_limit_per_s = 12.5;
    s.mode = QStringLiteral("per-task");
    s.batch_size = 8;
    s.rate_1s = rates(210.5);
    s.rate_10s = rates(198.25);
    s.end_to_end = percentiles(120.5);
    s.llm = percentiles(42.25);
    s.end_to_end_total = percentiles(130.75);
    s.llm_total = percentiles(43.125);
    s.cost_usd = 98.7654321;
    s.models = {model(QStringLiteral("deepseek-chat"), 100),
                model(QStringLiteral("gpt-4o-mini"), 200)};
    s.partitions = {{QStringLiteral("ai-events"), 0, 1000, 1200, 200, 4},
                    {QStringLiteral("ai-events-retry"), 11, -1, 0, -1, 0}};
    return s;
}

void comparePercentiles(const Percentiles &a, const Percentiles &b)
{
    QCOMPARE(a.p50_ms, b.p50_ms);
    QCOMPARE(a.p95_ms, b.p95_ms);
    QCOMPARE(a.p99_ms, b.p99_ms);
    QCOMPARE(a.max_ms, b.max_ms);
}

void compareRates(const Rates &a, const Rates &b)
{
    QCOMPARE(a.consumed_per_s, b.consumed_per_s);
    QCOMPARE(a.enriched_per_s, b.enriched_per_s);
    QCOMPARE(a.retried_per_s, b.retried_per_s);
    QCOMPARE(a.dead_lettered_per_s, b.dead_lettered_per_s);
    QCOMPARE(a.requests_per_s, b.requests_per_s);
}

} // namespace

class TestSnapshotJson : public QObject
{
    Q_OBJECT
private slots:
    void roundTripKeepsEveryShownField();
    void everyStateRoundTrips();
    void notASnapshotIsRefused();
};

void TestSnapshotJson::roundTripKeepsEveryShownField()
{
    const EngineSnapshot in = sample();
    // Through text, as the ops API sends it.
    const QByteArray wire = QJsonDocument(in.toJson()).toJson(QJsonDocument::Compact);
    const std::optional<EngineSnapshot> parsed =
        EngineSnapshot::fromJson(QJsonDocument::fromJson(wire).object());
    QVERIFY(parsed);
    const EngineSnapshot &out = *parsed;

    QCOMPARE(out.time_ms, in.time_ms);
    QCOMPARE(out.elapsed_s, in.elapsed_s);
    QCOMPARE(out.state, in.state);
    QCOMPARE(out.state_reason, in.state_reason);
    QCOMPARE(out.simulated, in.simulated);
    QCOMPARE(out.consumed, in.consumed);
    QCOMPARE(out.enriched, in.enriched);
    QCOMPARE(out.retried, in.retried);
    QCOMPARE(out.dead_lettered, in.dead_lettered);
    QCOMPARE(out.invalid, in.invalid);
    QCOMPARE(out.committed, in.committed);
    QCOMPARE(out.inflight_messages, in.inflight_messages);
    QCOMPARE(out.inflight_messages_peak, in.inflight_messages_peak);
    QCOMPARE(out.inflight_requests, in.inflight_requests);
    QCOMPARE(out.queued_requests, in.queued_requests);
    QCOMPARE(out.held_retries, in.held_retries);
    QCOMPARE(out.concurrency_cap, in.concurrency_cap);
    QCOMPARE(out.rate_limit_per_s, in.rate_limit_per_s);
    QCOMPARE(out.mode, in.mode);
    QCOMPARE(out.batch_size, in.batch_size);
    QCOMPARE(out.cost_usd, in.cost_usd);
    compareRates(out.rate_1s, in.rate_1s);
    compareRates(out.rate_10s, in.rate_10s);
    comparePercentiles(out.end_to_end, in.end_to_end);
    comparePercentiles(out.llm, in.llm);
    comparePercentiles(out.end_to_end_total, in.end_to_end_total);
    comparePercentiles(out.llm_total, in.llm_total);

    QCOMPARE(out.models.size(), in.models.size());
    for (qsizetype i = 0; i < in.models.size(); ++i) {
        const ModelStats &a = out.models[i];
        const ModelStats &b = in.models[i];
        QCOMPARE(a.model, b.model);
        QCOMPARE(a.requests, b.requests);
        QCOMPARE(a.errors, b.errors);
        QCOMPARE(a.errors_by_class, b.errors_by_class);
        QCOMPARE(a.input_tokens, b.input_tokens);
        QCOMPARE(a.output_tokens, b.output_tokens);
        QCOMPARE(a.tokens_estimated, b.tokens_estimated);
        QCOMPARE(a.cost_usd, b.cost_usd);
        comparePercentiles(a.latency, b.latency);
    }
    QCOMPARE(out.partitions.size(), in.partitions.size());
    for (qsizetype i = 0; i < in.partitions.size(); ++i) {
        const PartitionStats &a = out.partitions[i];
        const PartitionStats &b = in.partitions[i];
        QCOMPARE(a.topic, b.topic);
        QCOMPARE(a.partition, b.partition);
        QCOMPARE(a.committed, b.committed);
        QCOMPARE(a.high_watermark, b.high_watermark);
        QCOMPARE(a.lag, b.lag);
        QCOMPARE(a.pending, b.pending);
    }
    // And the JSON of the copy is the JSON of the original: nothing else was dropped.
    QCOMPARE(out.toJson(), in.toJson());
}

void TestSnapshotJson::everyStateRoundTrips()
{
    for (int s = int(EngineState::Starting); s <= int(EngineState::Stopped); ++s) {
        EngineSnapshot in;
        in.state = EngineState(s);
        const std::optional<EngineSnapshot> out = EngineSnapshot::fromJson(in.toJson());
        QVERIFY(out);
        QCOMPARE(out->state, in.state);
    }
}

void TestSnapshotJson::notASnapshotIsRefused()
{
    QVERIFY(!EngineSnapshot::fromJson({}));
    QVERIFY(!EngineSnapshot::fromJson({{QStringLiteral("error"), QStringLiteral("nope")}}));
    QVERIFY(!EngineSnapshot::fromJson({{QStringLiteral("state"), QStringLiteral("sleeping")}}));
}

QTEST_GUILESS_MAIN(TestSnapshotJson)
#include "tst_snapshotjson.moc"
