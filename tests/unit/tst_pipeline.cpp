// The flow on its own and quickly: a Pipeline against librdkafka's in-process mock cluster and
// the simulated provider on loopback. In each mode the same events come out as one output each,
// malformed ones as DLQ records holding their original bytes, every offset is committed, and a
// message whose calls keep failing goes round through the retry topic and still comes out once.
// (The real broker, exactly-once mode and the kills are the integration tests' and chaos run's.)
#include "kafka/mockcluster.h"
#include "kafka/producer.h"
#include "kafka/rangereader.h"
#include "pipeline/pipeline.h"
#include "sim/eventgenerator.h"
#include "loopbacksim.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>
#include <QSignalSpy>
#include <QTest>

using namespace herder;
using config::ProcessingMode;
using pipeline::Pipeline;

namespace {

constexpr int kPartitions = 3;
const QList<QByteArray> kTopics{"events", "events-enriched", "events-retry", "events-dlq"};

struct Record
{
    QByteArray key;
    QByteArray value;
    kafka::Headers headers;
    QByteArray header(const char *name) const
    {
        for (const auto &[k, v] : headers)
            if (k == name)
                return v;
        return {};
    }
};

} // namespace

class TestPipeline : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void init();
    void eachModeEnrichesDeadLettersAndCommits_data();
    void eachModeEnrichesDeadLettersAndCommits();
    void failingCallsGoRoundThroughTheRetryTopic();

private:
    /// Produces \a values (keyed by index) to the source topic and waits for their delivery.
    void produce(const QList<QByteArray> &values);
    /// Every record of \a topic up to its current end.
    QList<Record> readTopic(const QByteArray &topic);
    /// Runs a Pipeline until \a settled holds for its snapshot, then stops it and waits until it
    /// has; returns the snapshot that settled (its partitions: a stopped one owns none) and the
    /// last one, taken after the stop.
    std::pair<metrics::EngineSnapshot, metrics::EngineSnapshot>
    runUntil(const std::function<bool(const metrics::EngineSnapshot &)> &settled);

    LoopbackSim m_sim{2};
    std::unique_ptr<kafka::MockCluster> m_cluster;
    config::EngineSettings m_settings;
    int m_run = 0;
};

void TestPipeline::initTestCase()
{
    QVERIFY(m_sim.listening());
    m_sim.configure(m_settings);
    m_settings.concurrency = 8;
    m_settings.retry_base_ms = 10;
    m_settings.retry_cap_ms = 50;
    m_settings.cache_max_entries = 0; // every event pays its calls: the counts stay exact
}

void TestPipeline::init()
{
    // A cluster per test: its topics start empty and the group has committed nothing.
    m_cluster.reset();
    m_cluster = std::make_unique<kafka::MockCluster>(1, kTopics, kPartitions);
    m_settings.kafka_common = {{"bootstrap.servers", m_cluster->bootstrapServers()},
                               {"log_level", "3"}};
    m_settings.group = QStringLiteral("tst-pipeline-%1").arg(++m_run);
    m_settings.source_topic = QString::fromLatin1(kTopics[0]);
    m_settings.output_topic = QString::fromLatin1(kTopics[1]);
    m_settings.retry_topic = QString::fromLatin1(kTopics[2]);
    m_settings.dlq_topic = QString::fromLatin1(kTopics[3]);
    m_sim.server().setConfig(m_sim.config());
    m_sim.server().resetStats();
}

void TestPipeline::produce(const QList<QByteArray> &values)
{
    auto made = kafka::Producer::create(m_settings, [](void *, rd_kafka_resp_err_t) {});
    QVERIFY(std::holds_alternative<std::unique_ptr<kafka::Producer>>(made));
    auto producer = std::move(std::get<std::unique_ptr<kafka::Producer>>(made));
    for (int i = 0; i < values.size(); ++i)
        QCOMPARE(producer->produce(kTopics[0], QByteArray::number(i), values[i], {}, nullptr),
                 RD_KAFKA_RESP_ERR_NO_ERROR);
    QVERIFY(producer->flush(10000));
}

QList<Record> TestPipeline::readTopic(const QByteArray &topic)
{
    auto made = kafka::RangeReader::create(m_settings, "-check");
    auto reader = std::move(std::get<std::unique_ptr<kafka::RangeReader>>(made));
    qint32 failed = -1;
    QString reason;
    const auto ranges = reader->watermarks(topic, kPartitions, 10000, &failed, &reason);
    if (!ranges) {
        qWarning("watermarks of %s: partition %d: %s", topic.constData(), failed,
                 qPrintable(reason));
        return {};
    }
    reader->start(topic, *ranges);
    QList<Record> out;
    QString error;
    kafka::RangeReader::Turn turn;
    turn.idle_timeout_ms = 5000;
    const auto step = reader->read(
        [&](const kafka::Message &m) { out.append({m.key(), m.value(), m.headers()}); }, turn,
        &error);
    if (step != kafka::RangeReader::Step::Done)
        qWarning("reading %s ended with %d: %s", topic.constData(), int(step), qPrintable(error));
    return out;
}

std::pair<metrics::EngineSnapshot, metrics::EngineSnapshot>
TestPipeline::runUntil(const std::function<bool(const metrics::EngineSnapshot &)> &settled)
{
    Pipeline pipeline(m_settings);
    QSignalSpy stopped(&pipeline, &Pipeline::stopped);
    QSignalSpy failed(&pipeline, &Pipeline::failed);
    QString error;
    if (pipeline.start(&error) != Pipeline::Ok) {
        qWarning("start: %s", qPrintable(error));
        return {};
    }
    metrics::EngineSnapshot last;
    const bool done = QTest::qWaitFor(
        [&] {
            last = pipeline.snapshot();
            return settled(last) || !failed.isEmpty();
        },
        60000);
    if (!done || !failed.isEmpty())
        qWarning("did not settle: consumed %llu, enriched %llu, dead-lettered %llu, retried %llu",
                 last.consumed, last.enriched, last.dead_lettered, last.retried);
    pipeline.stop();
    if (!QTest::qWaitFor([&] { return !stopped.isEmpty(); }, 30000))
        qWarning("the pipeline did not stop");
    return {last, pipeline.snapshot()};
}

void TestPipeline::eachModeEnrichesDeadLettersAndCommits_data()
{
    QTest::addColumn<ProcessingMode>("mode");
    QTest::newRow("per-task") << ProcessingMode::PerTask;
    QTest::newRow("combined") << ProcessingMode::Combined;
    QTest::newRow("batch") << ProcessingMode::Batch;
}

void TestPipeline::eachModeEnrichesDeadLettersAndCommits()
{
    QFETCH(ProcessingMode, mode);
    m_settings.mode = mode;
    m_settings.batch_size = 4;
    constexpr int kGood = 40;
    sim::EventGenerator generator(7);
    QList<QByteArray> values;
    QSet<QString> ids;
    for (int i = 0; i < kGood; ++i) {
        const auto e = generator.next();
        values.append(e.value);
        ids.insert(e.id);
    }
    const QList<QByteArray> bad{"{not json", R"({"id":"no-text"})"};
    values.insert(10, bad[0]);
    values.insert(30, bad[1]);
    produce(values);

    const auto total = quint64(values.size());
    const auto [settled, last] = runUntil([&](const metrics::EngineSnapshot &s) {
        return s.enriched + s.dead_lettered >= total && s.committed >= total;
    });
    QCOMPARE(last.consumed, total);
    QCOMPARE(last.enriched, quint64(kGood));
    QCOMPARE(last.invalid, quint64(bad.size()));
    QCOMPARE(last.dead_lettered, quint64(bad.size()));
    QCOMPARE(last.retried, quint64(0));
    QCOMPARE(last.committed, total);
    // Every source partition is committed to its end.
    qint64 committed = 0;
    for (const metrics::PartitionStats &p : settled.partitions)
        if (p.topic == m_settings.source_topic) {
            QCOMPARE(p.committed, p.high_watermark);
            committed += p.committed;
        }
    QCOMPARE(committed, qint64(total));

    // One output per good event, each with both tasks' results.
    const QList<Record> outputs = readTopic(kTopics[1]);
    QCOMPARE(outputs.size(), kGood);
    QSet<QString> seen;
    for (const Record &r : outputs) {
        const QJsonObject o = QJsonDocument::fromJson(r.value).object();
        seen.insert(o[u"id"].toString());
        const QJsonObject results = o[u"results"].toObject();
        QVERIFY2(results[u"sentiment"].toObject().contains(u"label"), r.value.constData());
        QVERIFY2(results[u"intent"].toObject().contains(u"label"), r.value.constData());
    }
    QCOMPARE(seen, ids);

    // The malformed events in the DLQ with their reason and their original bytes and keys.
    const QList<Record> dlq = readTopic(kTopics[3]);
    QCOMPARE(dlq.size(), bad.size());
    QSet<QByteArray> dead;
    for (const Record &r : dlq) {
        QCOMPARE(r.header("herder-error-class"), QByteArray("invalid_payload"));
        QVERIFY(!r.header("herder-error").isEmpty());
        QCOMPARE(values.value(r.key.toInt()), r.value);
        dead.insert(r.value);
    }
    QCOMPARE(dead, QSet<QByteArray>(bad.begin(), bad.end()));
    QVERIFY(readTopic(kTopics[2]).isEmpty());
}

void TestPipeline::failingCallsGoRoundThroughTheRetryTopic()
{
    // Four calls in ten fail with a 500: with two quick retries in process, about one message
    // in sixteen spends them and goes through the retry topic; fifteen attempts in all leave no
    // event for the DLQ (0.4^15 a call).
    sim::SimConfig failing = m_sim.config();
    failing.rate_500 = 0.4;
    m_sim.server().setConfig(failing);
    m_settings.mode = ProcessingMode::PerTask;
    m_settings.max_attempts = 15;
    constexpr int kEvents = 60;
    sim::EventGenerator generator(11);
    QList<QByteArray> values;
    for (int i = 0; i < kEvents; ++i)
        values.append(generator.next().value);
    produce(values);

    const metrics::EngineSnapshot last = runUntil([&](const metrics::EngineSnapshot &s) {
        return s.enriched >= quint64(kEvents) && s.inflight_messages == 0 && s.held_retries == 0;
    }).second;
    QCOMPARE(last.enriched, quint64(kEvents));
    QCOMPARE(last.dead_lettered, quint64(0));
    QVERIFY2(last.retried > 0, "no message went through the retry topic");
    QCOMPARE(last.consumed, quint64(kEvents)); // the source's; the retry topic's are not counted

    const QList<Record> retries = readTopic(kTopics[2]);
    QCOMPARE(quint64(retries.size()), last.retried);
    for (const Record &r : retries) {
        QVERIFY(r.header("herder-attempt").toInt() >= 3);
        QVERIFY(r.header("herder-last-error").startsWith("server_error"));
    }
    // Each event still comes out exactly once.
    const QList<Record> outputs = readTopic(kTopics[1]);
    QCOMPARE(outputs.size(), kEvents);
    QSet<QString> ids;
    for (const Record &r : outputs)
        ids.insert(QJsonDocument::fromJson(r.value).object()[u"id"].toString());
    QCOMPARE(ids.size(), kEvents);
    QVERIFY(readTopic(kTopics[3]).isEmpty());
}

QTEST_GUILESS_MAIN(TestPipeline)
#include "tst_pipeline.moc"
