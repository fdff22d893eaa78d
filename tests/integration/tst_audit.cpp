// herder-audit on the real broker: source records matched to hand-written outputs, dead letters
// and retries in the engine's exact shapes, then to a real engine run.
#include "engineundertest.h"
#include "integrationenv.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QTest>

namespace {

constexpr int kPartitions = 3;

/// One herder-audit run: exit code, stdout (JSON when asked), stderr.
struct AuditRun
{
    int exit_code = -1;
    QByteArray out;
    QByteArray err;
    QJsonObject json() const { return QJsonDocument::fromJson(out).object(); }
};

AuditRun audit(const QStringList &arguments)
{
    QProcess process;
    process.start(qEnvironmentVariable("HERDER_BIN_DIR") + QStringLiteral("/herder-audit"),
                  arguments);
    AuditRun run;
    if (!process.waitForFinished(120000)) {
        process.kill();
        process.waitForFinished();
        run.err = "herder-audit did not finish";
        return run;
    }
    run.exit_code = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    run.out = process.readAllStandardOutput();
    run.err = process.readAllStandardError();
    return run;
}

/// The output record the engine's RecordBuilder writes for a source record.
TestKafka::Record outputFor(const QByteArray &topic, const TestKafka::Record &in)
{
    const QJsonObject source{{QStringLiteral("topic"), QString::fromUtf8(topic)},
                             {QStringLiteral("partition"), in.partition},
                             {QStringLiteral("offset"), in.offset},
                             {QStringLiteral("timestamp"), in.timestamp_ms}};
    const QJsonObject result{{QStringLiteral("label"), QStringLiteral("positive")},
                             {QStringLiteral("score"), 0.9},
                             {QStringLiteral("model"), QStringLiteral("gpt-4o-mini")},
                             {QStringLiteral("latency_ms"), 12.5},
                             {QStringLiteral("input_tokens"), 40},
                             {QStringLiteral("output_tokens"), 5},
                             {QStringLiteral("cost_usd"), 0.0000093},
                             {QStringLiteral("estimated"), false}};
    const QJsonObject out{
        {QStringLiteral("id"), QJsonDocument::fromJson(in.value).object()[u"id"]},
        {QStringLiteral("source"), source},
        {QStringLiteral("original"), QJsonDocument::fromJson(in.value).object()},
        {QStringLiteral("results"), QJsonObject{{QStringLiteral("sentiment"), result}}},
        {QStringLiteral("enriched_at"), QStringLiteral("2026-12-03T09:00:00.000Z")},
        {QStringLiteral("engine"), QJsonObject{{QStringLiteral("version"), QStringLiteral("0.1")},
                                               {QStringLiteral("instance"), QStringLiteral("t")}}}};
    return {in.key, QJsonDocument(out).toJson(QJsonDocument::Compact), {}, -1, -1};
}

QByteArray originOf(const QByteArray &topic, const TestKafka::Record &in)
{
    return topic + '/' + QByteArray::number(in.partition) + '/' + QByteArray::number(in.offset);
}

/// The dead letter the engine's RecordBuilder writes: original bytes, herder-* headers.
TestKafka::Record deadLetterFor(const QByteArray &topic, const TestKafka::Record &in,
                                const QByteArray &cls)
{
    return {in.key, in.value,
            {{"herder-error-class", cls},
             {"herder-error", "HTTP 503: upstream unavailable"},
             {"herder-http-status", "503"},
             {"herder-model", "gpt-4o-mini"},
             {"herder-attempts", "5"},
             {"herder-origin", originOf(topic, in)},
             {"herder-failed-at", "2026-12-03T09:00:00.000Z"},
             {"herder-cost-usd", "0"}},
            -1, -1};
}

TestKafka::Record retryFor(const QByteArray &topic, const TestKafka::Record &in)
{
    return {in.key, in.value,
            {{"herder-attempt", "3"},
             {"herder-not-before", "1796288400000"},
             {"herder-origin", originOf(topic, in)},
             {"herder-last-error", "timeout: no answer in 5000 ms"},
             {"herder-cost-usd", "0"}},
            -1, -1};
}

} // namespace

class TestAudit : public QObject
{
    Q_OBJECT
private slots:
    void init();
    void allMatchedExitsZeroWithExactCounts();
    void missingOutputIsLostWithItsOffset();
    void duplicateOutputIsCounted();
    void deadLettersByClassAndPendingRetries();
    void badUsageAndUnreachableKafka();
    void engineRunLosesNothing();

private:
    QStringList arguments(bool json = true) const;

    QByteArray m_source, m_output, m_dlq, m_retry;
    QList<TestKafka::Record> m_inputs; ///< as read back: partitions and offsets known
};

void TestAudit::init()
{
    if (QByteArray(QTest::currentTestFunction()) == "engineRunLosesNothing" ||
        QByteArray(QTest::currentTestFunction()) == "badUsageAndUnreachableKafka")
        return;
    QVERIFY2(!TestKafka::bootstrap().isEmpty(), "no broker: run through ctest");
    m_source = TestKafka::uniqueName("audit");
    m_output = m_source + "-enriched";
    m_dlq = m_source + "-dlq";
    m_retry = m_source + "-retry";
    QString error;
    QVERIFY2(TestKafka::createTopics({m_source, m_output, m_dlq, m_retry}, kPartitions, &error),
             qPrintable(error));
    QVERIFY2(TestKafka::produce(m_source, IntegrationEnv::events(300, 7), &error),
             qPrintable(error));
    m_inputs = TestKafka::readAll(m_source, 300, 60000);
    QCOMPARE(m_inputs.size(), 300);
    // The three partitions all take records, so matching by partition is exercised.
    QSet<qint32> used;
    for (const auto &r : m_inputs)
        used.insert(r.partition);
    QCOMPARE(used.size(), kPartitions);
}

QStringList TestAudit::arguments(bool json) const
{
    QStringList a{QStringLiteral("--bootstrap-servers"), QString::fromUtf8(TestKafka::bootstrap()),
                  QStringLiteral("--source-topic"),      QString::fromUtf8(m_source),
                  QStringLiteral("--output-topic"),      QString::fromUtf8(m_output),
                  QStringLiteral("--dlq-topic"),         QString::fromUtf8(m_dlq)};
    if (json)
        a << QStringLiteral("--json");
    return a;
}

void TestAudit::allMatchedExitsZeroWithExactCounts()
{
    QList<TestKafka::Record> outputs;
    for (const auto &in : m_inputs)
        outputs.append(outputFor(m_source, in));
    QString error;
    QVERIFY2(TestKafka::produce(m_output, outputs, &error), qPrintable(error));

    const AuditRun run = audit(arguments());
    QVERIFY2(run.exit_code == 0, run.err.constData());
    const QJsonObject j = run.json();
    QCOMPARE(j[u"inputs"].toInteger(), 300);
    QCOMPARE(j[u"outputs"].toInteger(), 300);
    QCOMPARE(j[u"unique_enriched"].toInteger(), 300);
    QCOMPARE(j[u"duplicates"].toInteger(), 0);
    QCOMPARE(j[u"dlq"].toInteger(), 0);
    QCOMPARE(j[u"lost"].toInteger(), 0);
    QCOMPARE(j[u"pending"].toInteger(), 0);
    QCOMPARE(j[u"unmatched_outputs"].toInteger(), 0);
    QVERIFY(j[u"lost_examples"].toArray().isEmpty());

    // The human summary says the same.
    const AuditRun text = audit(arguments(false));
    QCOMPARE(text.exit_code, 0);
    QVERIFY2(text.out.contains("unique enriched     300\n"), text.out.constData());
    QVERIFY2(text.out.contains("lost                0\n"), text.out.constData());
}

void TestAudit::missingOutputIsLostWithItsOffset()
{
    const TestKafka::Record missing = m_inputs[123];
    QList<TestKafka::Record> outputs;
    for (qsizetype i = 0; i < m_inputs.size(); ++i)
        if (i != 123)
            outputs.append(outputFor(m_source, m_inputs[i]));
    QString error;
    QVERIFY2(TestKafka::produce(m_output, outputs, &error), qPrintable(error));

    const AuditRun run = audit(arguments());
    QCOMPARE(run.exit_code, 1);
    const QJsonObject j = run.json();
    QCOMPARE(j[u"lost"].toInteger(), 1);
    QCOMPARE(j[u"unique_enriched"].toInteger(), 299);
    const QJsonArray examples = j[u"lost_examples"].toArray();
    QCOMPARE(examples.size(), 1);
    QCOMPARE(examples[0][u"partition"].toInt(), missing.partition);
    QCOMPARE(examples[0][u"offset"].toInteger(), missing.offset);

    const AuditRun text = audit(arguments(false));
    QCOMPARE(text.exit_code, 1);
    QVERIFY2(text.out.contains(QByteArray("lost: " + originOf(m_source, missing) + "\n")),
             text.out.constData());
}

void TestAudit::duplicateOutputIsCounted()
{
    QList<TestKafka::Record> outputs;
    for (const auto &in : m_inputs)
        outputs.append(outputFor(m_source, in));
    const TestKafka::Record twice = m_inputs[42];
    outputs.append(outputFor(m_source, twice));
    QString error;
    QVERIFY2(TestKafka::produce(m_output, outputs, &error), qPrintable(error));

    const AuditRun run = audit(arguments());
    QVERIFY2(run.exit_code == 0, run.err.constData());
    const QJsonObject j = run.json();
    QCOMPARE(j[u"outputs"].toInteger(), 301);
    QCOMPARE(j[u"unique_enriched"].toInteger(), 300);
    QCOMPARE(j[u"duplicates"].toInteger(), 1);
    QCOMPARE(j[u"lost"].toInteger(), 0);
    const QJsonArray examples = j[u"duplicate_examples"].toArray();
    QCOMPARE(examples.size(), 1);
    QCOMPARE(examples[0][u"partition"].toInt(), twice.partition);
    QCOMPARE(examples[0][u"offset"].toInteger(), twice.offset);
    QCOMPARE(examples[0][u"outputs"].toInt(), 2);
}

void TestAudit::deadLettersByClassAndPendingRetries()
{
    // 0-2 timeout, 3-4 invalid_payload, 5 in the retry topic, 6 both enriched and dead-lettered.
    QList<TestKafka::Record> outputs, dead, retries;
    for (qsizetype i = 0; i < m_inputs.size(); ++i) {
        if (i < 3)
            dead.append(deadLetterFor(m_source, m_inputs[i], "timeout"));
        else if (i < 5)
            dead.append(deadLetterFor(m_source, m_inputs[i], "invalid_payload"));
        else if (i == 5)
            retries.append(retryFor(m_source, m_inputs[i]));
        else
            outputs.append(outputFor(m_source, m_inputs[i]));
    }
    dead.append(deadLetterFor(m_source, m_inputs[6], "server_error"));
    QString error;
    QVERIFY2(TestKafka::produce(m_output, outputs, &error), qPrintable(error));
    QVERIFY2(TestKafka::produce(m_dlq, dead, &error), qPrintable(error));
    QVERIFY2(TestKafka::produce(m_retry, retries, &error), qPrintable(error));

    const AuditRun run =
        audit(arguments() << QStringLiteral("--retry-topic") << QString::fromUtf8(m_retry));
    QVERIFY2(run.exit_code == 0, run.err.constData());
    const QJsonObject j = run.json();
    QCOMPARE(j[u"dlq"].toInteger(), 6);
    const QJsonObject byClass = j[u"dlq_by_class"].toObject();
    QCOMPARE(byClass.size(), 3);
    QCOMPARE(byClass[u"timeout"].toInteger(), 3);
    QCOMPARE(byClass[u"invalid_payload"].toInteger(), 2);
    QCOMPARE(byClass[u"server_error"].toInteger(), 1);
    QCOMPARE(j[u"dead_lettered"].toInteger(), 5);
    QCOMPARE(j[u"unique_enriched"].toInteger(), 294);
    QCOMPARE(j[u"duplicates"].toInteger(), 1); // output + dead letter for record 6
    QCOMPARE(j[u"duplicate_examples"].toArray()[0][u"dead_letters"].toInt(), 1);
    QCOMPARE(j[u"pending"].toInteger(), 1);
    QCOMPARE(j[u"retry_records"].toInteger(), 1);
    QCOMPARE(j[u"lost"].toInteger(), 0);

    // Without the retry topic the record in flight has no outcome: lost.
    const AuditRun noRetry = audit(arguments());
    QCOMPARE(noRetry.exit_code, 1);
    QCOMPARE(noRetry.json()[u"lost"].toInteger(), 1);
    QCOMPARE(noRetry.json()[u"lost_examples"].toArray()[0][u"offset"].toInteger(),
             m_inputs[5].offset);
}

void TestAudit::badUsageAndUnreachableKafka()
{
    const AuditRun missing = audit({QStringLiteral("--bootstrap-servers"),
                                    QStringLiteral("127.0.0.1:1"), QStringLiteral("--source-topic"),
                                    QStringLiteral("a"), QStringLiteral("--output-topic"),
                                    QStringLiteral("b")});
    QCOMPARE(missing.exit_code, 2);
    QVERIFY2(missing.err.contains("--dlq-topic"), missing.err.constData());

    const AuditRun badIsolation =
        audit({QStringLiteral("--bootstrap-servers"), QStringLiteral("127.0.0.1:1"),
               QStringLiteral("--source-topic"), QStringLiteral("a"),
               QStringLiteral("--output-topic"), QStringLiteral("b"),
               QStringLiteral("--dlq-topic"), QStringLiteral("c"), QStringLiteral("--isolation"),
               QStringLiteral("dirty")});
    QCOMPARE(badIsolation.exit_code, 2);
    QVERIFY2(badIsolation.err.contains("--isolation"), badIsolation.err.constData());

    const AuditRun noFile = audit({QStringLiteral("--config"), QStringLiteral("/nonexistent.ini")});
    QCOMPARE(noFile.exit_code, 2);
    QVERIFY2(noFile.err.contains("--config"), noFile.err.constData());

    // Nothing listens on port 1: Kafka unreachable.
    const AuditRun unreachable =
        audit({QStringLiteral("--bootstrap-servers"), QStringLiteral("127.0.0.1:1"),
               QStringLiteral("--source-topic"), QStringLiteral("a"),
               QStringLiteral("--output-topic"), QStringLiteral("b"),
               QStringLiteral("--dlq-topic"), QStringLiteral("c")});
    QCOMPARE(unreachable.exit_code, 3);
    QVERIFY2(unreachable.err.contains("unreachable"), unreachable.err.constData());

    // A topic that does not exist is bad configuration, named by its flag.
    const AuditRun noTopic =
        audit({QStringLiteral("--bootstrap-servers"), QString::fromUtf8(TestKafka::bootstrap()),
               QStringLiteral("--source-topic"), QString::fromUtf8(TestKafka::uniqueName("none")),
               QStringLiteral("--output-topic"), QStringLiteral("b"),
               QStringLiteral("--dlq-topic"), QStringLiteral("c")});
    QCOMPARE(noTopic.exit_code, 2);
    QVERIFY2(noTopic.err.contains("source-topic"), noTopic.err.constData());
}

void TestAudit::engineRunLosesNothing()
{
    constexpr int kEvents = 500;
    IntegrationEnv env;
    QString error;
    QVERIFY2(env.setUp({}, &error), qPrintable(error));
    QVERIFY2(TestKafka::produce(env.source, IntegrationEnv::events(kEvents, 11), &error),
             qPrintable(error));
    EngineUnderTest run(env.settings);
    run.start();
    QTRY_VERIFY_WITH_TIMEOUT(run.last.enriched >= kEvents || !run.failed.isEmpty(), 120000);
    QVERIFY2(run.failed.isEmpty(), qPrintable(run.failure()));
    QVERIFY(run.stop());

    // The INI path: the same topics from a file, retry topic included.
    const QString ini =
        QDir::temp().filePath(QString::fromUtf8(env.source) + QStringLiteral(".ini"));
    {
        QFile file(ini);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("[kafka]\nbootstrap.servers=" + TestKafka::bootstrap() + "\n[topics]\nsource=" +
                   env.source + "\noutput=" + env.output + "\nretry=" + env.retry +
                   "\ndlq=" + env.dlq + "\n");
    }
    const AuditRun result = audit({QStringLiteral("--config"), ini, QStringLiteral("--json")});
    QFile::remove(ini);
    QVERIFY2(result.exit_code == 0, result.err.constData());
    const QJsonObject j = result.json();
    QCOMPARE(j[u"topics"][u"retry"].toString(), QString::fromUtf8(env.retry));
    QCOMPARE(j[u"inputs"].toInteger(), kEvents);
    QCOMPARE(j[u"outputs"].toInteger(), kEvents);
    QCOMPARE(j[u"unique_enriched"].toInteger(), kEvents);
    QCOMPARE(j[u"duplicates"].toInteger(), 0);
    QCOMPARE(j[u"lost"].toInteger(), 0);
    QCOMPARE(j[u"unmatched_outputs"].toInteger(), 0);
}

QTEST_GUILESS_MAIN(TestAudit)
#include "tst_audit.moc"
