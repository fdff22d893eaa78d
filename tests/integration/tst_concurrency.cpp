// Integration (f): the concurrency cap is real at the socket, and lowering it live takes hold.
#include "engineundertest.h"
#include "integrationenv.h"

#include <QTest>

using herder::metrics::EngineSnapshot;

class TestConcurrency : public QObject
{
    Q_OBJECT
private slots:
    void capIsRealAndLiveTunable();
};

void TestConcurrency::capIsRealAndLiveTunable()
{
    IntegrationEnv env;
    QString error;
    QVERIFY2(env.setUp({QStringLiteral("--latency-ms"), QStringLiteral("40"),
                        QStringLiteral("--jitter-ms"), QStringLiteral("0"),
                        QStringLiteral("--tail-probability"), QStringLiteral("0")},
                       &error),
             qPrintable(error));
    QVERIFY2(TestKafka::produce(env.source, IntegrationEnv::events(20000, 7), &error),
             qPrintable(error));

    env.settings.concurrency = 64;
    EngineUnderTest run(env.settings);
    const EngineSnapshot &last = run.last;
    run.start();

    // The simulator counts requests it holds: that is what is really on the wire.
    QTRY_VERIFY_WITH_TIMEOUT(env.sim.stats()[u"peak_in_flight"].toInt() >= 60, 60000);
    const int peakAt64 = env.sim.stats()[u"peak_in_flight"].toInt();
    QVERIFY2(peakAt64 <= 64, qPrintable(QString::number(peakAt64)));
    qInfo("peak in flight at the simulator with cap 64: %d", peakAt64);

    run.engine.applyLimits({.concurrency = 8});
    QTRY_VERIFY_WITH_TIMEOUT(last.concurrency_cap == 8 && last.inflight_requests <= 8, 10000);
    QTRY_VERIFY_WITH_TIMEOUT(env.sim.stats()[u"in_flight"].toInt() <= 8, 10000);
    QVERIFY(env.sim.resetStats());
    // Work keeps flowing at the lower cap, and never more than 8 at once.
    QTRY_VERIFY_WITH_TIMEOUT(env.sim.stats()[u"requests_total"].toInt() >= 200, 30000);
    const QJsonObject after = env.sim.stats();
    qInfo("after lowering the cap to 8: peak %d over %d requests",
          after[u"peak_in_flight"].toInt(), after[u"requests_total"].toInt());
    QVERIFY2(after[u"peak_in_flight"].toInt() <= 8,
             qPrintable(QString::number(after[u"peak_in_flight"].toInt())));
    QVERIFY(after[u"peak_in_flight"].toInt() >= 6); // the lower cap is still used fully

    QVERIFY(run.stop());
}

QTEST_GUILESS_MAIN(TestConcurrency)
#include "tst_concurrency.moc"
