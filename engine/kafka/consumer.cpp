#include "kafka/consumer.h"

#include "kafka/kafkaconfig.h"

#include <QLoggingCategory>

#include <cstring>

Q_DECLARE_LOGGING_CATEGORY(lcKafka)

namespace herder::kafka {

PartitionListPtr toList(const QList<TopicPartition> &partitions)
{
    PartitionListPtr list(rd_kafka_topic_partition_list_new(int(partitions.size())));
    for (const TopicPartition &tp : partitions)
        rd_kafka_topic_partition_list_add(list.get(), tp.topic.constData(), tp.partition);
    return list;
}

QList<TopicPartition> fromList(const rd_kafka_topic_partition_list_t *list)
{
    QList<TopicPartition> out;
    if (!list)
        return out;
    out.reserve(list->cnt);
    for (int i = 0; i < list->cnt; ++i)
        out.append({QByteArray(list->elems[i].topic), list->elems[i].partition});
    return out;
}

std::variant<std::unique_ptr<Consumer>, config::ConfigError>
Consumer::create(const config::EngineSettings &settings, Rebalance rebalance)
{
    auto built = buildConf({{&settings.kafka_common, "kafka"},
                            {&settings.kafka_consumer, "kafka.consumer"}});
    if (auto *error = std::get_if<config::ConfigError>(&built))
        return *error;
    ConfPtr conf = std::move(std::get<ConfPtr>(built));
    setOwned(conf.get(), "group.id", settings.group.toUtf8());
    // At-least-once with out-of-order completion: only the caller knows what is done.
    setOwned(conf.get(), "enable.auto.commit", "false");
    setOwned(conf.get(), "enable.auto.offset.store", "false");
    // Exactly-once mode reads back its own transactional retry topic: only committed records.
    if (settings.transactional() &&
        config::EngineSettings::property(settings.kafka_consumer, "isolation.level").isEmpty())
        setOwned(conf.get(), "isolation.level", "read_committed");
    if (config::EngineSettings::property(settings.kafka_consumer, "queued.max.messages.kbytes")
            .isEmpty())
        setOwned(conf.get(), "queued.max.messages.kbytes", "16384");

    std::unique_ptr<Consumer> consumer(new Consumer);
    consumer->m_rebalance = std::move(rebalance);
    rd_kafka_conf_set_opaque(conf.get(), consumer.get());
    rd_kafka_conf_set_rebalance_cb(conf.get(), &Consumer::onRebalance);
    routeLogs(conf.get());

    char error[512];
    rd_kafka_t *rk = rd_kafka_new(RD_KAFKA_CONSUMER, conf.get(), error, sizeof error);
    if (!rk)
        return config::ConfigError{QStringLiteral("kafka"), QString::fromUtf8(error)};
    conf.release(); // rd_kafka_new took it
    consumer->m_rk.reset(rk);
    rd_kafka_poll_set_consumer(rk);
    consumer->m_queue.reset(rd_kafka_queue_get_consumer(rk));
    consumer->m_waker = std::make_unique<QueueWaker>(consumer->m_queue.get());
    connect(consumer->m_waker.get(), &QueueWaker::ready, consumer.get(),
            &Consumer::messagesReady);
    return consumer;
}

Consumer::~Consumer()
{
    close();
}

bool Consumer::waitReachable(int timeout_ms, QString *error)
{
    return kafka::waitReachable(m_rk.get(), timeout_ms, error);
}

bool Consumer::subscribe(const QList<QByteArray> &topics, QString *error)
{
    PartitionListPtr list(rd_kafka_topic_partition_list_new(int(topics.size())));
    for (const QByteArray &t : topics)
        rd_kafka_topic_partition_list_add(list.get(), t.constData(), RD_KAFKA_PARTITION_UA);
    const rd_kafka_resp_err_t err = rd_kafka_subscribe(m_rk.get(), list.get());
    if (err != RD_KAFKA_RESP_ERR_NO_ERROR) {
        *error = QString::fromUtf8(rd_kafka_err2str(err));
        return false;
    }
    return true;
}

int Consumer::poll(int max, const std::function<void(Message)> &handle)
{
    int handed = 0;
    while (handed < max && !m_closed) {
        rd_kafka_message_t *m = rd_kafka_consumer_poll(m_rk.get(), 0);
        if (!m)
            break;
        if (m->err) {
            if (m->err != RD_KAFKA_RESP_ERR__PARTITION_EOF)
                qCWarning(lcKafka, "consume error: %s", rd_kafka_message_errstr(m));
            rd_kafka_message_destroy(m);
            continue;
        }
        ++handed;
        handle(Message(m));
    }
    return handed;
}

void Consumer::pause(const QList<TopicPartition> &partitions)
{
    if (!partitions.isEmpty())
        rd_kafka_pause_partitions(m_rk.get(), toList(partitions).get());
}

void Consumer::resume(const QList<TopicPartition> &partitions)
{
    if (!partitions.isEmpty())
        rd_kafka_resume_partitions(m_rk.get(), toList(partitions).get());
}

QList<TopicPartition> Consumer::assignment() const
{
    rd_kafka_topic_partition_list_t *list = nullptr;
    if (rd_kafka_assignment(m_rk.get(), &list) != RD_KAFKA_RESP_ERR_NO_ERROR)
        return {};
    PartitionListPtr owned(list);
    return fromList(list);
}

void Consumer::commit(const QList<CommitOffset> &offsets, bool async)
{
    if (offsets.isEmpty() || m_closed)
        return;
    PartitionListPtr list(rd_kafka_topic_partition_list_new(int(offsets.size())));
    for (const CommitOffset &c : offsets)
        rd_kafka_topic_partition_list_add(list.get(), c.tp.topic.constData(), c.tp.partition)
            ->offset = c.offset;
    const rd_kafka_resp_err_t err = rd_kafka_commit(m_rk.get(), list.get(), async ? 1 : 0);
    if (err != RD_KAFKA_RESP_ERR_NO_ERROR && err != RD_KAFKA_RESP_ERR__NO_OFFSET)
        qCWarning(lcKafka, "commit failed: %s", rd_kafka_err2str(err));
}

bool Consumer::seek(const QList<CommitOffset> &offsets, int timeout_ms, QString *error)
{
    if (offsets.isEmpty() || m_closed)
        return true;
    PartitionListPtr list(rd_kafka_topic_partition_list_new(int(offsets.size())));
    for (const CommitOffset &c : offsets)
        rd_kafka_topic_partition_list_add(list.get(), c.tp.topic.constData(), c.tp.partition)
            ->offset = c.offset;
    if (rd_kafka_error_t *e = rd_kafka_seek_partitions(m_rk.get(), list.get(), timeout_ms)) {
        *error = QString::fromUtf8(rd_kafka_error_string(e));
        rd_kafka_error_destroy(e);
        return false;
    }
    for (int i = 0; i < list->cnt; ++i) {
        if (list->elems[i].err != RD_KAFKA_RESP_ERR_NO_ERROR) {
            *error = QStringLiteral("%1/%2: %3")
                         .arg(QString::fromUtf8(list->elems[i].topic))
                         .arg(list->elems[i].partition)
                         .arg(QString::fromUtf8(rd_kafka_err2str(list->elems[i].err)));
            return false;
        }
    }
    return true;
}

qint64 Consumer::highWatermark(const TopicPartition &tp) const
{
    int64_t low = -1, high = -1;
    if (rd_kafka_get_watermark_offsets(m_rk.get(), tp.topic.constData(), tp.partition, &low,
                                       &high) != RD_KAFKA_RESP_ERR_NO_ERROR)
        return -1;
    return high;
}

void Consumer::close()
{
    if (m_closed || !m_rk)
        return;
    m_closed = true;
    m_waker.reset();
    rd_kafka_consumer_close(m_rk.get());
    m_queue.reset();
}

void Consumer::onRebalance(rd_kafka_t *, rd_kafka_resp_err_t err,
                           rd_kafka_topic_partition_list_t *partitions, void *opaque)
{
    // Never let an exception unwind into librdkafka's C frames.
    try {
        static_cast<Consumer *>(opaque)->handleRebalance(err, partitions);
    } catch (...) {
        qCCritical(lcKafka, "exception in rebalance handling");
    }
}

void Consumer::handleRebalance(rd_kafka_resp_err_t err, rd_kafka_topic_partition_list_t *partitions)
{
    const bool cooperative = std::strcmp(rd_kafka_rebalance_protocol(m_rk.get()), "COOPERATIVE") == 0;
    const QList<TopicPartition> tps = fromList(partitions);
    if (err == RD_KAFKA_RESP_ERR__ASSIGN_PARTITIONS) {
        if (cooperative) {
            if (rd_kafka_error_t *e = rd_kafka_incremental_assign(m_rk.get(), partitions))
                rd_kafka_error_destroy(e);
        } else
            rd_kafka_assign(m_rk.get(), partitions);
        qCInfo(lcKafka, "assigned %d partitions", int(tps.size()));
        if (m_rebalance.assigned)
            m_rebalance.assigned(tps);
    } else {
        qCInfo(lcKafka, "revoking %d partitions (%s)", int(tps.size()), rd_kafka_err2name(err));
        if (m_rebalance.revoking)
            m_rebalance.revoking(tps);
        if (cooperative) {
            if (rd_kafka_error_t *e = rd_kafka_incremental_unassign(m_rk.get(), partitions))
                rd_kafka_error_destroy(e);
        } else
            rd_kafka_assign(m_rk.get(), nullptr);
    }
}

} // namespace herder::kafka
