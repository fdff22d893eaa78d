// Integration (d): malformed events, interleaved with good ones, go to the DLQ byte for byte as
// invalid_payload; the good ones around them are all enriched and every offset is committed.
#include "engineundertest.h"
#include "integrationenv.h"

#include <QElapsedTimer>
#include <QJsonDocument>
#include <QTest>

using herder::metrics::EngineSnapshot;

namespace {

struct BadEvent
{
    QByteArray name;
    QByteArray value;
    QString reason_contains; // which decode rule must have rejected it
};

/// A valid JSON object whose text holds more than a million characters, multi-byte ones
/// included, so a re-encoding anywhere on the way would change its bytes.
QByteArray hugeEvent()
{
    const QByteArray chunk = QByteArrayLiteral("Đơn hàng #42 của tôi ở đâu? Where is my order € ");
    const qsizetype chunkChars = QString::fromUtf8(chunk).size();
    QByteArray text;
    qsizetype chars = 0;
    while (chars < 1000050) {
        text += chunk;
        chars += chunkChars;
    }
    return QByteArrayLiteral("{\"id\":\"bad-huge\",\"text\":\"") + text + QByteArrayLiteral("\"}");
}

QList<BadEvent> badEvents()
{
    return {
        {"not-json", QByteArrayLiteral("this is not {json at all"), QStringLiteral("not JSON")},
        {"cut-json", QByteArrayLiteral("{\"id\":\"bad-cut\",\"text\":\"I want a ref"),
         QStringLiteral("not JSON")},
        {"invalid-utf8",
         QByteArrayLiteral("{\"id\":\"bad-utf8\",\"text\":\"caf") + QByteArray("\xC3\x28", 2) +
             QByteArrayLiteral(" au lait, where is my order?\"}"),
         QStringLiteral("UTF-8")},
        {"missing-text", QByteArrayLiteral("{\"id\":\"bad-missing\",\"message\":\"where is my order?\"}"),
         QStringLiteral("missing text")},
        {"text-number", QByteArrayLiteral("{\"id\":\"bad-number\",\"text\":12345}"),
         QStringLiteral("not a string")},
        {"text-null", QByteArrayLiteral("{\"id\":\"bad-null\",\"text\":null}"),
         QStringLiteral("not a string")},
        {"text-object",
         QByteArrayLiteral("{\"id\":\"bad-object\",\"text\":{\"body\":\"I want a refund\"}}"),
         QStringLiteral("not a string")},
        {"array", QByteArrayLiteral("[{\"id\":\"bad-array\",\"text\":\"I want a refund\"}]"),
         QStringLiteral("not a JSON object")},
        {"blank-text", QByteArrayLiteral("{\"id\":\"bad-blank\",\"text\":\"  \\t \"}"),
         QStringLiteral("empty text")},
        {"huge", hugeEvent(), QStringLiteral("exceeds")},
    };
}

QByteArray originOf(const QByteArray &topic, qint32 partition, qint64 offset)
{
    return topic + '/' + QByteArray::number(partition) + '/' + QByteArray::number(offset);
}

} // namespace

class TestBadEvents : public QObject
{
    Q_OBJECT
private slots:
    void badEventsAreDeadLetteredVerbatim();
};

void TestBadEvents::badEventsAreDeadLetteredVerbatim()
{
    IntegrationEnv env;
    QString error;
    QVERIFY2(env.setUp({QStringLiteral("--latency-ms"), QStringLiteral("20"),
                        QStringLiteral("--jitter-ms"), QStringLiteral("5")},
                       &error),
             qPrintable(error));

    // Twelve rounds over the six partitions; bad i sits in partition i % 6 between two good
    // events of that partition (after round 2 + 4 * (i / 6)).
    const QList<BadEvent> bads = badEvents();
    constexpr int kRounds = 12;
    const int kGood = kRounds * env.partitions;
    const QList<TestKafka::Record> goods = IntegrationEnv::events(kGood, 4242);
    QList<TestKafka::Record> produced;
    for (int round = 0; round < kRounds; ++round) {
        for (int p = 0; p < env.partitions; ++p) {
            TestKafka::Record good = goods[round * env.partitions + p];
            good.partition = p;
            produced.append(good);
            const int bad = (round - 2) % 4 == 0 ? (round - 2) / 4 * env.partitions + p : -1;
            if (round >= 2 && bad >= 0 && bad < bads.size())
                produced.append({"bad-" + bads[bad].name, bads[bad].value, {}, p, -1});
        }
    }
    QCOMPARE(produced.size(), kGood + bads.size());
    QVERIFY2(TestKafka::produce(env.source, produced, &error), qPrintable(error));

    // Where each record landed, read back from the source topic (values are unique).
    const QList<TestKafka::Record> source =
        TestKafka::readAll(env.source, int(produced.size()), 60000, 500);
    QCOMPARE(source.size(), produced.size());
    QHash<QByteArray, QByteArray> originByValue;
    for (const TestKafka::Record &r : source)
        originByValue.insert(r.value, originOf(env.source, r.partition, r.offset));
    QCOMPARE(originByValue.size(), produced.size());

    EngineUnderTest run(env.settings);
    const EngineSnapshot &last = run.last;
    QElapsedTimer clock;
    clock.start();
    run.start();
    QTRY_VERIFY_WITH_TIMEOUT((last.enriched >= quint64(kGood) &&
                              last.dead_lettered >= quint64(bads.size())) ||
                                 !run.failed.isEmpty(),
                             60000);
    QVERIFY2(run.failed.isEmpty(), qPrintable(run.failure()));
    qInfo("%d good and %d bad events settled in %.1f s", kGood, int(bads.size()),
          double(clock.elapsed()) / 1000.0);
    QVERIFY(run.stop());
    QCOMPARE(last.invalid, quint64(bads.size()));
    QCOMPARE(last.dead_lettered, quint64(bads.size()));
    QCOMPARE(last.enriched, quint64(kGood));
    QCOMPARE(last.retried, quint64(0));

    // The DLQ holds exactly the bad events, each once, as the bytes that were produced.
    const QList<TestKafka::Record> dlq = TestKafka::readAll(env.dlq, int(bads.size()), 60000);
    QCOMPARE(dlq.size(), bads.size());
    QHash<QByteArray, TestKafka::Record> dlqByOrigin;
    for (const TestKafka::Record &r : dlq) {
        const QByteArray origin = r.header("herder-origin");
        QVERIFY2(!dlqByOrigin.contains(origin), origin.constData());
        dlqByOrigin.insert(origin, r);
    }
    for (const BadEvent &bad : bads) {
        const QByteArray origin = originByValue.value(bad.value);
        QVERIFY2(!origin.isEmpty(), bad.name.constData());
        QVERIFY2(dlqByOrigin.contains(origin),
                 qPrintable(QStringLiteral("%1 (%2) is not in the DLQ")
                                .arg(QString::fromUtf8(bad.name), QString::fromUtf8(origin))));
        const TestKafka::Record &r = dlqByOrigin[origin];
        QCOMPARE(r.header("herder-error-class"), QByteArray("invalid_payload"));
        const QString reason = QString::fromUtf8(r.header("herder-error"));
        QVERIFY2(reason.contains(bad.reason_contains),
                 qPrintable(QString::fromUtf8(bad.name) + QStringLiteral(": ") + reason));
        QCOMPARE(r.value.size(), bad.value.size());
        QVERIFY2(r.value == bad.value,
                 qPrintable(QString::fromUtf8(bad.name) + QStringLiteral(": value differs")));
        QCOMPARE(r.key, "bad-" + bad.name);
        qInfo("%-12s -> DLQ %s: %s", bad.name.constData(), origin.constData(), qPrintable(reason));
    }

    // Every good event has exactly one output, pointing at where it was read; none is lost to
    // a neighbouring bad one.
    const QList<TestKafka::Record> outputs = TestKafka::readAll(env.output, kGood, 60000);
    QCOMPARE(outputs.size(), kGood);
    QHash<QString, QByteArray> originById;
    for (const TestKafka::Record &g : goods)
        originById.insert(QJsonDocument::fromJson(g.value).object()[u"id"].toString(),
                          originByValue.value(g.value));
    QCOMPARE(originById.size(), kGood);
    QSet<QString> seen;
    for (const TestKafka::Record &out : outputs) {
        const QJsonObject o = QJsonDocument::fromJson(out.value).object();
        const QString id = o[u"id"].toString();
        QVERIFY2(originById.contains(id), qPrintable(QStringLiteral("unexpected output ") + id));
        QVERIFY2(!seen.contains(id), qPrintable(QStringLiteral("duplicate output for ") + id));
        seen.insert(id);
        const QJsonObject src = o[u"source"].toObject();
        QCOMPARE(originOf(src[u"topic"].toString().toUtf8(), src[u"partition"].toInt(),
                          src[u"offset"].toInteger()),
                 originById.value(id));
        QVERIFY(o[u"results"].toObject().contains(u"sentiment"));
        QVERIFY(o[u"results"].toObject().contains(u"intent"));
    }
    QCOMPARE(seen.size(), kGood);
    QVERIFY(TestKafka::readAll(env.retry, 0, 3000, 500).isEmpty());

    // Bad events are settled too: every offset is committed.
    const QMap<int, qint64> committed = TestKafka::committed(env.group, env.source, env.partitions);
    qint64 committedSum = 0;
    for (qint64 c : committed)
        committedSum += qMax<qint64>(0, c);
    QCOMPARE(committedSum, TestKafka::endOffsetSum(env.source, env.partitions));
    QCOMPARE(committedSum, qint64(produced.size()));
}

QTEST_GUILESS_MAIN(TestBadEvents)
#include "tst_badevents.moc"
