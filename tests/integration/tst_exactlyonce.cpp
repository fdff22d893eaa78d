// Integration: exactly-once mode (kafka.producer transactional.id). The real herder-engine is
// killed with SIGKILL twice while transactions are open; a third run finishes. Read with
// read_committed, every input has exactly one output or DLQ record: none lost, none doubled.
#include "engineprocess.h"
#include "integrationenv.h"
#include "killruns.h"

#include <QElapsedTimer>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRandomGenerator>
#include <QScopeGuard>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>

using namespace Qt::StringLiterals;

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

/// Whether an open transaction has records on the broker that readers do not see yet.
bool openRecords(const IntegrationEnv &env)
{
    return TestKafka::endOffsetSum(env.output, env.partitions, false) >
           TestKafka::endOffsetSum(env.output, env.partitions);
}

/// Output and DLQ records per input offset, as a read_committed reader sees them.
struct Tally
{
    int inputs = 0;
    int outputs = 0;
    int dlq = 0;
    int lost = 0;       ///< inputs without any record
    int duplicated = 0; ///< inputs with more than one record
    int foreign = 0;    ///< records naming no input
};

/// Read to the end of every partition (not "until enough came"), so that a slow broker cannot
/// hide a record from the count.
Tally tally(const IntegrationEnv &env)
{
    Tally t;
    QHash<QByteArray, int> records;
    for (const TestKafka::Record &in : TestKafka::readToEnd(env.source, env.partitions, 60000))
        records.insert(position(in.partition, in.offset), 0);
    t.inputs = int(records.size());
    auto count = [&](const QByteArray &at) {
        if (records.contains(at))
            ++records[at];
        else
            ++t.foreign;
    };
    const QList<TestKafka::Record> outputs = TestKafka::readToEnd(env.output, env.partitions, 60000);
    t.outputs = int(outputs.size());
    for (const TestKafka::Record &out : outputs) {
        const QJsonObject src = QJsonDocument::fromJson(out.value).object()[u"source"].toObject();
        if (src[u"topic"].toString() != QString::fromUtf8(env.source))
            ++t.foreign;
        else
            count(position(src[u"partition"].toInt(), src[u"offset"].toInteger()));
    }
    const QList<TestKafka::Record> dlq = TestKafka::readToEnd(env.dlq, env.partitions, 60000);
    t.dlq = int(dlq.size());
    const QByteArray prefix = env.source + '/';
    for (const TestKafka::Record &r : dlq) {
        const QByteArray origin = r.header("herder-origin");
        if (origin.startsWith(prefix))
            count(origin.mid(prefix.size()));
        else
            ++t.foreign;
    }
    for (auto it = records.cbegin(); it != records.cend(); ++it) {
        t.lost += it.value() == 0;
        t.duplicated += it.value() > 1;
    }
    return t;
}

bool writeIni(const QString &path, const QByteArray &text)
{
    QFile f(path);
    return f.open(QIODevice::WriteOnly) && f.write(text) == text.size();
}

} // namespace

class TestExactlyOnce : public QObject
{
    Q_OBJECT
private slots:
    void killNineTwiceDuplicatesNothing();
    void fencedEngineStops();
    void refusedRecordIsDeadLetteredAfterAbort();
    void transactionsNeedIdempotence();
};

void TestExactlyOnce::killNineTwiceDuplicatesNothing()
{
    constexpr int kEvents = 3000;
    IntegrationEnv env;
    QString error;
    QVERIFY2(env.setUp({QStringLiteral("--latency-ms"), QStringLiteral("40"),
                        QStringLiteral("--jitter-ms"), QStringLiteral("30")},
                       &error),
             qPrintable(error));
    QVERIFY2(TestKafka::produce(env.source, IntegrationEnv::events(kEvents, 7), &error),
             qPrintable(error));

    // Long transactions (2 s) so that a kill reliably cuts through one holding records, even
    // on a loaded machine where checking for open records takes a while.
    KillRuns runs(env, 16,
                  "[limits]\ntransaction_interval_ms=2000\ntransaction_max_messages=100000\n"
                  "[kafka.producer]\ntransactional.id=" +
                      TestKafka::uniqueName("herder-eos") + '\n');
    QVERIFY(runs.isValid());
    EngineProcess &first = runs.first();
    EngineProcess &second = runs.second();
    EngineProcess &third = runs.third();
    const QString report = runs.reportPath();
    QElapsedTimer clock;
    clock.start();

    // Run 1: SIGKILL once a quarter of the inputs are committed, at a moment when a
    // transaction holds records on the broker (high watermarks past the stable offsets).
    // While a killed producer's offsets wait in its open transaction the broker does not
    // report the group's offsets (unstable): keep the last figure it did report.
    QVERIFY(first.start());
    qint64 committedAtFirstKill = 0;
    bool due = false; // latched: QTRY evaluates its condition again after it held once
    QTRY_VERIFY_WITH_TIMEOUT(
        (due = due || ((committedAtFirstKill = qMax(committedAtFirstKill,
                                                    sum(TestKafka::committed(
                                                        env.group, env.source, env.partitions)))) >=
                           kEvents / 4 &&
                       openRecords(env))) ||
            !first.running(),
        60000);
    QVERIFY2(first.running(), "run 1 ended by itself");
    first.process().kill();
    QVERIFY(first.process().waitForFinished(10000));
    QCOMPARE(first.process().exitStatus(), QProcess::CrashExit);
    // Nobody ends the killed producer's transaction before run 2 fences it.
    const bool firstCutOpen = openRecords(env);
    QVERIFY2(first.log().contains("exactly-once mode"), "run 1 did not run transactions");
    qInfo("run 1 killed after %.1f s: %lld offsets committed", double(clock.elapsed()) / 1000.0,
          committedAtFirstKill);
    QVERIFY2(committedAtFirstKill > 0, "run 1 committed no transaction");
    QVERIFY2(committedAtFirstKill < kEvents, "run 1 finished before the kill: nothing was tested");

    // Run 2: fences run 1's transactional.id (which aborts run 1's open transaction), waits
    // for run 1's session to expire, works, and is killed the same way.
    QVERIFY(second.start());
    qint64 committedAtSecondKill = 0;
    due = false;
    QTRY_VERIFY_WITH_TIMEOUT(
        (due = due || ((committedAtSecondKill = qMax(committedAtSecondKill,
                                                     sum(TestKafka::committed(
                                                         env.group, env.source, env.partitions)))) >=
                           committedAtFirstKill + kEvents / 4 &&
                       openRecords(env))) ||
            !second.running(),
        60000);
    QVERIFY2(second.running(), "run 2 ended by itself");
    second.process().kill();
    QVERIFY(second.process().waitForFinished(10000));
    const bool secondCutOpen = openRecords(env);
    qInfo("run 2 killed after %.1f s: %lld offsets committed", double(clock.elapsed()) / 1000.0,
          committedAtSecondKill);
    QVERIFY2(committedAtSecondKill < kEvents, "run 2 finished before the kill: nothing was tested");

    // Run 3: runs until every input offset is committed, then a graceful SIGTERM.
    QVERIFY(third.start());
    QTRY_VERIFY_WITH_TIMEOUT(sum(TestKafka::committed(env.group, env.source, env.partitions)) >=
                                     kEvents ||
                                 !third.running(),
                             90000);
    QVERIFY2(third.running(), "run 3 ended by itself");
    QVERIFY(third.terminateAndWait(30000));
    QFile reportFile(report);
    QVERIFY2(reportFile.open(QIODevice::ReadOnly), "run 3 wrote no report");
    const QJsonObject summary = QJsonDocument::fromJson(reportFile.readAll()).object();
    QCOMPARE(summary[u"state"].toString(), QStringLiteral("stopped"));
    QCOMPARE(sum(TestKafka::committed(env.group, env.source, env.partitions)),
             TestKafka::endOffsetSum(env.source, env.partitions));

    // What a read_committed reader sees: exactly one output or DLQ record per input.
    const Tally t = tally(env);
    // The same topic read without isolation shows what the kills cut off: records of
    // transactions that never committed, whose messages were then done again. Read to the
    // end: stopping after "enough" records and a quiet second (as once under ctest -j2) can
    // miss the few records of an aborted transaction.
    const QList<TestKafka::Record> everything =
        TestKafka::readToEnd(env.output, env.partitions, 60000, false);
    int uncommittedDuplicates = 0;
    QSet<QByteArray> seen;
    for (const TestKafka::Record &out : everything) {
        const QJsonObject src = QJsonDocument::fromJson(out.value).object()[u"source"].toObject();
        const QByteArray at = position(src[u"partition"].toInt(), src[u"offset"].toInteger());
        if (seen.contains(at))
            ++uncommittedDuplicates;
        seen.insert(at);
    }
    qInfo("EXACTLY-ONCE: %d inputs, %d committed outputs, %d DLQ records, %d lost, %d "
          "duplicated; read_uncommitted: %lld output records, %d duplicates from aborted "
          "transactions; kills cut open transactions: %d, %d; %.1f s in all",
          kEvents, t.outputs, t.dlq, t.lost, t.duplicated, qint64(everything.size()),
          uncommittedDuplicates, int(firstCutOpen), int(secondCutOpen),
          double(clock.elapsed()) / 1000.0);
    QCOMPARE(t.inputs, kEvents);
    QCOMPARE(t.foreign, 0);
    QCOMPARE(t.lost, 0);
    QCOMPARE(t.duplicated, 0);
    QCOMPARE(t.outputs + t.dlq, kEvents);
    // The kills did cut through open transactions, or nothing was tested: their records are
    // on the topic, aborted, and their messages were done again.
    QVERIFY(firstCutOpen || secondCutOpen);
    QVERIFY(uncommittedDuplicates > 0);
}

void TestExactlyOnce::fencedEngineStops()
{
    constexpr int kEvents = 1500;
    IntegrationEnv env;
    QString error;
    QVERIFY2(env.setUp({QStringLiteral("--latency-ms"), QStringLiteral("40")}, &error),
             qPrintable(error));
    QVERIFY2(TestKafka::produce(env.source, IntegrationEnv::events(kEvents, 11), &error),
             qPrintable(error));
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString ini = dir.filePath(QStringLiteral("engine.ini"));
    QVERIFY(writeIni(ini, "[kafka.producer]\ntransactional.id=" +
                              TestKafka::uniqueName("herder-eos") + '\n'));
    const QStringList arguments =
        env.engineArguments() + QStringList{QStringLiteral("--concurrency"), QStringLiteral("8"),
                                            QStringLiteral("--config"), ini};
    EngineProcess zombie(QStringLiteral("zombie"), arguments);
    EngineProcess successor(QStringLiteral("successor"), arguments);
    auto diagnostics = qScopeGuard([&] {
        if (QTest::currentTestFailed()) {
            zombie.printTail();
            successor.printTail();
        }
    });
    QVERIFY(zombie.start());
    QTRY_VERIFY_WITH_TIMEOUT(TestKafka::endOffsetSum(env.output, env.partitions) >= 100 ||
                                 !zombie.running(),
                             60000);
    QVERIFY2(zombie.running(), "the first engine ended by itself");

    // A second engine with the same transactional.id fences the first: its next transaction
    // call fails fatally and it stops with exit code 4, naming the error.
    QVERIFY(successor.start());
    QVERIFY(zombie.process().waitForFinished(60000));
    QCOMPARE(zombie.process().exitStatus(), QProcess::NormalExit);
    QCOMPARE(zombie.process().exitCode(), 4);
    QVERIFY(zombie.log().contains("exactly-once mode: fatal transaction error"));

    QTRY_VERIFY_WITH_TIMEOUT(sum(TestKafka::committed(env.group, env.source, env.partitions)) >=
                                     kEvents ||
                                 !successor.running(),
                             90000);
    QVERIFY2(successor.running(), "the successor ended by itself");
    QVERIFY(successor.terminateAndWait(30000));
    const Tally t = tally(env);
    qInfo("FENCED: %d inputs, %d outputs, %d DLQ records, %d lost, %d duplicated", t.inputs,
          t.outputs, t.dlq, t.lost, t.duplicated);
    QCOMPARE(t.inputs, kEvents);
    QCOMPARE(t.foreign, 0);
    QCOMPARE(t.lost, 0);
    QCOMPARE(t.duplicated, 0);
}

void TestExactlyOnce::refusedRecordIsDeadLetteredAfterAbort()
{
    constexpr int kEvents = 400;
    constexpr int kPoison = 137;
    IntegrationEnv env;
    QString error;
    QVERIFY2(env.setUp({QStringLiteral("--latency-ms"), QStringLiteral("20")}, &error),
             qPrintable(error));
    // An output topic that refuses records over 20 kB: ordinary enriched records (a few kB)
    // pass, the one whose event carries a 60 kB attachment does not, whatever the engine does.
    env.output = env.source + "-small";
    QVERIFY2(TestKafka::createTopics({env.output}, env.partitions, &error,
                                     {{"max.message.bytes", "20000"}}),
             qPrintable(error));
    QList<TestKafka::Record> events = IntegrationEnv::events(kEvents, 13);
    QJsonObject poisonEvent = QJsonDocument::fromJson(events[kPoison].value).object();
    // Random bytes, so that the producer's compression cannot shrink it under the limit.
    QByteArray attachment(45000, Qt::Uninitialized);
    QRandomGenerator(7).fillRange(reinterpret_cast<quint32 *>(attachment.data()),
                                  attachment.size() / 4);
    poisonEvent.insert(u"attachment"_s, QString::fromLatin1(attachment.toBase64()));
    events[kPoison].value = QJsonDocument(poisonEvent).toJson(QJsonDocument::Compact);
    const QByteArray poison = events[kPoison].value;
    QVERIFY2(TestKafka::produce(env.source, events, &error), qPrintable(error));

    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString ini = dir.filePath(QStringLiteral("engine.ini"));
    // Batches well under the topic's limit, so only the oversized record itself is refused.
    QVERIFY(writeIni(ini, "[kafka.producer]\nbatch.size=8000\ntransactional.id=" +
                              TestKafka::uniqueName("herder-eos") + '\n'));
    EngineProcess engine(QStringLiteral("engine"),
                         env.engineArguments() + QStringList{QStringLiteral("--concurrency"),
                                                             QStringLiteral("8"),
                                                             QStringLiteral("--config"), ini});
    auto diagnostics = qScopeGuard([&] {
        if (QTest::currentTestFailed())
            engine.printTail();
    });
    QVERIFY(engine.start());
    // Every input offset committed: the refused record did not hold its partition up.
    QTRY_VERIFY_WITH_TIMEOUT(sum(TestKafka::committed(env.group, env.source, env.partitions)) >=
                                     kEvents ||
                                 !engine.running(),
                             90000);
    QVERIFY2(engine.running(), "the engine ended by itself");
    QVERIFY(engine.terminateAndWait(30000));
    const QByteArray log = engine.log();
    QVERIFY2(log.contains(QByteArray("Kafka refused the enriched record of " + env.source + '/')),
             log.constData());
    QVERIFY2(log.contains("exactly-once: aborting the transaction"), log.constData());

    const Tally t = tally(env);
    qInfo("REFUSED: %d inputs, %d committed outputs, %d DLQ records, %d lost, %d duplicated",
          t.inputs, t.outputs, t.dlq, t.lost, t.duplicated);
    QCOMPARE(t.inputs, kEvents);
    QCOMPARE(t.foreign, 0);
    QCOMPARE(t.lost, 0);
    QCOMPARE(t.duplicated, 0);
    QCOMPARE(t.outputs, kEvents - 1);
    QCOMPARE(t.dlq, 1);
    // The DLQ keeps the original bytes and says why, as the at-least-once path does.
    const QList<TestKafka::Record> dlq = TestKafka::readToEnd(env.dlq, env.partitions, 60000);
    QCOMPARE(dlq.size(), 1);
    QCOMPARE(dlq.first().value, poison);
    QCOMPARE(dlq.first().header("herder-error-class"), QByteArray("invalid_payload"));
    QVERIFY2(dlq.first().header("herder-error").startsWith("enriched record rejected by Kafka"),
             dlq.first().header("herder-error").constData());
    // And it is the poison's own offset, done once.
    const QList<TestKafka::Record> inputs =
        TestKafka::readToEnd(env.source, env.partitions, 60000);
    const auto in = std::find_if(inputs.cbegin(), inputs.cend(),
                                 [&](const TestKafka::Record &r) { return r.value == poison; });
    QVERIFY(in != inputs.cend());
    QCOMPARE(dlq.first().header("herder-origin"),
             env.source + '/' + position(in->partition, in->offset));
}

void TestExactlyOnce::transactionsNeedIdempotence()
{
    IntegrationEnv env;
    QString error;
    QVERIFY2(env.setUp({}, &error), qPrintable(error));
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString ini = dir.filePath(QStringLiteral("engine.ini"));
    QVERIFY(writeIni(ini, "[kafka.producer]\ntransactional.id=herder-eos-refused\n"
                          "enable.idempotence=false\n"));
    EngineProcess engine(QStringLiteral("refused"),
                         env.engineArguments() + QStringList{QStringLiteral("--config"), ini});
    auto diagnostics = qScopeGuard([&] {
        if (QTest::currentTestFailed())
            engine.printTail();
    });
    QVERIFY(engine.start());
    QVERIFY(engine.process().waitForFinished(20000));
    QCOMPARE(engine.process().exitStatus(), QProcess::NormalExit);
    QCOMPARE(engine.process().exitCode(), 2);
    const QByteArray log = engine.log();
    QVERIFY2(log.contains("kafka.producer/enable.idempotence") &&
                 log.contains("must be true when transactional.id is set"),
             log.constData());
    QVERIFY(TestKafka::endOffsetSum(env.output, env.partitions) == 0);
}

QTEST_GUILESS_MAIN(TestExactlyOnce)
#include "tst_exactlyonce.moc"
