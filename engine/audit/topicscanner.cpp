#include "audit/topicscanner.h"

namespace herder::audit {

std::variant<std::unique_ptr<TopicScanner>, config::ConfigError>
TopicScanner::create(const config::EngineSettings &settings, const QByteArray &isolation)
{
    auto created = kafka::RangeReader::create(settings, "-audit", isolation);
    if (auto *e = std::get_if<config::ConfigError>(&created))
        return *e;
    return std::unique_ptr<TopicScanner>(
        new TopicScanner(std::move(std::get<std::unique_ptr<kafka::RangeReader>>(created))));
}

bool TopicScanner::waitReachable(int timeout_ms, QString *error)
{
    return m_reader->waitReachable(timeout_ms, error);
}

std::optional<QList<TopicScanner::Range>>
TopicScanner::ranges(const QByteArray &topic, int timeout_ms, bool *missing, QString *error)
{
    *missing = false;
    const int partitions = m_reader->partitionCount(topic, timeout_ms);
    if (partitions < 0) {
        *missing = true;
        *error = QStringLiteral("topic %1 does not exist").arg(QString::fromUtf8(topic));
        return std::nullopt;
    }
    qint32 failed = -1;
    QString reason;
    auto result = m_reader->watermarks(topic, partitions, timeout_ms, &failed, &reason);
    if (!result)
        *error = QStringLiteral("no end offsets for %1/%2: %3")
                     .arg(QString::fromUtf8(topic))
                     .arg(failed)
                     .arg(reason);
    return result;
}

bool TopicScanner::scan(const QByteArray &topic, const QList<Range> &ranges, const Handler &handle,
                        int idle_timeout_ms, QString *error)
{
    m_reader->start(topic, ranges);
    kafka::RangeReader::Turn turn;
    turn.idle_timeout_ms = idle_timeout_ms;
    const kafka::RangeReader::Step step = m_reader->read(handle, turn, error);
    m_reader->stop();
    if (step == kafka::RangeReader::Step::Stalled)
        *error = QStringLiteral("reading %1 stalled: nothing came for %2 ms")
                     .arg(QString::fromUtf8(topic))
                     .arg(idle_timeout_ms);
    return step == kafka::RangeReader::Step::Done;
}

} // namespace herder::audit
