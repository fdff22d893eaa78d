// The ops HTTP API of the real herder-engine binary against the real broker and herder-sim:
// metrics that rise, a token that guards every change, limits that take effect, pause and
// resume, readiness, and the DLQ browsed, filtered and replayed byte-identical.
#include "engineprocess.h"
#include "integrationenv.h"
#include "opsclient.h"

#include <QDeadlineTimer>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QScopeGuard>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>

namespace {

const QByteArray kToken = QByteArrayLiteral("t0ken-for-tests");

/// Events that cannot be decoded: the engine dead-letters them as invalid_payload at once.
QList<QByteArray> badValues()
{
    return {
        QByteArrayLiteral("not json: REFUND-1"),          QByteArrayLiteral("not json: refund-2"),
        QByteArrayLiteral("{\"id\":\"b3\",\"text\":42}"), QByteArrayLiteral("{\"id\":\"b4\"}"),
        QByteArray("\xff\xfe binary\x00 refund", 17),     QByteArrayLiteral("[1,2,3]")};
}

QString ops(const char *path)
{
    return QString::fromLatin1(path);
}

} // namespace

class TestOpsApi : public QObject
{
    Q_OBJECT
private slots:
    void opsApi();
};

void TestOpsApi::opsApi()
{
    constexpr int kGood = 800;
    IntegrationEnv env;
    QString error;
    QVERIFY2(env.setUp({QStringLiteral("--latency-ms"), QStringLiteral("20"),
                        QStringLiteral("--jitter-ms"), QStringLiteral("5"),
                        QStringLiteral("--tail-probability"), QStringLiteral("0")},
                       &error),
             qPrintable(error));
    QList<TestKafka::Record> bad;
    for (const QByteArray &v : badValues())
        bad.append({"bad-" + QByteArray::number(bad.size()), v, {}, -1, -1});
    QVERIFY2(TestKafka::produce(env.source, bad, &error), qPrintable(error));
    QVERIFY2(TestKafka::produce(env.source, IntegrationEnv::events(kGood, 7), &error),
             qPrintable(error));

    // A bounded in-flight window (backpressure) paces consumption by the rate limit, so
    // "consumed" keeps rising while running and the backlog outlasts the first checks.
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString ini = dir.filePath(QStringLiteral("engine.ini"));
    {
        QFile f(ini);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("[limits]\nmax_inflight_messages=100\n");
    }
    EngineProcess engine(
        QStringLiteral("engine"),
        env.engineArguments() +
            QStringList{QStringLiteral("--config"), ini, QStringLiteral("--concurrency"),
                        QStringLiteral("4"), QStringLiteral("--rate"), QStringLiteral("40"),
                        QStringLiteral("--ops-listen"), QStringLiteral("127.0.0.1:0"),
                        QStringLiteral("--ops-token"), QString::fromLatin1(kToken),
                        QStringLiteral("--quiet")});
    auto diagnostics = qScopeGuard([&] {
        if (QTest::currentTestFailed())
            engine.printTail();
    });
    QElapsedTimer clock;
    clock.start();
    QVERIFY(engine.start());
    const QUrl base = engine.waitForOps();
    QVERIFY2(base.isValid(), "herder-engine did not print its ops address");
    QCOMPARE(base.host(), QStringLiteral("127.0.0.1"));
    QVERIFY(!engine.log().contains(kToken)); // never echoed
    OpsClient anonymous(base);
    OpsClient wrong(base, "not-the-token");
    OpsClient admin(base, kToken);

    // Health at once; readiness once Kafka answered and partitions are assigned.
    const OpsClient::Reply health = anonymous.get(ops("/healthz"));
    QCOMPARE(health.status, 200);
    QCOMPARE(health.body, QByteArray("ok\n"));
    QTRY_COMPARE_WITH_TIMEOUT(anonymous.get(ops("/readyz")).status, 200, 30000);
    QCOMPARE(anonymous.status()[u"state"].toString(), QStringLiteral("running"));

    // Metrics: Prometheus text, and counters that rise between two scrapes.
    const OpsClient::Reply scrape = anonymous.get(ops("/metrics"));
    QCOMPARE(scrape.status, 200);
    QVERIFY2(scrape.content_type.startsWith("text/plain; version=0.0.4"), scrape.content_type);
    QVERIFY(scrape.body.contains("# TYPE herder_end_to_end_latency_seconds histogram\n"));
    const QByteArray consumedSeries = "herder_messages_total{outcome=\"consumed\"}";
    const QByteArray enrichedSeries = "herder_messages_total{outcome=\"enriched\"}";
    const double consumed1 = anonymous.metric(consumedSeries);
    const double enriched1 = anonymous.metric(enrichedSeries);
    QVERIFY(consumed1 >= 0 && enriched1 >= 0);
    QTRY_VERIFY_WITH_TIMEOUT(anonymous.metric(consumedSeries) > consumed1 &&
                                 anonymous.metric(enrichedSeries) > enriched1,
                             10000);
    QVERIFY(anonymous.metric("herder_end_to_end_latency_seconds_count") > 0);
    QCOMPARE(anonymous.metric("herder_state{state=\"running\"}"), 1.0);

    // Limits: without or with a wrong token nothing changes; bad bodies are 400.
    const QByteArray limits = "{\"concurrency\": 7, \"rate_per_s\": 30}";
    OpsClient::Reply r = anonymous.post(ops("/api/v1/limits"), limits);
    QCOMPARE(r.status, 401);
    QVERIFY(!r.body.contains(kToken));
    QCOMPARE(wrong.post(ops("/api/v1/limits"), limits).status, 401);
    QCOMPARE(wrong.post(ops("/api/v1/pause"), {}).status, 401);
    r = admin.post(ops("/api/v1/limits"), "{\"concurrency\": 7,");
    QCOMPARE(r.status, 400);
    QVERIFY2(!r.json()[u"error"].toString().isEmpty(), r.body.constData());
    QCOMPARE(admin.post(ops("/api/v1/limits"), "{\"concurrency\": 0}").status, 400);
    QCOMPARE(admin.post(ops("/api/v1/limits"), "{\"rate_per_s\": \"fast\"}").status, 400);
    QCOMPARE(admin.post(ops("/api/v1/limits"), "{\"workers\": 3}").status, 400);
    // Everything refused was refused whole: a later snapshot still has the old limits.
    QDeadlineTimer settled(600);
    while (!settled.hasExpired()) {
        const QJsonObject s = anonymous.status();
        QCOMPARE(s[u"concurrency"].toInt(), 4);
        QCOMPARE(s[u"rate_per_s"].toDouble(), 40.0);
        QCOMPARE(s[u"state"].toString(), QStringLiteral("running"));
        QTest::qWait(100);
    }
    r = admin.post(ops("/api/v1/limits"), limits);
    QCOMPARE(r.status, 200);
    QCOMPARE(r.json()[u"concurrency"].toInt(), 7);
    QCOMPARE(r.json()[u"rate_per_s"].toDouble(), 30.0);
    QTRY_VERIFY_WITH_TIMEOUT(anonymous.status()[u"concurrency"].toInt() == 7 &&
                                 anonymous.status()[u"rate_per_s"].toDouble() == 30.0,
                             1000);
    // Budget caps go the same way; the answer carries every limit.
    QCOMPARE(admin.post(ops("/api/v1/limits"), "{\"budget_daily_usd\": -1}").status, 400);
    r = admin.post(ops("/api/v1/limits"), "{\"budget_hourly_usd\": 500}");
    QCOMPARE(r.status, 200);
    QCOMPARE(r.json()[u"budget_hourly_usd"].toDouble(), 500.0);
    QCOMPARE(r.json()[u"budget_daily_usd"].toDouble(), 0.0);
    QCOMPARE(r.json()[u"concurrency"].toInt(), 7);
    // Processing mode and batch size too, live.
    QCOMPARE(admin.post(ops("/api/v1/limits"), "{\"mode\": \"bulk\"}").status, 400);
    QCOMPARE(admin.post(ops("/api/v1/limits"), "{\"batch_size\": 257}").status, 400);
    r = admin.post(ops("/api/v1/limits"), "{\"mode\": \"batch\", \"batch_size\": 12}");
    QCOMPARE(r.status, 200);
    QCOMPARE(r.json()[u"mode"].toString(), QStringLiteral("batch"));
    QCOMPARE(r.json()[u"batch_size"].toInt(), 12);
    QTRY_VERIFY_WITH_TIMEOUT(anonymous.status()[u"mode"].toString() == u"batch" &&
                                 anonymous.status()[u"batch_size"].toInt() == 12,
                             1000);
    r = admin.post(ops("/api/v1/limits"), "{\"mode\": \"per-task\"}");
    QCOMPARE(r.json()[u"mode"].toString(), QStringLiteral("per-task"));
    QTRY_COMPARE_WITH_TIMEOUT(anonymous.status()[u"mode"].toString(), QStringLiteral("per-task"),
                              1000);

    // Pause: the state says so and nothing more is consumed; resume brings it back.
    QCOMPARE(admin.post(ops("/api/v1/pause"), {}).status, 200);
    QTRY_COMPARE_WITH_TIMEOUT(anonymous.status()[u"state"].toString(), QStringLiteral("paused"),
                              1000);
    const QJsonObject paused = anonymous.status();
    const qint64 consumedPaused = paused[u"consumed"].toInteger();
    QVERIFY2(consumedPaused < kGood, "the backlog ran out before the pause: nothing was tested");
    QDeadlineTimer still(2000);
    while (!still.hasExpired()) {
        QCOMPARE(anonymous.status()[u"consumed"].toInteger(), consumedPaused);
        QTest::qWait(200);
    }
    QCOMPARE(admin.post(ops("/api/v1/resume"), {}).status, 200);
    QTRY_VERIFY_WITH_TIMEOUT(anonymous.status()[u"state"].toString() == u"running" &&
                                 anonymous.status()[u"consumed"].toInteger() > consumedPaused,
                             5000);

    // DLQ: the bad events, paged and filtered. librdkafka hands out one partition's fetched
    // batch before the next, so lift the limits until every bad event has had its turn.
    qInfo("paused and resumed %.1f s into the test", double(clock.elapsed()) / 1000.0);
    QCOMPARE(admin.post(ops("/api/v1/limits"), "{\"concurrency\": 64, \"rate_per_s\": 0}").status,
             200);
    const int nBad = int(bad.size());
    QTRY_VERIFY_WITH_TIMEOUT(anonymous.status()[u"dead_lettered"].toInt() >= nBad, 30000);
    qInfo("all bad events dead-lettered %.1f s into the test", double(clock.elapsed()) / 1000.0);
    r = anonymous.get(ops("/api/v1/dlq?limit=100"));
    QCOMPARE(r.status, 200);
    QCOMPARE(r.json()[u"total"].toInt(), nBad);
    QSet<QByteArray> values;
    for (const QJsonValue &v : r.json()[u"records"].toArray()) {
        const QJsonObject rec = v.toObject();
        QCOMPARE(rec[u"error_class"].toString(), QStringLiteral("invalid_payload"));
        QVERIFY(rec[u"origin"].toString().startsWith(QString::fromUtf8(env.source) + u'/'));
        QVERIFY(rec.contains(u"failed_at") && rec.contains(u"attempts") &&
                rec.contains(u"http_status") && rec.contains(u"replay_count") &&
                rec.contains(u"model") && rec.contains(u"error") && rec.contains(u"text_preview"));
        values.insert(QByteArray::fromBase64(rec[u"value_base64"].toString().toLatin1()));
    }
    const QList<QByteArray> allBad = badValues();
    QCOMPARE(values, QSet<QByteArray>(allBad.begin(), allBad.end()));
    QSet<QString> paged;
    for (int offset = 0; offset < nBad + 2; offset += 2) {
        r = anonymous.get(ops("/api/v1/dlq?limit=2&offset=") + QString::number(offset));
        QCOMPARE(r.status, 200);
        QCOMPARE(r.json()[u"total"].toInt(), nBad);
        const QJsonArray page = r.json()[u"records"].toArray();
        QCOMPARE(page.size(), qBound(0, nBad - offset, 2));
        for (const QJsonValue &v : page)
            paged.insert(QString::number(v[u"partition"].toInt()) + u'/' +
                         QString::number(v[u"offset"].toInteger()));
    }
    QCOMPARE(paged.size(), nBad);
    r = anonymous.get(ops("/api/v1/dlq?text=refund&class=invalid_payload"));
    QCOMPARE(r.json()[u"total"].toInt(), 2); // the binary one has no readable text
    for (const QJsonValue &v : r.json()[u"records"].toArray())
        QVERIFY(
            v[u"text_preview"].toString().contains(QStringLiteral("refund"), Qt::CaseInsensitive));
    QCOMPARE(anonymous.get(ops("/api/v1/dlq?class=rate_limited")).json()[u"total"].toInt(), 0);
    QCOMPARE(anonymous.get(ops("/api/v1/dlq?model=no-such-model")).json()[u"total"].toInt(), 0);
    QCOMPARE(anonymous.get(ops("/api/v1/dlq?limit=0")).status, 400);

    // Replay one: refused without the token, then lands byte-identical in the source topic.
    QJsonObject chosen;
    for (const QJsonValue &v : anonymous.get(ops("/api/v1/dlq")).json()[u"records"].toArray())
        if (QByteArray::fromBase64(v[u"value_base64"].toString().toLatin1()) == badValues()[4])
            chosen = v.toObject();
    QVERIFY(!chosen.isEmpty());
    const QByteArray replayBody =
        QJsonDocument(
            QJsonObject{{QStringLiteral("records"),
                         QJsonArray{QJsonObject{{QStringLiteral("partition"), chosen[u"partition"]},
                                                {QStringLiteral("offset"), chosen[u"offset"]}},
                                    QJsonObject{{QStringLiteral("partition"), 0},
                                                {QStringLiteral("offset"), 999999}}}}})
            .toJson();
    const qint64 sourceEnd = TestKafka::endOffsetSum(env.source, env.partitions);
    QCOMPARE(anonymous.post(ops("/api/v1/dlq/replay"), replayBody).status, 401);
    QCOMPARE(admin.post(ops("/api/v1/dlq/replay"), "{\"records\": 3}").status, 400);
    QCOMPARE(admin.post(ops("/api/v1/dlq/replay"), "{\"filter\": {}}").status, 400);
    QCOMPARE(TestKafka::endOffsetSum(env.source, env.partitions), sourceEnd);
    r = admin.post(ops("/api/v1/dlq/replay"), replayBody);
    QCOMPARE(r.status, 200);
    QCOMPARE(r.json()[u"replayed"].toInt(), 1);
    const QJsonArray refused = r.json()[u"refused"].toArray();
    QCOMPARE(refused.size(), 1);
    QCOMPARE(refused[0][u"offset"].toInteger(), 999999);
    QCOMPARE(TestKafka::endOffsetSum(env.source, env.partitions), sourceEnd + 1);
    const QByteArray replayOf = env.dlq + '/' + QByteArray::number(chosen[u"partition"].toInt()) +
                                '/' + QByteArray::number(chosen[u"offset"].toInteger());
    int found = 0;
    for (const TestKafka::Record &in :
         TestKafka::readAll(env.source, int(sourceEnd + 1), 30000, 500))
        if (in.header("herder-replay-of") == replayOf) {
            QCOMPARE(in.value, badValues()[4]);
            QCOMPARE(in.header("herder-replay-count"), QByteArray("1"));
            ++found;
        }
    QCOMPARE(found, 1);

    QVERIFY2(engine.terminateAndWait(), "herder-engine did not stop cleanly on SIGTERM");
    QVERIFY(!engine.log().contains(kToken));
    qInfo("done in %.1f s", double(clock.elapsed()) / 1000.0);
}

QTEST_GUILESS_MAIN(TestOpsApi)
#include "tst_opsapi.moc"
