// Integration (c): a wrong API key opens the circuit instead of flooding the DLQ. Consumption
// pauses, nothing is committed past unprocessed work, the half-open probe costs one request per
// cool-down, and once the key works (fixed by the operator, or rotated at the provider) the
// backlog drains in full.
#include "engineundertest.h"
#include "integrationenv.h"

#include <QElapsedTimer>
#include <QJsonDocument>
#include <QTest>

using herder::metrics::EngineSnapshot;
using herder::config::AdaptiveMode;
using herder::config::ProcessingMode;
using herder::metrics::EngineState;

namespace {

constexpr int kEvents = 300;
constexpr int kMaxInflight = 50;
constexpr int kConcurrency = 16;
constexpr int kCooldownMs = 1000;
constexpr int kProbes = 4;

qint64 committedSum(const IntegrationEnv &env, const QByteArray &topic)
{
    return TestKafka::committedSum(env.group, topic, env.partitions);
}

} // namespace

class TestCircuit : public QObject
{
    Q_OBJECT
private slots:
    void wrongKeyPausesUntilOperatorSetsKey();
    void wrongKeyPausesUntilProviderAcceptsIt();
    void aRateLimitStormHoldsAndNeverOpensTheCircuit_data();
    void aRateLimitStormHoldsAndNeverOpensTheCircuit();

private:
    enum class Fix { OperatorSetsKey, ProviderRotatesKey };
    void run(Fix fix);
};

void TestCircuit::wrongKeyPausesUntilOperatorSetsKey()
{
    run(Fix::OperatorSetsKey);
}

void TestCircuit::wrongKeyPausesUntilProviderAcceptsIt()
{
    run(Fix::ProviderRotatesKey);
}

// A 429 storm is the provider's weather, not its death: in no mode, with or without adaptive
// concurrency, does it open the circuit. Calls and consumption hold (state "storming"), one
// probe goes after each hold of the provider's Retry-After, messages spend no attempts, and
// when the provider answers again everything is enriched: nothing dead-lettered, nothing
// retried through the topic.
void TestCircuit::aRateLimitStormHoldsAndNeverOpensTheCircuit_data()
{
    QTest::addColumn<ProcessingMode>("mode");
    QTest::addColumn<AdaptiveMode>("adaptive");
    QTest::newRow("per-task") << ProcessingMode::PerTask << AdaptiveMode::Auto;
    QTest::newRow("combined") << ProcessingMode::Combined << AdaptiveMode::Auto;
    QTest::newRow("batch") << ProcessingMode::Batch << AdaptiveMode::Auto;
    QTest::newRow("batch, adaptive on") << ProcessingMode::Batch << AdaptiveMode::On;
}

void TestCircuit::aRateLimitStormHoldsAndNeverOpensTheCircuit()
{
    QFETCH(ProcessingMode, mode);
    QFETCH(AdaptiveMode, adaptive);
    IntegrationEnv env;
    QString error;
    QVERIFY2(env.setUp({QStringLiteral("--latency-ms"), QStringLiteral("20"),
                        QStringLiteral("--jitter-ms"), QStringLiteral("5"),
                        QStringLiteral("--tail-probability"), QStringLiteral("0"),
                        QStringLiteral("--retry-after-s"), QStringLiteral("1")},
                       &error),
             qPrintable(error));
    QVERIFY(env.sim.setConfig({{QStringLiteral("rate_429"), 1.0}}));
    QVERIFY2(TestKafka::produce(env.source, IntegrationEnv::events(kEvents, 301), &error),
             qPrintable(error));

    env.settings.mode = mode;
    env.settings.batch_size = 8;
    env.settings.adaptive = adaptive;
    env.settings.max_inflight_messages = kMaxInflight;
    env.settings.concurrency = kConcurrency;
    env.settings.circuit_cooldown_ms = kCooldownMs;
    EngineUnderTest run(env.settings);
    const EngineSnapshot &last = run.last;
    run.start();

    QTRY_VERIFY_WITH_TIMEOUT(last.state == EngineState::Storming || !run.failed.isEmpty(), 30000);
    QVERIFY2(run.failed.isEmpty(), qPrintable(run.failure()));
    QVERIFY2(last.state_reason.startsWith(u"rate_limited since "), qPrintable(last.state_reason));
    // Held: a probe per hold (Retry-After 1 s), not a call per message. Three more probes.
    const qint64 at_storm = env.sim.stats()[u"requests_total"].toInteger();
    QTRY_VERIFY_WITH_TIMEOUT(env.sim.stats()[u"requests_total"].toInteger() >= at_storm + 3,
                             30000);
    QCOMPARE(last.state, EngineState::Storming);
    QCOMPARE(committedSum(env, env.source), qint64(0)); // nothing enriched, nothing committed
    QCOMPARE(last.dead_lettered, quint64(0));
    QVERIFY2(env.sim.stats()[u"requests_total"].toInteger() <= at_storm + 3 + kConcurrency,
             qPrintable(QString::number(env.sim.stats()[u"requests_total"].toInteger() - at_storm)));

    QVERIFY(env.sim.setConfig({{QStringLiteral("rate_429"), 0.0}}));
    QTRY_VERIFY_WITH_TIMEOUT(last.enriched >= quint64(kEvents) || !run.failed.isEmpty(), 60000);
    QTRY_COMPARE_WITH_TIMEOUT(committedSum(env, env.source),
                              TestKafka::endOffsetSum(env.source, env.partitions), 30000);
    QVERIFY(run.stop());
    QCOMPARE(run.circuit_open_snapshots, 0);
    QCOMPARE(last.enriched, quint64(kEvents));
    QCOMPARE(last.dead_lettered, quint64(0));
    QCOMPARE(TestKafka::endOffsetSum(env.dlq, env.partitions), qint64(0));
    // Only messages whose calls failed before the storm began (a run of ten) may have gone
    // through the retry topic.
    QVERIFY2(TestKafka::endOffsetSum(env.retry, env.partitions) <= 10,
             qPrintable(QString::number(TestKafka::endOffsetSum(env.retry, env.partitions))));
}

void TestCircuit::run(Fix fix)
{
    IntegrationEnv env;
    QString error;
    QVERIFY2(env.setUp({QStringLiteral("--latency-ms"), QStringLiteral("20"),
                        QStringLiteral("--jitter-ms"), QStringLiteral("5"),
                        QStringLiteral("--api-key"), QStringLiteral("good-key")},
                       &error),
             qPrintable(error));
    const QList<TestKafka::Record> inputs = IntegrationEnv::events(kEvents, 300);
    QVERIFY2(TestKafka::produce(env.source, inputs, &error), qPrintable(error));
    QSet<QString> inputIds;
    for (const auto &in : inputs)
        inputIds.insert(QJsonDocument::fromJson(in.value).object()[u"id"].toString());
    QCOMPARE(inputIds.size(), kEvents);

    env.settings.api_key = QStringLiteral("wrong-key");
    env.settings.max_inflight_messages = kMaxInflight;
    env.settings.concurrency = kConcurrency;
    env.settings.circuit_cooldown_ms = kCooldownMs;
    EngineUnderTest run(env.settings);
    const EngineSnapshot &last = run.last;
    run.start();

    // The first 401 opens the circuit, and says why.
    QTRY_VERIFY_WITH_TIMEOUT(last.state == EngineState::CircuitOpen || !run.failed.isEmpty(), 30000);
    QVERIFY2(run.failed.isEmpty(), qPrintable(run.failure()));
    QVERIFY2(last.state_reason.contains(u"auth") && last.state_reason.contains(u"401"),
             qPrintable(last.state_reason));

    // While it is open: the simulator sees one probe per cool-down, nothing more. The first
    // requests (at most the concurrency cap) were on the wire when the first 401 came back.
    QElapsedTimer clock;
    clock.start();
    const qint64 before = env.sim.stats()[u"requests_total"].toInteger();
    QVERIFY2(before >= 1 && before <= kConcurrency + 1, qPrintable(QString::number(before)));
    const quint64 consumedAtOpen = last.consumed;
    QVERIFY2(consumedAtOpen >= 1 && consumedAtOpen <= quint64(kMaxInflight),
             qPrintable(QString::number(consumedAtOpen)));
    qint64 now = before;
    QTRY_VERIFY_WITH_TIMEOUT((now = env.sim.stats()[u"requests_total"].toInteger()) >= before + kProbes,
                             10 * kCooldownMs * kProbes);
    const qint64 probeSpanMs = clock.elapsed();
    qInfo("circuit open: %lld requests before, %lld probes in %lld ms; %llu of %d consumed",
          before, now - before, probeSpanMs, last.consumed, kEvents);
    // kProbes probes, each after a cool-down counted from the previous probe's 401, span at
    // least kProbes - 1 cool-downs (QTimer may fire up to 5% early). Two requests per cool-down,
    // or an unthrottled engine, get there far sooner.
    QVERIFY2(probeSpanMs >= (kProbes - 1) * kCooldownMs * 9 / 10,
             qPrintable(QStringLiteral("%1 requests in %2 ms").arg(now - before).arg(probeSpanMs)));
    QVERIFY2(now <= before + kProbes + 1, qPrintable(QString::number(now - before)));
    // Every answer so far was a 401 (the latest probe may still be on its way back).
    const QJsonObject openStats = env.sim.stats();
    QCOMPARE(SimProcess::countWithStatus(openStats, QStringLiteral("401")) + openStats[u"in_flight"].toInteger(),
             openStats[u"requests_total"].toInteger());

    // Consumption paused well short of the backlog; nothing written, nothing committed.
    QCOMPARE(last.state, EngineState::CircuitOpen);
    QCOMPARE(last.consumed, consumedAtOpen);
    QCOMPARE(last.enriched, quint64(0));
    QCOMPARE(last.dead_lettered, quint64(0));
    QCOMPARE(last.retried, quint64(0));
    QCOMPARE(TestKafka::endOffsetSum(env.dlq, env.partitions), qint64(0));
    QCOMPARE(TestKafka::endOffsetSum(env.retry, env.partitions), qint64(0));
    QCOMPARE(TestKafka::endOffsetSum(env.output, env.partitions), qint64(0));
    QCOMPARE(committedSum(env, env.source), qint64(0));

    // The key starts working.
    if (fix == Fix::OperatorSetsKey)
        run.engine.setApiKey(QStringLiteral("good-key"));
    else
        QVERIFY(env.sim.setConfig({{QStringLiteral("api_key"), QStringLiteral("wrong-key")}}));
    QElapsedTimer drain;
    drain.start();
    QTRY_VERIFY_WITH_TIMEOUT((last.enriched == quint64(kEvents) && last.inflight_messages == 0) ||
                                 !run.failed.isEmpty(),
                             60000);
    QVERIFY(run.failed.isEmpty());
    qInfo("drained %d events in %.1f s after the key was fixed", kEvents,
          double(drain.elapsed()) / 1000.0);
    QCOMPARE(last.state, EngineState::Running);
    QVERIFY(last.state_reason.isEmpty());
    QVERIFY(run.stop());
    QCOMPARE(last.enriched, quint64(kEvents));
    QCOMPARE(last.consumed, quint64(kEvents));
    QCOMPARE(last.dead_lettered, quint64(0));

    // One output per input, nothing dead-lettered or retried, every offset committed.
    const QList<TestKafka::Record> outputs = TestKafka::readAll(env.output, kEvents, 60000);
    QCOMPARE(outputs.size(), kEvents);
    QSet<QString> seen;
    for (const auto &out : outputs) {
        const QJsonObject o = QJsonDocument::fromJson(out.value).object();
        const QString id = o[u"id"].toString();
        QVERIFY2(inputIds.contains(id), qPrintable(id));
        QVERIFY2(!seen.contains(id), qPrintable(QStringLiteral("duplicate output for ") + id));
        seen.insert(id);
        QCOMPARE(o[u"results"].toObject().size(), 2);
    }
    QCOMPARE(seen, inputIds);
    QCOMPARE(TestKafka::endOffsetSum(env.dlq, env.partitions), qint64(0));
    QCOMPARE(TestKafka::endOffsetSum(env.retry, env.partitions), qint64(0));
    QCOMPARE(committedSum(env, env.source), TestKafka::endOffsetSum(env.source, env.partitions));
    QCOMPARE(committedSum(env, env.source), qint64(kEvents));
}

QTEST_GUILESS_MAIN(TestCircuit)
#include "tst_circuit.moc"
