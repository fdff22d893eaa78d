#include "dlq/dlqreader.h"

#include "kafka/admin.h"
#include "kafka/kafkaconfig.h"

#include <QTimer>

namespace herder::dlq {

DlqReader::DlqReader(config::EngineSettings settings, QObject *parent)
    : QObject(parent), m_settings(std::move(settings))
{
    qRegisterMetaType<QList<herder::dlq::DlqRecord>>();
}

DlqReader::~DlqReader()
{
    if (m_rk)
        rd_kafka_consumer_close(m_rk.get());
}

bool DlqReader::open(QString *error)
{
    if (m_rk)
        return true;
    auto built = kafka::buildConf({{&m_settings.kafka_common, "kafka"},
                                   {&m_settings.kafka_consumer, "kafka.consumer"}});
    if (auto *e = std::get_if<config::ConfigError>(&built)) {
        *error = e->toString();
        return false;
    }
    kafka::ConfPtr conf = std::move(std::get<kafka::ConfPtr>(built));
    // A group id is required by the consumer API; it is never used to commit.
    kafka::setOwned(conf.get(), "group.id", m_settings.group.toUtf8() + "-dlq-browser");
    kafka::setOwned(conf.get(), "enable.auto.commit", "false");
    kafka::setOwned(conf.get(), "enable.partition.eof", "false");
    char errstr[512];
    rd_kafka_t *rk = rd_kafka_new(RD_KAFKA_CONSUMER, conf.get(), errstr, sizeof errstr);
    if (!rk) {
        *error = QString::fromUtf8(errstr);
        return false;
    }
    conf.release();
    m_rk.reset(rk);
    return true;
}

void DlqReader::load(int page_size)
{
    m_next.clear();
    m_total = 0;
    loadNew(page_size);
}

void DlqReader::loadNew(int page_size)
{
    QString error;
    if (!open(&error)) {
        emit failed(error);
        return;
    }
    m_page_size = page_size;
    const QByteArray topic = m_settings.dlq_topic.toUtf8();
    const int partitions = kafka::Admin(m_rk.get()).partitionCount(topic, m_settings.connect_timeout_ms);
    if (partitions < 0) {
        emit failed(QStringLiteral("the DLQ topic %1 does not exist or Kafka did not answer")
                        .arg(m_settings.dlq_topic));
        return;
    }
    m_end.fill(0, partitions);
    while (m_next.size() < partitions)
        m_next.append(0);
    kafka::PartitionListPtr list(rd_kafka_topic_partition_list_new(partitions));
    for (int p = 0; p < partitions; ++p) {
        int64_t low = 0, high = 0;
        if (rd_kafka_query_watermark_offsets(m_rk.get(), topic.constData(), p, &low, &high,
                                             m_settings.connect_timeout_ms) !=
            RD_KAFKA_RESP_ERR_NO_ERROR) {
            emit failed(QStringLiteral("Kafka did not answer for %1/%2").arg(m_settings.dlq_topic).arg(p));
            return;
        }
        m_end[p] = high;
        m_next[p] = qMax<qint64>(m_next[p], low);
        rd_kafka_topic_partition_list_add(list.get(), topic.constData(), p)->offset = m_next[p];
    }
    rd_kafka_assign(m_rk.get(), list.get());
    m_running = true;
    QTimer::singleShot(0, this, &DlqReader::readSome);
}

void DlqReader::cancel()
{
    m_running = false;
}

void DlqReader::readSome()
{
    if (!m_running)
        return;
    QList<DlqRecord> records;
    auto done = [this] {
        for (int p = 0; p < m_end.size(); ++p)
            if (m_next[p] < m_end[p])
                return false;
        return true;
    };
    while (records.size() < m_page_size && !done()) {
        rd_kafka_message_t *m = rd_kafka_consumer_poll(m_rk.get(), 500);
        if (!m)
            continue;
        if (!m->err && m->partition < m_end.size() && m->offset < m_end[m->partition]) {
            DlqRecord r;
            r.partition = m->partition;
            r.offset = m->offset;
            rd_kafka_timestamp_type_t type;
            r.timestamp_ms = rd_kafka_message_timestamp(m, &type);
            if (m->key)
                r.key = QByteArray(static_cast<const char *>(m->key), qsizetype(m->key_len));
            r.value = QByteArray(static_cast<const char *>(m->payload), qsizetype(m->len));
            rd_kafka_headers_t *h = nullptr;
            if (rd_kafka_message_headers(m, &h) == RD_KAFKA_RESP_ERR_NO_ERROR) {
                const char *name;
                const void *v;
                size_t size;
                for (size_t i = 0; !rd_kafka_header_get_all(h, i, &name, &v, &size); ++i)
                    r.headers.append({QByteArray(name),
                                      QByteArray(static_cast<const char *>(v), qsizetype(size))});
            }
            r.parseHeaders();
            records.append(std::move(r));
            m_next[m->partition] = m->offset + 1;
        } else if (!m->err && m->partition < m_end.size()) {
            m_next[m->partition] = qMax(m_next[m->partition], m->offset + 1);
        }
        rd_kafka_message_destroy(m);
    }
    m_total += records.size();
    if (!records.isEmpty())
        emit page(records);
    if (done()) {
        m_running = false;
        emit loaded(m_total);
    } else {
        QTimer::singleShot(0, this, &DlqReader::readSome);
    }
}

} // namespace herder::dlq
