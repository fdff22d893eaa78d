// Replayed records later show up as enriched: an engine dead-letters events while its provider
// fails, the provider recovers, the console's worker replays them, and the same engine enriches
// them with their original ids.
#include "dlqworker.h"
#include "engineundertest.h"
#include "integrationenv.h"

#include <QJsonDocument>
#include <QTest>
#include <QThread>

using herder::dlq::DlqRecord;
using herder::dlq::ReplayResult;
using herder::ui::DlqWorker;

class TestDlqRoundTrip : public QObject
{
    Q_OBJECT
private slots:
    void replayedRecordsAreEnriched();
};

void TestDlqRoundTrip::replayedRecordsAreEnriched()
{
    // Every answer unusable: a failure of the records' own that spends attempts (5xx would be
    // a storm that holds them instead). Few events: unusable answers for 25 different records
    // would open the circuit, and this test wants dead letters.
    constexpr int kEvents = 4;
    IntegrationEnv env;
    QString error;
    QVERIFY2(env.setUp({QStringLiteral("--latency-ms"), QStringLiteral("5"),
                        QStringLiteral("--rate-bad-label"), QStringLiteral("1")},
                       &error),
             qPrintable(error));
    env.settings.max_attempts = 2;
    env.settings.in_process_retries = 1;
    env.settings.retry_base_ms = 20;
    env.settings.retry_cap_ms = 100;
    const QList<TestKafka::Record> inputs = IntegrationEnv::events(kEvents, 7);
    QVERIFY2(TestKafka::produce(env.source, inputs, &error), qPrintable(error));
    QSet<QString> ids;
    for (const auto &in : inputs)
        ids.insert(QJsonDocument::fromJson(in.value).object()[u"id"].toString());
    QCOMPARE(ids.size(), kEvents);

    EngineUnderTest run(env.settings);
    run.start();
    QTRY_VERIFY_WITH_TIMEOUT(run.last.dead_lettered >= kEvents || !run.failed.isEmpty(), 60000);
    QVERIFY2(run.failed.isEmpty(), qPrintable(run.failure()));
    QCOMPARE(run.last.enriched, quint64(0));

    // The console's worker on a thread of its own, as DlqPage runs it.
    QThread thread;
    auto *worker = new DlqWorker(env.settings);
    worker->moveToThread(&thread);
    connect(&thread, &QThread::finished, worker, &QObject::deleteLater);
    QList<DlqRecord> letters;
    qint64 loaded = -1;
    QString failure;
    std::optional<ReplayResult> replayed;
    connect(worker, &DlqWorker::page, this,
            [&](int, const QList<DlqRecord> &records) { letters += records; });
    connect(worker, &DlqWorker::loaded, this, [&](int, qint64 total) { loaded = total; });
    connect(worker, &DlqWorker::loadFailed, this, [&](int, const QString &m) { failure = m; });
    connect(worker, &DlqWorker::replayed, this, [&](const ReplayResult &r) { replayed = r; });
    thread.start();

    QMetaObject::invokeMethod(worker, [worker] { worker->load(1); });
    QTRY_VERIFY_WITH_TIMEOUT(loaded >= 0 || !failure.isEmpty(), 30000);
    QVERIFY2(failure.isEmpty(), qPrintable(failure));
    QCOMPARE(loaded, qint64(kEvents));
    QCOMPARE(letters.size(), kEvents);
    for (const DlqRecord &r : std::as_const(letters)) {
        QCOMPARE(r.error_class, QStringLiteral("invalid_output"));
        QCOMPARE(r.attempts, 2);
        QCOMPARE(r.http_status, 200);
        QCOMPARE(r.replay_count, 0);
        QVERIFY(ids.contains(QJsonDocument::fromJson(r.value).object()[u"id"].toString()));
    }

    // The provider recovers; the operator replays everything.
    QVERIFY(env.sim.setConfig({{QStringLiteral("rate_bad_label"), 0}}));
    QMetaObject::invokeMethod(worker, [worker, letters] { worker->replay(letters, 3); });
    QTRY_VERIFY_WITH_TIMEOUT(replayed.has_value(), 60000);
    QVERIFY2(replayed->error.isEmpty(), qPrintable(replayed->error));
    QCOMPARE(replayed->replayed, kEvents);
    QVERIFY(replayed->refused.isEmpty());

    QTRY_VERIFY_WITH_TIMEOUT(run.last.enriched >= kEvents || !run.failed.isEmpty(), 60000);
    QVERIFY(run.stop());
    QCOMPARE(run.last.enriched, quint64(kEvents));
    QCOMPARE(run.last.dead_lettered, quint64(kEvents)); // nothing new in the DLQ
    thread.quit();
    QVERIFY(thread.wait(30000));

    const QList<TestKafka::Record> outputs = TestKafka::readAll(env.output, kEvents, 60000);
    QCOMPARE(outputs.size(), kEvents);
    QSet<QString> enriched;
    for (const auto &out : outputs) {
        const QJsonObject o = QJsonDocument::fromJson(out.value).object();
        enriched.insert(o[u"id"].toString());
        const QJsonObject results = o[u"results"].toObject();
        QVERIFY(!results[u"sentiment"].toObject()[u"label"].toString().isEmpty());
        QVERIFY(!results[u"intent"].toObject()[u"label"].toString().isEmpty());
    }
    QCOMPARE(enriched, ids);
    QCOMPARE(TestKafka::readAll(env.dlq, kEvents, 10000).size(), kEvents);
}

QTEST_MAIN(TestDlqRoundTrip)
#include "tst_dlqroundtrip.moc"
