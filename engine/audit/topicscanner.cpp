#include "audit/topicscanner.h"

#include "kafka/admin.h"
#include "kafka/kafkaconfig.h"

#include <QElapsedTimer>
#include <QThread>

namespace herder::audit {

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

std::variant<std::unique_ptr<TopicScanner>, config::ConfigError>
TopicScanner::create(const config::EngineSettings &settings, const QByteArray &isolation)
{
    auto built = kafka::buildConf(
        {{&settings.kafka_common, "kafka"}, {&settings.kafka_consumer, "kafka.consumer"}});
    if (auto *e = std::get_if<config::ConfigError>(&built))
        return *e;
    kafka::ConfPtr conf = std::move(std::get<kafka::ConfPtr>(built));
    kafka::routeLogs(conf.get());
    // The consumer API wants a group id; with assign() and no commits it is never used.
    kafka::setOwned(conf.get(), "group.id", settings.group.toUtf8() + "-audit");
    kafka::setOwned(conf.get(), "enable.auto.commit", "false");
    kafka::setOwned(conf.get(), "enable.auto.offset.store", "false");
    // The end offset can lie beyond the last readable record (transaction markers, an open
    // transaction): the end-of-partition event says when nothing more will come.
    kafka::setOwned(conf.get(), "enable.partition.eof", "true");
    kafka::setOwned(conf.get(), "isolation.level", isolation);
    char errstr[512];
    rd_kafka_t *rk = rd_kafka_new(RD_KAFKA_CONSUMER, conf.get(), errstr, sizeof errstr);
    if (!rk)
        return config::ConfigError{QStringLiteral("kafka"), QString::fromUtf8(errstr)};
    conf.release();
    rd_kafka_poll_set_consumer(rk);
    std::unique_ptr<TopicScanner> scanner(new TopicScanner);
    scanner->m_rk.reset(rk);
    return scanner;
}

TopicScanner::~TopicScanner()
{
    if (m_rk)
        rd_kafka_consumer_close(m_rk.get());
}

bool TopicScanner::waitReachable(int timeout_ms, QString *error)
{
    return kafka::waitReachable(m_rk.get(), timeout_ms, error);
}

std::optional<QList<TopicScanner::Range>>
TopicScanner::ranges(const QByteArray &topic, int timeout_ms, bool *missing, QString *error)
{
    *missing = false;
    const int partitions = kafka::Admin(m_rk.get()).partitionCount(topic, timeout_ms);
    if (partitions < 0) {
        *missing = true;
        *error = QStringLiteral("topic %1 does not exist").arg(QString::fromUtf8(topic));
        return std::nullopt;
    }
    QList<Range> result;
    QElapsedTimer clock;
    clock.start();
    for (int p = 0; p < partitions; ++p) {
        int64_t low = 0, high = 0;
        rd_kafka_resp_err_t err = RD_KAFKA_RESP_ERR_NO_ERROR;
        // Right after a broker restart the cached leader can be stale for a moment: refresh the
        // metadata and ask again until the timeout, rather than fail the whole audit.
        for (;;) {
            const int left_ms = int(qMax<qint64>(1, timeout_ms - clock.elapsed()));
            err = rd_kafka_query_watermark_offsets(m_rk.get(), topic.constData(), p, &low, &high,
                                                   left_ms);
            if (!isLeaderChange(err) || clock.elapsed() >= timeout_ms)
                break;
            QThread::msleep(kLeaderRetry_ms);
            kafka::Admin(m_rk.get()).partitionCount(topic, left_ms);
        }
        if (err != RD_KAFKA_RESP_ERR_NO_ERROR) {
            *error = QStringLiteral("no end offsets for %1/%2: %3")
                         .arg(QString::fromUtf8(topic))
                         .arg(p)
                         .arg(QString::fromUtf8(rd_kafka_err2str(err)));
            return std::nullopt;
        }
        result.append({low, high});
    }
    return result;
}

bool TopicScanner::scan(const QByteArray &topic, const QList<Range> &ranges, const Handler &handle,
                        int idle_timeout_ms, QString *error)
{
    kafka::PartitionListPtr list(rd_kafka_topic_partition_list_new(int(ranges.size())));
    QList<bool> done(ranges.size(), true);
    qsizetype remaining = 0;
    for (qsizetype p = 0; p < ranges.size(); ++p) {
        if (ranges[p].high <= ranges[p].low)
            continue;
        done[p] = false;
        ++remaining;
        rd_kafka_topic_partition_list_add(list.get(), topic.constData(), int32_t(p))->offset =
            ranges[p].low;
    }
    if (remaining == 0)
        return true;
    rd_kafka_assign(m_rk.get(), list.get());
    QElapsedTimer since_progress;
    since_progress.start();
    bool ok = true;
    while (remaining > 0) {
        kafka::MessagePtr m(rd_kafka_consumer_poll(m_rk.get(), 200));
        if (!m) {
            if (since_progress.hasExpired(idle_timeout_ms)) {
                *error = QStringLiteral("reading %1 stalled: nothing came for %2 ms")
                             .arg(QString::fromUtf8(topic))
                             .arg(idle_timeout_ms);
                ok = false;
                break;
            }
            continue;
        }
        const qint32 p = m->partition;
        if (m->err == RD_KAFKA_RESP_ERR__PARTITION_EOF) {
            if (p >= 0 && p < done.size() && !done[p]) {
                done[p] = true;
                --remaining;
            }
            since_progress.restart();
            continue;
        }
        if (m->err != RD_KAFKA_RESP_ERR_NO_ERROR) {
            // Transient errors are retried by librdkafka; only fatal ones end the scan.
            if (rd_kafka_fatal_error(m_rk.get(), nullptr, 0) != RD_KAFKA_RESP_ERR_NO_ERROR) {
                *error = QString::fromUtf8(rd_kafka_message_errstr(m.get()));
                ok = false;
                break;
            }
            continue;
        }
        since_progress.restart();
        if (p < 0 || p >= done.size() || done[p])
            continue;
        if (m->offset < ranges[p].high)
            handle(m.get());
        if (m->offset + 1 >= ranges[p].high) {
            done[p] = true;
            --remaining;
        }
    }
    rd_kafka_assign(m_rk.get(), nullptr);
    return ok;
}

QByteArray headerOf(const rd_kafka_message_t *m, const char *name)
{
    rd_kafka_headers_t *headers = nullptr;
    if (rd_kafka_message_headers(m, &headers) != RD_KAFKA_RESP_ERR_NO_ERROR)
        return {};
    const void *value = nullptr;
    size_t size = 0;
    if (rd_kafka_header_get_last(headers, name, &value, &size) != RD_KAFKA_RESP_ERR_NO_ERROR)
        return {};
    return QByteArray(static_cast<const char *>(value), qsizetype(size));
}

} // namespace herder::audit
