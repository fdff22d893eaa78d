#include "dlq/dlqreader.h"

#include "kafka/admin.h"
#include "kafka/kafkaconfig.h"

namespace herder::dlq {

namespace {
// A read turn returns to the event loop after this long, so cancel() and queued work (replays
// on the same thread) are served even while a large DLQ streams in.
constexpr qint64 kTurn_ms = 100;
constexpr int kPoll_ms = 50;
} // namespace

DlqReader::DlqReader(config::EngineSettings settings, QObject *parent)
    : QObject(parent), m_settings(std::move(settings)), m_step(new QTimer(this))
{
    qRegisterMetaType<QList<herder::dlq::DlqRecord>>();
    // A child, not a member: moveToThread() must take the timer along with the reader.
    m_step->setSingleShot(true);
    m_step->setInterval(0);
    connect(m_step, &QTimer::timeout, this, &DlqReader::readSome);
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
    auto built = kafka::buildConf(
        {{&m_settings.kafka_common, "kafka"}, {&m_settings.kafka_consumer, "kafka.consumer"}});
    if (auto *e = std::get_if<config::ConfigError>(&built)) {
        *error = e->toString();
        return false;
    }
    kafka::ConfPtr conf = std::move(std::get<kafka::ConfPtr>(built));
    // A group id is required by the consumer API; it is never used to commit.
    kafka::setOwned(conf.get(), "group.id", m_settings.group.toUtf8() + "-dlq-browser");
    kafka::setOwned(conf.get(), "enable.auto.commit", "false");
    // The end of a partition can lie beyond its last readable record (transaction markers of
    // exactly-once mode, an open transaction): the EOF event says when nothing more will come.
    kafka::setOwned(conf.get(), "enable.partition.eof", "true");
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
    m_step->stop();
    m_running = false;
    QString error;
    if (!open(&error)) {
        emit failed(error);
        return;
    }
    m_page_size = page_size;
    const QByteArray topic = m_settings.dlq_topic.toUtf8();
    const int partitions =
        kafka::Admin(m_rk.get()).partitionCount(topic, m_settings.connect_timeout_ms);
    if (partitions < 0) {
        emit failed(QStringLiteral("the DLQ topic %1 does not exist or Kafka did not answer")
                        .arg(m_settings.dlq_topic));
        return;
    }
    m_end.fill(0, partitions);
    m_eof.fill(false, partitions);
    while (m_next.size() < partitions)
        m_next.append(0);
    kafka::PartitionListPtr list(rd_kafka_topic_partition_list_new(partitions));
    qint64 expected = 0;
    for (int p = 0; p < partitions; ++p) {
        int64_t low = 0, high = 0;
        if (rd_kafka_query_watermark_offsets(m_rk.get(), topic.constData(), p, &low, &high,
                                             m_settings.connect_timeout_ms) !=
            RD_KAFKA_RESP_ERR_NO_ERROR) {
            emit failed(
                QStringLiteral("Kafka did not answer for %1/%2").arg(m_settings.dlq_topic).arg(p));
            return;
        }
        m_end[p] = high;
        m_next[p] = qMax<qint64>(m_next[p], low);
        rd_kafka_topic_partition_list_add(list.get(), topic.constData(), p)->offset = m_next[p];
        expected += qMax<qint64>(0, m_end[p] - m_next[p]);
    }
    rd_kafka_assign(m_rk.get(), list.get());
    m_running = true;
    emit started(expected);
    m_since_progress.start();
    m_step->start();
}

void DlqReader::cancel()
{
    m_running = false;
    m_step->stop();
}

bool DlqReader::done() const
{
    for (qsizetype p = 0; p < m_end.size(); ++p)
        if (m_next[p] < m_end[p] && !m_eof[p])
            return false;
    return true;
}

QByteArray DlqReader::internedName(const char *name)
{
    // Every DLQ record carries the same eight herder-* names: one copy each, not one per record.
    const QByteArray raw = QByteArray::fromRawData(name, qsizetype(qstrlen(name)));
    auto it = m_names.constFind(raw);
    if (it == m_names.constEnd())
        it = m_names.insert(QByteArray(name));
    return *it;
}

DlqRecord DlqReader::recordOf(const rd_kafka_message_t *m)
{
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
            r.headers.append(
                {internedName(name), QByteArray(static_cast<const char *>(v), qsizetype(size))});
    }
    r.parseHeaders();
    return r;
}

void DlqReader::readSome()
{
    if (!m_running)
        return;
    QList<DlqRecord> records;
    QElapsedTimer turn;
    turn.start();
    while (records.size() < m_page_size && !done() && turn.elapsed() < kTurn_ms) {
        rd_kafka_message_t *m = rd_kafka_consumer_poll(m_rk.get(), kPoll_ms);
        if (!m)
            continue;
        const int p = m->partition;
        const bool ours = p >= 0 && p < m_end.size();
        if (ours && m->err == RD_KAFKA_RESP_ERR__PARTITION_EOF) {
            m_eof[p] = true;
            m_next[p] = qMax(m_next[p], qMin<qint64>(m->offset, m_end[p]));
            m_since_progress.start();
        } else if (ours && !m->err && m->offset < m_end[p]) {
            records.append(recordOf(m));
            m_next[p] = m->offset + 1;
            m_since_progress.start();
        } else if (ours && !m->err) {
            // A record written after load() began: the next loadNew() reads it.
            m_next[p] = qMax(m_next[p], m_end[p]);
        }
        rd_kafka_message_destroy(m);
    }
    m_total += records.size();
    if (!records.isEmpty())
        emit page(records);
    if (done()) {
        m_running = false;
        // Stop fetching between loads: an idle long-poll fetch delays the next loadNew()'s
        // watermark queries by up to fetch.wait.max.ms each.
        rd_kafka_assign(m_rk.get(), nullptr);
        emit loaded(m_total);
    } else if (m_since_progress.elapsed() > m_settings.connect_timeout_ms) {
        m_running = false;
        emit failed(QStringLiteral("Kafka stopped delivering %1 after %2 records")
                        .arg(m_settings.dlq_topic)
                        .arg(m_total));
    } else {
        m_step->start();
    }
}

} // namespace herder::dlq
