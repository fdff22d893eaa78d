// Scale-out: two real herder-engine processes in one consumer group share a 6-partition topic;
// one is stopped gracefully mid-run and the survivor takes over its partitions (seen in its
// /api/v1/status). Every input ends enriched or dead-lettered, none lost, matched by source
// topic/partition/offset.
#include "engineprocess.h"
#include "integrationenv.h"
#include "opsclient.h"

#include <QElapsedTimer>
#include <QFile>
#include <QHash>
#include <QJsonDocument>
#include <QScopeGuard>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>

namespace {

const QByteArray kToken = QByteArrayLiteral("scale-out-token");

QByteArray position(qint64 partition, qint64 offset)
{
    return QByteArray::number(partition) + '/' + QByteArray::number(offset);
}

} // namespace

class TestScaleOut : public QObject
{
    Q_OBJECT
private slots:
    void twoEnginesShareAndHandOver();
};

void TestScaleOut::twoEnginesShareAndHandOver()
{
    constexpr int kEvents = 3000;
    IntegrationEnv env;
    QString error;
    QVERIFY2(env.setUp({QStringLiteral("--latency-ms"), QStringLiteral("20"),
                        QStringLiteral("--jitter-ms"), QStringLiteral("5"),
                        QStringLiteral("--tail-probability"), QStringLiteral("0")},
                       &error),
             qPrintable(error));
    QVERIFY2(TestKafka::produce(env.source, IntegrationEnv::events(kEvents, 2024), &error),
             qPrintable(error));

    // Short sessions so a rebalance settles quickly; a bounded in-flight window so each engine
    // works through its own partitions at its rate limit instead of fetching everything.
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString ini = dir.filePath(QStringLiteral("engine.ini"));
    {
        QFile f(ini);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("[kafka.consumer]\nsession.timeout.ms=6000\nheartbeat.interval.ms=1000\n"
                "[limits]\nmax_inflight_messages=100\n");
    }
    const QStringList arguments =
        env.engineArguments() +
        QStringList{QStringLiteral("--config"),      ini,
                    QStringLiteral("--concurrency"), QStringLiteral("16"),
                    QStringLiteral("--rate"),        QStringLiteral("60"),
                    QStringLiteral("--ops-listen"),  QStringLiteral("127.0.0.1:0"),
                    QStringLiteral("--ops-token"),   QString::fromLatin1(kToken),
                    QStringLiteral("--quiet")};
    EngineProcess survivor(QStringLiteral("survivor"), arguments);
    EngineProcess leaver(QStringLiteral("leaver"),
                         arguments + QStringList{QStringLiteral("--report"),
                                                 dir.filePath(QStringLiteral("leaver.json"))});
    auto diagnostics = qScopeGuard([&] {
        if (QTest::currentTestFailed()) {
            survivor.printTail();
            leaver.printTail();
        }
    });
    QElapsedTimer clock;
    clock.start();
    QVERIFY(survivor.start());
    QVERIFY(leaver.start());
    const QUrl survivorUrl = survivor.waitForOps();
    const QUrl leaverUrl = leaver.waitForOps();
    QVERIFY(survivorUrl.isValid() && leaverUrl.isValid());
    OpsClient a(survivorUrl, kToken);
    OpsClient b(leaverUrl, kToken);

    // Both members own part of the source topic, together all of it.
    int shareA = 0;
    int shareB = 0;
    QTRY_VERIFY_WITH_TIMEOUT((shareA = a.assignedPartitions(env.source)) > 0 &&
                                 (shareB = b.assignedPartitions(env.source)) > 0 &&
                                 shareA + shareB == env.partitions,
                             30000);
    qInfo("shared after %.1f s: survivor %d, leaver %d of %d partitions",
          double(clock.elapsed()) / 1000.0, shareA, shareB, env.partitions);
    QTRY_VERIFY_WITH_TIMEOUT(b.status()[u"enriched"].toInt() >= 50, 20000);
    QVERIFY2(TestKafka::committedSum(env.group, env.source, env.partitions) < kEvents,
             "the work was done before the hand-over: nothing was tested");

    // Graceful stop of one member: it drains, commits and leaves; the survivor takes all.
    QVERIFY2(leaver.terminateAndWait(), "the leaver did not stop cleanly on SIGTERM");
    QFile leaverReport(dir.filePath(QStringLiteral("leaver.json")));
    QVERIFY(leaverReport.open(QIODevice::ReadOnly));
    const QJsonObject leaverSummary = QJsonDocument::fromJson(leaverReport.readAll()).object();
    QCOMPARE(leaverSummary[u"state"].toString(), QStringLiteral("stopped"));
    const qint64 leaverSettled =
        leaverSummary[u"enriched"].toInteger() + leaverSummary[u"dead_lettered"].toInteger();
    QVERIFY(leaverSettled >= 50);
    QVERIFY(shareA < env.partitions);
    QTRY_COMPARE_WITH_TIMEOUT(a.assignedPartitions(env.source), env.partitions, 30000);
    qInfo("survivor grew from %d to all %d partitions %.1f s in", shareA, env.partitions,
          double(clock.elapsed()) / 1000.0);
    QCOMPARE(a.status()[u"state"].toString(), QStringLiteral("running"));

    // Lift the survivor's limits so it finishes within the test's budget.
    QCOMPARE(
        a.post(QStringLiteral("/api/v1/limits"), "{\"concurrency\": 64, \"rate_per_s\": 0}").status,
        200);
    QTRY_VERIFY_WITH_TIMEOUT(
        TestKafka::committedSum(env.group, env.source, env.partitions) >= kEvents, 45000);
    qInfo("every offset committed %.1f s in", double(clock.elapsed()) / 1000.0);
    QVERIFY2(survivor.terminateAndWait(), "the survivor did not stop cleanly on SIGTERM");

    // From the topics: each input has an output or a DLQ record, and both engines wrote some.
    const QList<TestKafka::Record> inputs = TestKafka::readAll(env.source, kEvents, 30000, 500);
    QCOMPARE(inputs.size(), kEvents);
    QHash<QByteArray, int> settled;
    for (const TestKafka::Record &in : inputs)
        settled.insert(position(in.partition, in.offset), 0);
    const qint64 outputCount = TestKafka::endOffsetSum(env.output, env.partitions);
    const QList<TestKafka::Record> outputs =
        TestKafka::readAll(env.output, int(outputCount), 30000, 500);
    QCOMPARE(outputs.size(), outputCount);
    QSet<QString> instances;
    for (const TestKafka::Record &out : outputs) {
        const QJsonObject o = QJsonDocument::fromJson(out.value).object();
        const QJsonObject src = o[u"source"].toObject();
        QCOMPARE(src[u"topic"].toString(), QString::fromUtf8(env.source));
        const QByteArray at = position(src[u"partition"].toInt(), src[u"offset"].toInteger());
        QVERIFY2(settled.contains(at), at.constData());
        ++settled[at];
        instances.insert(o[u"engine"][u"instance"].toString());
    }
    const qint64 dlqCount = TestKafka::endOffsetSum(env.dlq, env.partitions);
    const QByteArray prefix = env.source + '/';
    for (const TestKafka::Record &r : TestKafka::readAll(env.dlq, int(dlqCount), 30000, 500)) {
        const QByteArray origin = r.header("herder-origin");
        QVERIFY2(origin.startsWith(prefix), origin.constData());
        QVERIFY2(settled.contains(origin.mid(prefix.size())), origin.constData());
        ++settled[origin.mid(prefix.size())];
    }
    int lost = 0;
    int duplicated = 0;
    for (const int n : std::as_const(settled)) {
        lost += n == 0;
        duplicated += n > 1;
    }
    qInfo("%lld outputs, %lld dead letters, %d inputs settled twice, engines %s; %.1f s in all",
          outputCount, dlqCount, duplicated, qPrintable(instances.values().join(u", ")),
          double(clock.elapsed()) / 1000.0);
    QCOMPARE(lost, 0);
    QCOMPARE(instances.size(), 2);
    // A graceful hand-over commits what it finished, so hardly anything is redone.
    QVERIFY2(duplicated <= 200, qPrintable(QString::number(duplicated)));
}

QTEST_GUILESS_MAIN(TestScaleOut)
#include "tst_scaleout.moc"
