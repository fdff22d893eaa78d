#include "dlq/dlqreader.h"

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

DlqReader::~DlqReader() = default;

bool DlqReader::open(QString *error)
{
    if (m_reader)
        return true;
    // The group id (required by the consumer API) is never used to commit.
    auto created = kafka::RangeReader::create(m_settings, "-dlq-browser");
    if (auto *e = std::get_if<config::ConfigError>(&created)) {
        *error = e->toString();
        return false;
    }
    m_reader = std::move(std::get<std::unique_ptr<kafka::RangeReader>>(created));
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
    const int partitions = m_reader->partitionCount(topic, m_settings.connect_timeout_ms);
    if (partitions < 0) {
        emit failed(QStringLiteral("the DLQ topic %1 does not exist or Kafka did not answer")
                        .arg(m_settings.dlq_topic));
        return;
    }
    qint32 failed_partition = -1;
    QString reason;
    auto ranges = m_reader->watermarks(topic, partitions, m_settings.connect_timeout_ms,
                                       &failed_partition, &reason);
    if (!ranges) {
        emit failed(QStringLiteral("Kafka did not answer for %1/%2")
                        .arg(m_settings.dlq_topic)
                        .arg(failed_partition));
        return;
    }
    while (m_next.size() < partitions)
        m_next.append(0);
    qint64 expected = 0;
    for (int p = 0; p < partitions; ++p) {
        kafka::RangeReader::Range &range = (*ranges)[p];
        range.low = qMax<qint64>(m_next[p], range.low);
        expected += qMax<qint64>(0, range.high - range.low);
    }
    m_reader->start(topic, *ranges);
    m_running = true;
    emit started(expected);
    m_step->start();
}

void DlqReader::cancel()
{
    m_running = false;
    m_step->stop();
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

DlqRecord DlqReader::recordOf(const kafka::Message &m)
{
    DlqRecord r;
    r.partition = m.partition();
    r.offset = m.offset();
    r.timestamp_ms = m.timestampMs();
    r.key = m.key();
    r.value = m.value();
    m.forEachHeader([&](const char *name, QByteArrayView value) {
        r.headers.append({internedName(name), value.toByteArray()});
    });
    r.parseHeaders();
    return r;
}

void DlqReader::readSome()
{
    if (!m_running)
        return;
    QList<DlqRecord> records;
    kafka::RangeReader::Turn turn;
    turn.max_records = m_page_size;
    turn.max_ms = kTurn_ms;
    turn.poll_ms = kPoll_ms;
    turn.idle_timeout_ms = m_settings.connect_timeout_ms;
    QString error;
    const kafka::RangeReader::Step step = m_reader->read(
        [&](const kafka::Message &m) { records.append(recordOf(m)); }, turn, &error);
    for (qsizetype p = 0; p < m_next.size(); ++p)
        m_next[p] = m_reader->next(qint32(p));
    m_total += records.size();
    if (!records.isEmpty())
        emit page(records);
    switch (step) {
    case kafka::RangeReader::Step::Done:
        m_running = false;
        // Stop fetching between loads: an idle long-poll fetch delays the next loadNew()'s
        // watermark queries by up to fetch.wait.max.ms each.
        m_reader->stop();
        emit loaded(m_total);
        break;
    case kafka::RangeReader::Step::Stalled:
        m_running = false;
        emit failed(QStringLiteral("Kafka stopped delivering %1 after %2 records")
                        .arg(m_settings.dlq_topic)
                        .arg(m_total));
        break;
    case kafka::RangeReader::Step::Failed:
        m_running = false;
        emit failed(error);
        break;
    case kafka::RangeReader::Step::More:
        m_step->start();
        break;
    }
}

} // namespace herder::dlq
