// Integration (e): the real herder-engine binary is killed with SIGKILL mid-run, and again while
// rejoining the group; a third run finishes the work. Nothing is lost, only the uncommitted
// window is done twice, and a SIGTERM still ends in a clean exit with a JSON report.
#include "engineprocess.h"
#include "integrationenv.h"
#include "killruns.h"

#include <QElapsedTimer>
#include <QFile>
#include <QJsonDocument>
#include <QProcess>
#include <QTest>

namespace {

qint64 sum(const QMap<int, qint64> &offsets)
{
    qint64 s = 0;
    for (qint64 o : offsets)
        s += qMax<qint64>(0, o);
    return s;
}

QByteArray position(qint32 partition, qint64 offset)
{
    return QByteArray::number(partition) + '/' + QByteArray::number(offset);
}

} // namespace

class TestCrash : public QObject
{
    Q_OBJECT
private slots:
    void killNineLosesNothing();
};

void TestCrash::killNineLosesNothing()
{
    constexpr int kEvents = 3000;
    IntegrationEnv env;
    QString error;
    QVERIFY2(env.setUp({QStringLiteral("--latency-ms"), QStringLiteral("40"),
                        QStringLiteral("--jitter-ms"), QStringLiteral("10")},
                       &error),
             qPrintable(error));
    QVERIFY2(TestKafka::produce(env.source, IntegrationEnv::events(kEvents, 99), &error),
             qPrintable(error));

    KillRuns runs(env, 16);
    QVERIFY(runs.isValid());
    EngineProcess &first = runs.first();
    EngineProcess &second = runs.second();
    EngineProcess &third = runs.third();
    const QString report = runs.reportPath();
    QElapsedTimer clock;
    clock.start();

    // Run 1: SIGKILL once a quarter of the outputs are written.
    QVERIFY(first.start());
    QTRY_VERIFY_WITH_TIMEOUT(TestKafka::endOffsetSum(env.output, env.partitions) >= kEvents / 4 ||
                                 !first.running(),
                             60000);
    QVERIFY2(first.running(), "run 1 ended by itself");
    first.process().kill();
    QVERIFY(first.process().waitForFinished(10000));
    QCOMPARE(first.process().exitStatus(), QProcess::CrashExit);
    const qint64 outputsAtKill = TestKafka::endOffsetSum(env.output, env.partitions);
    const QMap<int, qint64> committedAtKill =
        TestKafka::committed(env.group, env.source, env.partitions);
    const qint64 committedSumAtKill = sum(committedAtKill);
    qInfo("run 1 killed after %.1f s: %lld outputs written, %lld offsets committed",
          double(clock.elapsed()) / 1000.0, outputsAtKill, committedSumAtKill);
    QVERIFY2(outputsAtKill < kEvents, "run 1 finished before the kill: nothing was tested");
    QVERIFY2(committedSumAtKill > 0, "run 1 committed nothing: a restart redoes everything");
    QVERIFY(committedSumAtKill < kEvents);

    // Run 2: SIGKILL once its JoinGroup has started a rebalance, which cannot complete
    // before run 1's dead member times out; the group may then hand partitions to this dead
    // member too.
    QVERIFY(second.start());
    QByteArray state;
    QTRY_VERIFY_WITH_TIMEOUT((state = TestKafka::groupState(env.group)) == "PreparingRebalance" ||
                                 state == "CompletingRebalance" ||
                                 second.log().contains("assigned") || !second.running(),
                             30000);
    QVERIFY2(second.running(), "run 2 ended by itself");
    const bool joined = second.log().contains("assigned");
    second.process().kill();
    QVERIFY(second.process().waitForFinished(10000));
    qInfo("run 2 killed after %.1f s, %s (group %s)", double(clock.elapsed()) / 1000.0,
          joined ? "after it was assigned partitions" : "during the group join",
          state.constData());
    const qint64 committedSumAfterSecond =
        sum(TestKafka::committed(env.group, env.source, env.partitions));

    // Run 3: runs until every input offset is committed, then a graceful SIGTERM.
    QVERIFY(third.start());
    QTRY_VERIFY_WITH_TIMEOUT(sum(TestKafka::committed(env.group, env.source, env.partitions)) >=
                                     kEvents ||
                                 !third.running(),
                             90000);
    QVERIFY2(third.running(), "run 3 ended by itself");
    qInfo("run 3 committed every offset %.1f s into the test", double(clock.elapsed()) / 1000.0);
    third.process().terminate();
    QVERIFY(third.process().waitForFinished(30000));
    QCOMPARE(third.process().exitStatus(), QProcess::NormalExit);
    QCOMPARE(third.process().exitCode(), 0);
    QFile reportFile(report);
    QVERIFY2(reportFile.open(QIODevice::ReadOnly), "run 3 wrote no report");
    QJsonParseError parseError;
    const QJsonObject summary = QJsonDocument::fromJson(reportFile.readAll(), &parseError).object();
    QVERIFY2(parseError.error == QJsonParseError::NoError, qPrintable(parseError.errorString()));
    QCOMPARE(summary[u"state"].toString(), QStringLiteral("stopped"));
    // Run 3 settled at least everything past the committed offsets it started from (a
    // rebalance while it runs may hand it some messages twice).
    const qint64 remaining = kEvents - committedSumAfterSecond;
    QVERIFY2(summary[u"consumed"].toInteger() >= remaining, qPrintable(QString::number(remaining)));
    QVERIFY2(summary[u"enriched"].toInteger() + summary[u"dead_lettered"].toInteger() >= remaining,
             qPrintable(QString::number(remaining)));
    QCOMPARE(sum(TestKafka::committed(env.group, env.source, env.partitions)),
             TestKafka::endOffsetSum(env.source, env.partitions));

    // From the topics: every input offset has an output or a DLQ record; count the extras.
    const QList<TestKafka::Record> inputs = TestKafka::readAll(env.source, kEvents, 60000, 500);
    QCOMPARE(inputs.size(), kEvents);
    QHash<QByteArray, int> records;
    for (const TestKafka::Record &in : inputs)
        records.insert(position(in.partition, in.offset), 0);
    const qint64 outputCount = TestKafka::endOffsetSum(env.output, env.partitions);
    const QList<TestKafka::Record> outputs =
        TestKafka::readAll(env.output, int(outputCount), 60000, 500);
    QCOMPARE(outputs.size(), outputCount);
    for (const TestKafka::Record &out : outputs) {
        const QJsonObject src = QJsonDocument::fromJson(out.value).object()[u"source"].toObject();
        QCOMPARE(src[u"topic"].toString(), QString::fromUtf8(env.source));
        const QByteArray at = position(src[u"partition"].toInt(), src[u"offset"].toInteger());
        QVERIFY2(records.contains(at), at.constData());
        ++records[at];
    }
    const qint64 dlqCount = TestKafka::endOffsetSum(env.dlq, env.partitions);
    const QList<TestKafka::Record> dlq = TestKafka::readAll(env.dlq, int(dlqCount), 30000, 500);
    QCOMPARE(dlq.size(), dlqCount);
    const QByteArray prefix = env.source + '/';
    for (const TestKafka::Record &r : dlq) {
        const QByteArray origin = r.header("herder-origin");
        QVERIFY2(origin.startsWith(prefix), origin.constData());
        const QByteArray at = origin.mid(prefix.size());
        QVERIFY2(records.contains(at), origin.constData());
        ++records[at];
    }
    int lost = 0;
    int duplicated = 0;
    int behindCommit = 0;
    for (auto it = records.cbegin(); it != records.cend(); ++it) {
        if (it.value() == 0)
            ++lost;
        if (it.value() > 1) {
            ++duplicated;
            // Offsets below run 1's commit were never handed out again.
            const QList<QByteArray> parts = it.key().split('/');
            if (parts[1].toLongLong() < committedAtKill.value(parts[0].toInt(), -1))
                ++behindCommit;
        }
    }
    qInfo("DUPLICATES: %d of %d inputs have more than one record (%lld outputs, %lld DLQ "
          "records); %lld offsets were committed at the kill; %.1f s in all",
          duplicated, kEvents, outputCount, dlqCount, committedSumAtKill,
          double(clock.elapsed()) / 1000.0);
    QCOMPARE(lost, 0);
    QCOMPARE(behindCommit, 0);
    QVERIFY2(duplicated < 1000, qPrintable(QString::number(duplicated)));
    QVERIFY(duplicated <= kEvents - committedSumAtKill);
}

QTEST_GUILESS_MAIN(TestCrash)
#include "tst_crash.moc"
