// Budget guard on the real broker: a tiny hourly cap pauses consumption and holds the calls;
// nothing is dead-lettered, retried or committed past unfinished work for it, and raising the
// cap drains the backlog in full.
#include "engineundertest.h"
#include "integrationenv.h"

#include <QJsonDocument>
#include <QSet>
#include <QTest>

using herder::metrics::EngineSnapshot;
using herder::metrics::EngineState;

namespace {

constexpr int kEvents = 300;
constexpr int kConcurrency = 8;
constexpr double kHourlyCapUsd = 0.02; // about 40 of the 300 messages at the seed's prices
// The calls on the wire when the cap is reached still cost: at most one each, and one call
// here costs well under a tenth of a cent (a few hundred tokens at $2.50/MTok at most).
constexpr double kOvershootUsd = kConcurrency * 0.001;

} // namespace

class TestBudget : public QObject
{
    Q_OBJECT
private slots:
    void capPausesAndRaisingItDrains();
};

void TestBudget::capPausesAndRaisingItDrains()
{
    IntegrationEnv env;
    QString error;
    QVERIFY2(env.setUp({QStringLiteral("--latency-ms"), QStringLiteral("20"),
                        QStringLiteral("--jitter-ms"), QStringLiteral("5"),
                        QStringLiteral("--tail-probability"), QStringLiteral("0")},
                       &error),
             qPrintable(error));
    const QList<TestKafka::Record> inputs = IntegrationEnv::events(kEvents, 77);
    QVERIFY2(TestKafka::produce(env.source, inputs, &error), qPrintable(error));
    QSet<QString> inputIds;
    for (const auto &in : inputs)
        inputIds.insert(QJsonDocument::fromJson(in.value).object()[u"id"].toString());

    env.settings.concurrency = kConcurrency;
    env.settings.max_inflight_messages = 50;
    env.settings.budget_hourly_usd = kHourlyCapUsd;
    EngineUnderTest run(env.settings);
    const EngineSnapshot &last = run.last;
    QSignalSpy snapshots(&run.engine, &herder::Engine::snapshotReady);
    run.start();

    // The cap is reached, and the engine says which and how much.
    QTRY_VERIFY_WITH_TIMEOUT(last.state == EngineState::BudgetPaused || !run.failed.isEmpty(),
                             60000);
    QVERIFY2(run.failed.isEmpty(), qPrintable(run.failure()));
    QVERIFY2(last.state_reason.startsWith(u"hourly budget of $0.02 reached"),
             qPrintable(last.state_reason));
    QTRY_COMPARE_WITH_TIMEOUT(last.inflight_requests, 0, 30000);
    const double costAtPause = last.cost_usd;
    QVERIFY2(costAtPause >= kHourlyCapUsd && costAtPause <= kHourlyCapUsd + kOvershootUsd,
             qPrintable(QString::number(costAtPause)));

    // While paused: no call goes out, nothing more is consumed, nothing is dead-lettered.
    const qint64 requestsAtPause = env.sim.stats()[u"requests_total"].toInteger();
    const quint64 consumedAtPause = last.consumed;
    const qsizetype seen = snapshots.size();
    QTRY_VERIFY_WITH_TIMEOUT(snapshots.size() >= seen + 8, 10000); // two seconds of snapshots
    QCOMPARE(last.state, EngineState::BudgetPaused);
    QCOMPARE(env.sim.stats()[u"requests_total"].toInteger(), requestsAtPause);
    QCOMPARE(last.consumed, consumedAtPause);
    QCOMPARE(last.cost_usd, costAtPause);
    QVERIFY2(last.consumed < quint64(kEvents), qPrintable(QString::number(last.consumed)));
    QVERIFY(last.enriched < last.consumed); // some wait, unanswered, in memory
    QCOMPARE(last.dead_lettered, quint64(0));
    QCOMPARE(last.retried, quint64(0));
    QCOMPARE(TestKafka::endOffsetSum(env.dlq, env.partitions), qint64(0));
    QCOMPARE(TestKafka::endOffsetSum(env.retry, env.partitions), qint64(0));
    QVERIFY(TestKafka::committedSum(env.group, env.source, env.partitions) <=
            TestKafka::endOffsetSum(env.output, env.partitions));
    qInfo("paused at $%.4f after %llu of %d messages, %lld requests", costAtPause,
          consumedAtPause, kEvents, requestsAtPause);

    // The operator raises the cap: the backlog drains in full.
    run.engine.applyLimits({.budget_hourly_usd = 1000, .budget_daily_usd = 0});
    QTRY_VERIFY_WITH_TIMEOUT(
        (last.enriched == quint64(kEvents) && last.inflight_messages == 0) || !run.failed.isEmpty(),
        60000);
    QCOMPARE(last.state, EngineState::Running);
    QVERIFY(last.state_reason.isEmpty());
    QVERIFY(run.stop());
    QCOMPARE(last.consumed, quint64(kEvents));
    QCOMPARE(last.dead_lettered, quint64(0));

    const QList<TestKafka::Record> outputs = TestKafka::readAll(env.output, kEvents, 60000);
    QCOMPARE(outputs.size(), kEvents);
    QSet<QString> ids;
    for (const auto &out : outputs)
        ids.insert(QJsonDocument::fromJson(out.value).object()[u"id"].toString());
    QCOMPARE(ids, inputIds);
    QCOMPARE(TestKafka::endOffsetSum(env.dlq, env.partitions), qint64(0));
    QCOMPARE(TestKafka::committedSum(env.group, env.source, env.partitions), qint64(kEvents));
}

QTEST_GUILESS_MAIN(TestBudget)
#include "tst_budget.moc"
