#include "kafka/rangereader.h"

#include "kafka/admin.h"
#include "kafka/kafkaconfig.h"

#include <QThread>

namespace herder::kafka {

namespace {

constexpr unsigned long kLeaderRetry_ms = 200;

// Errors a leader election causes; they clear once the client learns the new leader.
bool isLeaderChange(rd_kafka_resp_err_t err)
{
    return err == RD_KAFKA_RESP_ERR_NOT_LEADER_FOR_PARTITION
           || err == RD_KAFKA_RESP_ERR_LEADER_NOT_AVAILABLE
           || err == RD_KAFKA_RESP_ERR__TRANSPORT;
}

} // namespace

std::variant<std::unique_ptr<RangeReader>, config::ConfigError>
RangeReader::create(const config::EngineSettings &settings, const QByteArray &group_suffix,
                    const QByteArray &isolation)
{
    auto built =
        buildConf({{&settings.kafka_common, "kafka"}, {&settings.kafka_consumer, "kafka.consumer"}});
    if (auto *e = std::get_if<config::ConfigError>(&built))
        return *e;
    ConfPtr conf = std::move(std::get<ConfPtr>(built));
    routeLogs(conf.get());
    // The consumer API wants a group id; with assign() and no commits it is never used.
    setOwned(conf.get(), "group.id", settings.group.toUtf8() + group_suffix);
    setOwned(conf.get(), "enable.auto.commit", "false");
    setOwned(conf.get(), "enable.auto.offset.store", "false");
    // The end offset can lie beyond the last readable record (transaction markers, an open
    // transaction): the end-of-partition event says when nothing more will come.
    setOwned(conf.get(), "enable.partition.eof", "true");
    if (!isolation.isEmpty())
        setOwned(conf.get(), "isolation.level", isolation);
    char errstr[512];
    rd_kafka_t *rk = rd_kafka_new(RD_KAFKA_CONSUMER, conf.get(), errstr, sizeof errstr);
    if (!rk)
        return config::ConfigError{QStringLiteral("kafka"), QString::fromUtf8(errstr)};
    conf.release();
    rd_kafka_poll_set_consumer(rk);
    std::unique_ptr<RangeReader> reader(new RangeReader);
    reader->m_rk.reset(rk);
    return reader;
}

RangeReader::~RangeReader()
{
    if (m_rk)
        rd_kafka_consumer_close(m_rk.get());
}

bool RangeReader::waitReachable(int timeout_ms, QString *error)
{
    return kafka::waitReachable(m_rk.get(), timeout_ms, error);
}

int RangeReader::partitionCount(const QByteArray &topic, int timeout_ms)
{
    return Admin(m_rk.get()).partitionCount(topic, timeout_ms);
}

std::optional<QList<RangeReader::Range>>
RangeReader::watermarks(const QByteArray &topic, int partitions, int timeout_ms,
                        qint32 *failed_partition, QString *reason)
{
    QList<Range> result;
    QElapsedTimer clock;
    clock.start();
    for (qint32 p = 0; p < partitions; ++p) {
        int64_t low = 0, high = 0;
        rd_kafka_resp_err_t err = RD_KAFKA_RESP_ERR_NO_ERROR;
        for (;;) {
            const int left_ms = int(qMax<qint64>(1, timeout_ms - clock.elapsed()));
            err = rd_kafka_query_watermark_offsets(m_rk.get(), topic.constData(), p, &low, &high,
                                                   left_ms);
            if (!isLeaderChange(err) || clock.elapsed() >= timeout_ms)
                break;
            QThread::msleep(kLeaderRetry_ms);
            partitionCount(topic, left_ms);
        }
        if (err != RD_KAFKA_RESP_ERR_NO_ERROR) {
            *failed_partition = p;
            *reason = QString::fromUtf8(rd_kafka_err2str(err));
            return std::nullopt;
        }
        result.append({low, high});
    }
    return result;
}

void RangeReader::start(const QByteArray &topic, const QList<Range> &ranges)
{
    m_partitions.clear();
    m_remaining = 0;
    PartitionListPtr list(rd_kafka_topic_partition_list_new(int(ranges.size())));
    for (qsizetype p = 0; p < ranges.size(); ++p) {
        const bool empty = ranges[p].high <= ranges[p].low;
        m_partitions.append({ranges[p].low, ranges[p].high, empty});
        if (empty)
            continue;
        ++m_remaining;
        rd_kafka_topic_partition_list_add(list.get(), topic.constData(), int32_t(p))->offset =
            ranges[p].low;
    }
    if (m_remaining > 0)
        rd_kafka_assign(m_rk.get(), list.get());
    m_since_progress.start();
}

bool RangeReader::done() const
{
    return m_remaining == 0;
}

qint64 RangeReader::next(qint32 p) const
{
    return p >= 0 && p < m_partitions.size() ? m_partitions[p].next : -1;
}

void RangeReader::stop()
{
    rd_kafka_assign(m_rk.get(), nullptr);
}

void RangeReader::settle(const Message &m, const Handler &handle)
{
    const qint32 p = m.partition();
    if (p < 0 || p >= m_partitions.size() || m_partitions[p].done)
        return;
    Partition &part = m_partitions[p];
    if (m.isEndOfPartition()) {
        part.next = qMax(part.next, qMin(m.offset(), part.end));
    } else {
        if (m.offset() < part.end)
            handle(m);
        // A record at or past the end was written after start(): the next range reads it.
        part.next = qMax(part.next, qMin(m.offset() + 1, part.end));
        if (part.next < part.end)
            return;
    }
    part.done = true;
    --m_remaining;
}

RangeReader::Step RangeReader::read(const Handler &handle, const Turn &turn, QString *error)
{
    QElapsedTimer clock;
    clock.start();
    int handed = 0;
    const auto counting = [&](const Message &m) {
        ++handed;
        handle(m);
    };
    while (!done()) {
        if (handed >= turn.max_records || (turn.max_ms >= 0 && clock.elapsed() >= turn.max_ms))
            return Step::More;
        const Message m(rd_kafka_consumer_poll(m_rk.get(), turn.poll_ms));
        if (m.isNull()) {
            if (m_since_progress.hasExpired(turn.idle_timeout_ms))
                return Step::Stalled;
            continue;
        }
        if (m.isError() && !m.isEndOfPartition()) {
            // Transient errors are retried by librdkafka; only fatal ones end the reading.
            if (rd_kafka_fatal_error(m_rk.get(), nullptr, 0) != RD_KAFKA_RESP_ERR_NO_ERROR) {
                *error = m.errorString();
                return Step::Failed;
            }
            continue;
        }
        m_since_progress.restart();
        settle(m, counting);
    }
    return Step::Done;
}

} // namespace herder::kafka
