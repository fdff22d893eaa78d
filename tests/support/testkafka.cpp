#include "testkafka.h"

#include "kafka/admin.h"
#include "kafka/producer.h"
#include "kafka/rangereader.h"

#include <QDeadlineTimer>
#include <QFile>
#include <QRandomGenerator>
#include <QThread>

using namespace herder;
using namespace herder::kafka;

namespace {

// A loaded CI machine can time a query out (a coordinator or leader still being found): the
// callers compare these figures with what they produced, so an error is retried to a deadline
// and then said, never read as "nothing committed" or "empty topic".
constexpr int kQueryDeadlineMs = 30000;
// Between retries: an error that comes back at once (no leader yet) must not spin.
constexpr unsigned long kRetryBackoffMs = 100;

/// The engine's own clients, pointed at the test broker: only errors logged.
config::EngineSettings clientSettings(const config::KafkaProperties &producer = {})
{
    config::EngineSettings s;
    s.kafka_common = {{"bootstrap.servers", TestKafka::bootstrap()}, {"log_level", "3"}};
    s.kafka_consumer = {};
    s.kafka_producer = producer;
    s.group = QString::fromLatin1(TestKafka::uniqueName("test"));
    return s;
}

std::unique_ptr<Producer> producer(const config::KafkaProperties &properties,
                                   Producer::DeliveryHandler onDelivery = {})
{
    if (!onDelivery)
        onDelivery = [](void *, rd_kafka_resp_err_t) {};
    auto made = Producer::create(clientSettings(properties), std::move(onDelivery));
    if (auto *e = std::get_if<config::ConfigError>(&made))
        qFatal("test producer: %s: %s", qPrintable(e->key), qPrintable(e->message));
    return std::move(std::get<std::unique_ptr<Producer>>(made));
}

/// An assign-only reader: joins no group, commits nothing.
std::unique_ptr<RangeReader> reader(bool committed_only)
{
    auto made = RangeReader::create(clientSettings(), "-reader",
                                    committed_only ? "read_committed" : "read_uncommitted");
    if (auto *e = std::get_if<config::ConfigError>(&made))
        qFatal("test reader: %s: %s", qPrintable(e->key), qPrintable(e->message));
    return std::move(std::get<std::unique_ptr<RangeReader>>(made));
}

TestKafka::Record recordOf(const Message &m)
{
    TestKafka::Record r;
    r.key = m.key();
    r.value = m.value();
    r.partition = m.partition();
    r.offset = m.offset();
    r.timestamp_ms = m.timestampMs();
    r.headers = m.headers();
    return r;
}

/// Partitions 0..n-1's watermarks, retried (with fresh metadata) until the deadline.
std::optional<QList<RangeReader::Range>> watermarks(RangeReader &r, const QByteArray &topic,
                                                    int partitions, int timeout_ms)
{
    qint32 failed = -1;
    QString reason;
    auto ranges = r.watermarks(topic, partitions, timeout_ms, &failed, &reason);
    if (!ranges)
        qWarning("watermarks of %s[%d]: %s", topic.constData(), failed, qPrintable(reason));
    return ranges;
}

} // namespace

QByteArray TestKafka::Record::header(QByteArrayView name) const
{
    for (const auto &[k, v] : headers)
        if (k == name)
            return v;
    return {};
}

QByteArray TestKafka::bootstrap()
{
    const QByteArray env = qgetenv("HERDER_TEST_BOOTSTRAP");
    if (!env.isEmpty())
        return env;
    QFile file(qEnvironmentVariable("HERDER_KAFKA_DIR") + QStringLiteral("/bootstrap.txt"));
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return file.readAll().trimmed();
}

namespace {

QByteArray kafkaDirFile(const QString &name)
{
    QFile file(qEnvironmentVariable("HERDER_KAFKA_DIR") + u'/' + name);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return file.readAll().trimmed();
}

} // namespace

QByteArray TestKafka::saslBootstrap()
{
    return kafkaDirFile(QStringLiteral("bootstrap-sasl.txt"));
}

QByteArray TestKafka::saslSslBootstrap()
{
    return kafkaDirFile(QStringLiteral("bootstrap-sasl-ssl.txt"));
}

QString TestKafka::saslCaFile()
{
    return qEnvironmentVariable("HERDER_KAFKA_DIR") + QStringLiteral("/tls/ca.pem");
}

QByteArray TestKafka::uniqueName(const char *prefix)
{
    return QByteArray(prefix) + '-' +
           QByteArray::number(QRandomGenerator::global()->generate64(), 36);
}

bool TestKafka::createTopics(const QList<QByteArray> &topics, int partitions, QString *error,
                             const QList<std::pair<QByteArray, QByteArray>> &configs)
{
    const std::unique_ptr<Producer> client = producer({});
    Admin admin(client->handle());
    QList<TopicSpec> specs;
    for (const QByteArray &t : topics)
        specs.append({t, partitions, -1, configs});
    if (!admin.createTopics(specs, 30000, error))
        return false;
    // Every partition with a leader, so the first produce does not race creation.
    for (const QByteArray &t : topics)
        if (!admin.waitForLeaders(t, partitions, 20000)) {
            *error = QStringLiteral("%1: partitions without a leader after 20 s")
                         .arg(QString::fromUtf8(t));
            return false;
        }
    return true;
}

bool TestKafka::produce(const QByteArray &topic, const QList<Record> &records, QString *error)
{
    rd_kafka_resp_err_t failure = RD_KAFKA_RESP_ERR_NO_ERROR;
    const std::unique_ptr<Producer> client =
        producer({{"acks", "all"},
                  {"enable.idempotence", "true"},
                  {"linger.ms", "5"},
                  {"message.max.bytes", "4000000"}},
                 [&failure](void *, rd_kafka_resp_err_t err) {
                     if (err != RD_KAFKA_RESP_ERR_NO_ERROR)
                         failure = err;
                 });
    for (const Record &r : records) {
        for (;;) {
            const rd_kafka_resp_err_t err =
                client->produce(topic, r.key, r.value, r.headers, nullptr, r.partition);
            if (err == RD_KAFKA_RESP_ERR__QUEUE_FULL) {
                client->pollFor(100);
                continue;
            }
            if (err != RD_KAFKA_RESP_ERR_NO_ERROR) {
                *error = QString::fromUtf8(rd_kafka_err2str(err));
                return false;
            }
            break;
        }
    }
    if (!client->flush(60000)) {
        *error = QStringLiteral("flush timed out");
        return false;
    }
    if (failure != RD_KAFKA_RESP_ERR_NO_ERROR) {
        *error = QString::fromUtf8(rd_kafka_err2str(failure));
        return false;
    }
    return true;
}

QList<TestKafka::Record> TestKafka::readToEnd(const QByteArray &topic, int partitions,
                                              int timeout_ms, bool committed_only)
{
    QDeadlineTimer deadline(timeout_ms);
    const std::unique_ptr<RangeReader> r = reader(committed_only);
    const auto ranges = watermarks(*r, topic, partitions, timeout_ms);
    if (!ranges)
        return {};
    QList<Record> out;
    r->start(topic, *ranges);
    QString error;
    while (!r->done()) {
        if (deadline.hasExpired())
            return {};
        RangeReader::Turn turn;
        turn.max_ms = qMax<qint64>(1, deadline.remainingTime());
        turn.poll_ms = 100;
        turn.idle_timeout_ms = timeout_ms;
        const RangeReader::Step step =
            r->read([&out](const Message &m) { out.append(recordOf(m)); }, turn, &error);
        if (step == RangeReader::Step::Failed || step == RangeReader::Step::Stalled) {
            qWarning("reading %s: %s", topic.constData(),
                     step == RangeReader::Step::Failed ? qPrintable(error) : "stalled");
            return {};
        }
    }
    return out;
}

QList<TestKafka::Record> TestKafka::readAll(const QByteArray &topic, int expected, int timeout_ms,
                                            int idle_ms, bool committed_only)
{
    QDeadlineTimer deadline(timeout_ms);
    const std::unique_ptr<RangeReader> r = reader(committed_only);
    // The topic may still be written to: read to its current end, look again, until enough
    // came and nothing more for idle_ms.
    int partitions = -1;
    while (partitions <= 0 && !deadline.hasExpired())
        if ((partitions = r->partitionCount(topic, 5000)) <= 0)
            QThread::msleep(kRetryBackoffMs);
    QList<Record> out;
    QList<qint64> next(qMax(0, partitions), 0);
    QDeadlineTimer idle(idle_ms);
    QString error;
    while (partitions > 0 && !deadline.hasExpired()) {
        if (out.size() >= expected && idle.hasExpired())
            break;
        qint32 failed = -1;
        const auto ends = r->watermarks(topic, partitions, 5000, &failed, &error);
        if (!ends) {
            QThread::msleep(kRetryBackoffMs);
            continue;
        }
        QList<RangeReader::Range> ranges;
        bool more = false;
        for (qint32 p = 0; p < partitions; ++p) {
            ranges.append({qMax(next[p], (*ends)[p].low), (*ends)[p].high});
            more = more || ranges.back().low < ranges.back().high;
        }
        if (!more) {
            QThread::msleep(kRetryBackoffMs);
            continue;
        }
        r->start(topic, ranges);
        RangeReader::Turn turn;
        turn.poll_ms = 100;
        turn.idle_timeout_ms = 5000;
        turn.max_ms = qMax<qint64>(1, deadline.remainingTime());
        const qsizetype before = out.size();
        r->read([&out](const Message &m) { out.append(recordOf(m)); }, turn, &error);
        for (qint32 p = 0; p < partitions; ++p)
            next[p] = qMax(next[p], r->next(p));
        if (out.size() > before)
            idle.setRemainingTime(idle_ms);
    }
    r->stop();
    return out;
}

QMap<int, qint64> TestKafka::committed(const QByteArray &group, const QByteArray &topic,
                                       int partitions)
{
    const std::unique_ptr<Producer> client = producer({});
    QDeadlineTimer deadline(kQueryDeadlineMs);
    for (;;) {
        QString error;
        if (const auto offsets = Admin(client->handle())
                                     .committedOffsets(group, topic, partitions, 10000, &error))
            return *offsets;
        if (deadline.hasExpired()) {
            qWarning("committed offsets of %s for %s: %s", topic.constData(), group.constData(),
                     qPrintable(error));
            return {};
        }
        QThread::msleep(kRetryBackoffMs);
    }
}

qint64 TestKafka::endOffsetSum(const QByteArray &topic, int partitions, bool committed_only)
{
    const std::unique_ptr<RangeReader> r = reader(committed_only);
    QDeadlineTimer deadline(kQueryDeadlineMs);
    for (;;) {
        qint32 failed = -1;
        QString reason;
        if (const auto ranges = r->watermarks(topic, partitions, 10000, &failed, &reason)) {
            qint64 sum = 0;
            for (const RangeReader::Range &range : *ranges)
                sum += range.high;
            return sum;
        }
        if (deadline.hasExpired()) {
            qWarning("end offsets of %s[%d]: %s", topic.constData(), failed, qPrintable(reason));
            return 0;
        }
        QThread::msleep(kRetryBackoffMs);
    }
}

QByteArray TestKafka::groupState(const QByteArray &group)
{
    const std::unique_ptr<Producer> client = producer({});
    return Admin(client->handle()).groupState(group, 5000);
}

qint64 TestKafka::committedSum(const QByteArray &group, const QByteArray &topic, int partitions)
{
    qint64 sum = 0;
    for (qint64 c : committed(group, topic, partitions))
        sum += qMax<qint64>(0, c);
    return sum;
}
