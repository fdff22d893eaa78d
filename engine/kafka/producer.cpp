#include "kafka/producer.h"

#include "kafka/kafkaconfig.h"

#include <QLoggingCategory>

Q_DECLARE_LOGGING_CATEGORY(lcKafka)

namespace herder::kafka {

std::variant<std::unique_ptr<Producer>, config::ConfigError>
Producer::create(const config::EngineSettings &settings, DeliveryHandler onDelivery)
{
    auto built = buildConf({{&settings.kafka_common, "kafka"},
                            {&settings.kafka_producer, "kafka.producer"}});
    if (auto *error = std::get_if<config::ConfigError>(&built))
        return *error;
    ConfPtr conf = std::move(std::get<ConfPtr>(built));
    // DLQ records carry the original bytes, which the source topic may have accepted at up to
    // the broker's limit; give the producer room for them unless the operator said otherwise.
    if (config::EngineSettings::property(settings.kafka_producer, "message.max.bytes").isEmpty() &&
        config::EngineSettings::property(settings.kafka_common, "message.max.bytes").isEmpty())
        setOwned(conf.get(), "message.max.bytes", "8388608");
    if (settings.transactional()) {
        // Kafka transactions are built on the idempotent producer; say so rather than let
        // librdkafka fail later with a less obvious message.
        if (config::EngineSettings::property(settings.kafka_producer, "enable.idempotence") ==
                "false" ||
            config::EngineSettings::property(settings.kafka_common, "enable.idempotence") ==
                "false")
            return config::ConfigError{
                QStringLiteral("kafka.producer/enable.idempotence"),
                QStringLiteral("must be true when transactional.id is set (exactly-once mode "
                               "needs the idempotent producer)")};
        // A record must time out before its transaction does, or the commit cannot tell.
        QByteArray txn_timeout =
            config::EngineSettings::property(settings.kafka_producer, "transaction.timeout.ms");
        if (txn_timeout.isEmpty()) {
            txn_timeout = "60000";
            setOwned(conf.get(), "transaction.timeout.ms", txn_timeout);
        }
        if (config::EngineSettings::property(settings.kafka_producer, "message.timeout.ms")
                .isEmpty() &&
            config::EngineSettings::property(settings.kafka_common, "message.timeout.ms").isEmpty())
            setOwned(conf.get(), "message.timeout.ms", QByteArray::number(txn_timeout.toInt() / 2));
    }

    std::unique_ptr<Producer> producer(new Producer);
    producer->m_onDelivery = std::move(onDelivery);
    rd_kafka_conf_set_opaque(conf.get(), producer.get());
    rd_kafka_conf_set_dr_msg_cb(conf.get(), &Producer::onDelivery);
    routeLogs(conf.get());

    char error[512];
    rd_kafka_t *rk = rd_kafka_new(RD_KAFKA_PRODUCER, conf.get(), error, sizeof error);
    if (!rk)
        return config::ConfigError{QStringLiteral("kafka.producer"), QString::fromUtf8(error)};
    conf.release();
    producer->m_rk.reset(rk);
    producer->m_main.reset(rd_kafka_queue_get_main(rk));
    producer->m_waker = std::make_unique<QueueWaker>(producer->m_main.get());
    connect(producer->m_waker.get(), &QueueWaker::ready, producer.get(), &Producer::poll);
    return producer;
}

Producer::~Producer()
{
    m_waker.reset();
    m_main.reset();
}

bool Producer::waitReachable(int timeout_ms, QString *error)
{
    return kafka::waitReachable(m_rk.get(), timeout_ms, error);
}

rd_kafka_resp_err_t Producer::produce(const QByteArray &topic, QByteArrayView key,
                                      QByteArrayView value, const Headers &headers, void *opaque,
                                      qint32 partition)
{
    rd_kafka_headers_t *hdrs = nullptr;
    if (!headers.isEmpty()) {
        hdrs = rd_kafka_headers_new(size_t(headers.size()));
        for (const auto &[name, v] : headers)
            rd_kafka_header_add(hdrs, name.constData(), name.size(), v.constData(), v.size());
    }
    // librdkafka's RD_KAFKA_V_* macros are C casts (and GNU statement expressions, which
    // clang's -Wpedantic names).
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wold-style-cast"
#ifdef __clang__
#pragma clang diagnostic ignored "-Wgnu-statement-expression"
#endif
    const rd_kafka_resp_err_t err = rd_kafka_producev(
        m_rk.get(), RD_KAFKA_V_TOPIC(topic.constData()), RD_KAFKA_V_PARTITION(partition),
        RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY),
        RD_KAFKA_V_KEY(const_cast<char *>(key.data()), size_t(key.size())),
        RD_KAFKA_V_VALUE(const_cast<char *>(value.data()), size_t(value.size())),
        RD_KAFKA_V_HEADERS(hdrs), RD_KAFKA_V_OPAQUE(opaque), RD_KAFKA_V_END);
#pragma GCC diagnostic pop
    // On success librdkafka owns the headers; on failure they are still ours.
    if (err != RD_KAFKA_RESP_ERR_NO_ERROR && hdrs)
        rd_kafka_headers_destroy(hdrs);
    return err;
}

void Producer::poll()
{
    rd_kafka_poll(m_rk.get(), 0);
}

void Producer::pollFor(int timeout_ms)
{
    rd_kafka_poll(m_rk.get(), timeout_ms);
}

int Producer::outstanding() const
{
    return rd_kafka_outq_len(m_rk.get());
}

bool Producer::flush(int timeout_ms)
{
    return rd_kafka_flush(m_rk.get(), timeout_ms) == RD_KAFKA_RESP_ERR_NO_ERROR;
}

namespace {

Producer::TxnStatus status(rd_kafka_error_t *e, QString *error)
{
    if (!e)
        return Producer::TxnStatus::Ok;
    *error = QString::fromUtf8(rd_kafka_error_string(e));
    const Producer::TxnStatus s = rd_kafka_error_is_fatal(e) ? Producer::TxnStatus::Fatal
                                                             : Producer::TxnStatus::Abort;
    rd_kafka_error_destroy(e);
    return s;
}

/// Retries a transactional call librdkafka calls retriable (a timeout), as it documents.
template <typename Call> Producer::TxnStatus withRetries(Call call, QString *error)
{
    for (int attempt = 0;; ++attempt) {
        rd_kafka_error_t *e = call();
        if (e && rd_kafka_error_is_retriable(e) && attempt < 3) {
            rd_kafka_error_destroy(e);
            continue;
        }
        return status(e, error);
    }
}

} // namespace

Producer::TxnStatus Producer::initTransactions(int timeout_ms, QString *error)
{
    return withRetries([&] { return rd_kafka_init_transactions(m_rk.get(), timeout_ms); }, error);
}

Producer::TxnStatus Producer::beginTransaction(QString *error)
{
    return status(rd_kafka_begin_transaction(m_rk.get()), error);
}

Producer::TxnStatus Producer::commitTransaction(const QList<CommitOffset> &offsets,
                                                rd_kafka_t *consumer, int timeout_ms,
                                                QString *error)
{
    if (!offsets.isEmpty()) {
        PartitionListPtr list(rd_kafka_topic_partition_list_new(int(offsets.size())));
        for (const CommitOffset &c : offsets)
            rd_kafka_topic_partition_list_add(list.get(), c.tp.topic.constData(), c.tp.partition)
                ->offset = c.offset;
        rd_kafka_consumer_group_metadata_t *group = rd_kafka_consumer_group_metadata(consumer);
        const TxnStatus sent = withRetries(
            [&] {
                return rd_kafka_send_offsets_to_transaction(m_rk.get(), list.get(), group,
                                                            timeout_ms);
            },
            error);
        rd_kafka_consumer_group_metadata_destroy(group);
        if (sent != TxnStatus::Ok)
            return sent;
    }
    return withRetries([&] { return rd_kafka_commit_transaction(m_rk.get(), timeout_ms); },
                       error);
}

Producer::TxnStatus Producer::abortTransaction(int timeout_ms, QString *error)
{
    rd_kafka_error_t *e = rd_kafka_abort_transaction(m_rk.get(), timeout_ms);
    if (!e)
        return TxnStatus::Ok;
    // A retriable error (the broker away, a timeout) means: call again later, the abort goes
    // on meanwhile. Anything else leaves no way forward.
    const bool retriable = rd_kafka_error_is_retriable(e) && !rd_kafka_error_is_fatal(e);
    *error = QString::fromUtf8(rd_kafka_error_string(e));
    rd_kafka_error_destroy(e);
    return retriable ? TxnStatus::Abort : TxnStatus::Fatal;
}

QString Producer::fatalError() const
{
    char reason[512];
    if (rd_kafka_fatal_error(m_rk.get(), reason, sizeof reason) == RD_KAFKA_RESP_ERR_NO_ERROR)
        return {};
    return QString::fromUtf8(reason);
}

bool Producer::fenced() const
{
    return rd_kafka_fatal_error(m_rk.get(), nullptr, 0) == RD_KAFKA_RESP_ERR__FENCED;
}

void Producer::purge()
{
    rd_kafka_purge(m_rk.get(), RD_KAFKA_PURGE_F_QUEUE | RD_KAFKA_PURGE_F_INFLIGHT);
    rd_kafka_flush(m_rk.get(), 1000);
    poll();
}

void Producer::onDelivery(rd_kafka_t *, const rd_kafka_message_t *m, void *opaque)
{
    try {
        auto *self = static_cast<Producer *>(opaque);
        if (self->m_onDelivery)
            self->m_onDelivery(m->_private, m->err);
    } catch (...) {
        qCCritical(lcKafka, "exception in delivery report handling");
    }
}

} // namespace herder::kafka
