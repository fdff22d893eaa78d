#include "dlq/dlqreplayer.h"

#include "kafka/errortext.h"
#include "kafka/producer.h"

#include <QDeadlineTimer>

#include <algorithm>

namespace herder::dlq {

DlqReplayer::DlqReplayer(config::EngineSettings settings, int max_replays)
    : m_settings(std::move(settings)), m_max_replays(max_replays)
{
}

ReplayResult DlqReplayer::replay(const QList<DlqRecord> &records, int timeout_ms)
{
    QList<std::pair<DlqRecord, QByteArray>> items;
    items.reserve(records.size());
    for (const DlqRecord &r : records)
        items.append({r, r.value});
    return send(items, timeout_ms);
}

ReplayResult DlqReplayer::replayEdited(const DlqRecord &record, const QByteArray &value,
                                       int timeout_ms)
{
    return send({{record, value}}, timeout_ms);
}

QString DlqReplayer::refusalReason(const DlqRecord &record) const
{
    return QStringLiteral("replayed %1 times already (limit %2)")
        .arg(record.replay_count)
        .arg(m_max_replays);
}

double DlqReplayer::estimatedCostUsd(const QList<DlqRecord> &records)
{
    double sum = 0;
    for (const DlqRecord &r : records)
        sum += r.attempts > 0 ? r.cost_usd / r.attempts : r.cost_usd;
    return sum;
}

ReplayResult DlqReplayer::send(const QList<std::pair<DlqRecord, QByteArray>> &items, int timeout_ms)
{
    ReplayResult result;
    int acked = 0;
    int failed = 0;
    int queued = 0;
    QString firstError;
    const int eligible = int(std::count_if(
        items.cbegin(), items.cend(), [this](const auto &item) { return allows(item.first); }));
    auto created = kafka::Producer::create(m_settings, [&](void *, rd_kafka_resp_err_t err) {
        ++acked;
        if (err != RD_KAFKA_RESP_ERR_NO_ERROR) {
            ++failed;
            if (firstError.isEmpty())
                firstError = kafka::errorText(err);
        }
        if (m_progress)
            m_progress(acked, eligible);
    });
    if (auto *e = std::get_if<config::ConfigError>(&created)) {
        result.error = e->toString();
        return result;
    }
    auto producer = std::move(std::get<std::unique_ptr<kafka::Producer>>(created));
    const QByteArray source = m_settings.source_topic.toUtf8();
    const QByteArray dlq = m_settings.dlq_topic.toUtf8();
    QDeadlineTimer deadline(timeout_ms);
    for (const auto &[record, value] : items) {
        if (!allows(record)) {
            result.refused.append(record);
            continue;
        }
        kafka::Headers headers;
        for (const auto &h : record.headers)
            if (!h.first.startsWith("herder-"))
                headers.append(h);
        headers.append({"herder-replay-of", dlq + '/' + QByteArray::number(record.partition) + '/' +
                                                QByteArray::number(record.offset)});
        headers.append({"herder-replay-count", QByteArray::number(record.replay_count + 1)});
        rd_kafka_resp_err_t err = producer->produce(source, record.key, value, headers, nullptr);
        // A large replay can outrun the producer's queue: serve delivery reports, then retry.
        while (err == RD_KAFKA_RESP_ERR__QUEUE_FULL && !deadline.hasExpired()) {
            producer->pollFor(100);
            err = producer->produce(source, record.key, value, headers, nullptr);
        }
        if (err != RD_KAFKA_RESP_ERR_NO_ERROR) {
            result.error = kafka::errorText(err);
            break;
        }
        ++queued;
    }
    const int remaining_ms = int(qMax<qint64>(1000, deadline.remainingTime()));
    if (!producer->flush(remaining_ms) && result.error.isEmpty())
        result.error = QStringLiteral("Kafka did not confirm the replayed records in time");
    producer->poll();
    result.replayed = acked - failed;
    if (failed && result.error.isEmpty())
        result.error = firstError;
    return result;
}

} // namespace herder::dlq
