#include "ops/dlqservice.h"

#include "dlq/dlqreplayer.h"

#include <QJsonArray>

namespace herder::ops {
namespace {
constexpr int kReplayTimeoutMs = 15000;
constexpr int kIndexedTextChars = 1000; // the decoder's default truncation: what the LLM saw
constexpr int kPreviewChars = 160;

QJsonObject position(const dlq::DlqRecord &r, const QString &reason)
{
    return {{QStringLiteral("partition"), r.partition},
            {QStringLiteral("offset"), r.offset},
            {QStringLiteral("reason"), reason}};
}

config::EngineSettings readerSettings(config::EngineSettings s)
{
    // Every call waits for the reader's watermark queries, which queue behind a fetch that
    // is still waiting for data: keep that wait short.
    config::EngineSettings::setProperty(s.kafka_consumer, "fetch.wait.max.ms", "50");
    return s;
}
} // namespace

DlqService::DlqService(config::EngineSettings settings, QObject *parent)
    : QObject(parent), m_settings(std::move(settings)), m_reader(readerSettings(m_settings), this)
{
    connect(&m_reader, &dlq::DlqReader::page, this, [this](const QList<dlq::DlqRecord> &records) {
        for (const dlq::DlqRecord &r : records)
            m_index.append({r, r.textPreview(kIndexedTextChars)});
    });
    connect(&m_reader, &dlq::DlqReader::loaded, this, &DlqService::onLoaded);
    connect(&m_reader, &dlq::DlqReader::failed, this, &DlqService::onFailed);
}

void DlqService::whenFresh(Job job)
{
    if (m_busy) {
        m_queued.append(std::move(job));
        return;
    }
    m_busy = true;
    m_loading.append(std::move(job));
    m_reader.loadNew();
}

void DlqService::onLoaded()
{
    const QList<Job> jobs = std::exchange(m_loading, {});
    for (const Job &job : jobs)
        job({});
    m_busy = false;
    if (!m_queued.isEmpty()) {
        m_loading = std::exchange(m_queued, {});
        m_busy = true;
        m_reader.loadNew();
    }
}

void DlqService::onFailed(const QString &message)
{
    // The reader stops on failure; everyone waiting gets the error, the next call retries.
    const QList<Job> jobs = std::exchange(m_loading, {}) + std::exchange(m_queued, {});
    m_busy = false;
    for (const Job &job : jobs)
        job(message);
}

void DlqService::list(const DlqFilter &filter, qsizetype offset, qsizetype limit,
                      const Answer &answer)
{
    whenFresh([this, filter, offset, limit, answer](const QString &error) {
        if (!error.isEmpty()) {
            answer(503, {{QStringLiteral("error"), error}});
            return;
        }
        QJsonArray records;
        qsizetype matched = 0;
        for (const Entry &e : std::as_const(m_index)) {
            if (!filter.matches(e.record, e.text))
                continue;
            if (matched >= offset && matched < offset + limit)
                records.append(toJson(e));
            ++matched;
        }
        answer(200, {{QStringLiteral("total"), matched},
                     {QStringLiteral("offset"), offset},
                     {QStringLiteral("limit"), limit},
                     {QStringLiteral("indexed"), m_index.size()},
                     {QStringLiteral("records"), records}});
    });
}

void DlqService::replay(const ReplayRequest &request, const Answer &answer)
{
    whenFresh([this, request, answer](const QString &error) {
        if (!error.isEmpty()) {
            answer(503, {{QStringLiteral("error"), error}});
            return;
        }
        QList<dlq::DlqRecord> chosen;
        QJsonArray refused;
        if (request.positions.isEmpty()) {
            for (const Entry &e : std::as_const(m_index))
                if (request.filter.matches(e.record, e.text))
                    chosen.append(e.record);
        } else {
            QHash<std::pair<qint32, qint64>, const dlq::DlqRecord *> byPosition;
            for (const Entry &e : std::as_const(m_index))
                byPosition.insert({e.record.partition, e.record.offset}, &e.record);
            for (const ReplayRequest::Position &p : request.positions) {
                if (const dlq::DlqRecord *r = byPosition.value({p.partition, p.offset}))
                    chosen.append(*r);
                else
                    refused.append(
                        QJsonObject{{QStringLiteral("partition"), p.partition},
                                    {QStringLiteral("offset"), p.offset},
                                    {QStringLiteral("reason"), QStringLiteral("not_in_dlq")}});
            }
        }
        // Blocks this worker until Kafka acknowledges every write, never the engine thread.
        const dlq::ReplayResult result =
            chosen.isEmpty() ? dlq::ReplayResult{}
                             : dlq::DlqReplayer(m_settings).replay(chosen, kReplayTimeoutMs);
        for (const dlq::DlqRecord &r : result.refused)
            refused.append(position(r, QStringLiteral("replay_limit")));
        QJsonObject body{{QStringLiteral("replayed"), result.replayed},
                         {QStringLiteral("refused"), refused}};
        if (!result.error.isEmpty())
            body.insert(QStringLiteral("error"), result.error);
        answer(result.error.isEmpty() ? 200 : 502, body);
    });
}

QJsonObject DlqService::toJson(const Entry &e)
{
    const dlq::DlqRecord &r = e.record;
    return {{QStringLiteral("partition"), r.partition},
            {QStringLiteral("offset"), r.offset},
            {QStringLiteral("timestamp_ms"), r.timestamp_ms},
            {QStringLiteral("error_class"), r.error_class},
            {QStringLiteral("error"), r.error},
            {QStringLiteral("model"), r.model},
            {QStringLiteral("http_status"), r.http_status},
            {QStringLiteral("attempts"), r.attempts},
            {QStringLiteral("origin"), r.origin},
            {QStringLiteral("failed_at"), r.failed_at},
            {QStringLiteral("replay_count"), r.replay_count},
            {QStringLiteral("cost_usd"), r.cost_usd},
            {QStringLiteral("text_preview"), r.textPreview(kPreviewChars)},
            {QStringLiteral("key_base64"), QString::fromLatin1(r.key.toBase64())},
            {QStringLiteral("value_base64"), QString::fromLatin1(r.value.toBase64())}};
}

} // namespace herder::ops
