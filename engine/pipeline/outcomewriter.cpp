#include "pipeline/outcomewriter.h"

#include "kafka/errortext.h"
#include "pipeline/pipelinelog.h"

#include <QDateTime>
#include <QTimer>

namespace herder::pipeline {
namespace {

constexpr int kRetryProduceMs = 100;
constexpr int kRewriteMs = 1000;

qint64 nowMs()
{
    return QDateTime::currentMSecsSinceEpoch();
}

} // namespace

OutcomeWriter::OutcomeWriter(RecordBuilder &records, QByteArray output_topic,
                             QByteArray retry_topic, QByteArray dlq_topic,
                             metrics::EngineMetrics &metrics, Hooks hooks, QObject *parent)
    : QObject(parent),
      m_records(records),
      m_output_topic(std::move(output_topic)),
      m_retry_topic(std::move(retry_topic)),
      m_dlq_topic(std::move(dlq_topic)),
      m_metrics(metrics),
      m_hooks(std::move(hooks))
{
}

void OutcomeWriter::setProducer(kafka::Producer *producer, TransactionWriter *transactions)
{
    m_producer = producer;
    m_txn = transactions;
}

void OutcomeWriter::writeOutput(Work *w)
{
    w->outcome = Work::Outcome::Enriched;
    produce(w, m_output_topic, m_records.output(*w, nowMs()), {});
}

void OutcomeWriter::writeRetry(Work *w)
{
    const auto delay = m_hooks.retry_delay(*w);
    w->outcome = Work::Outcome::Retried;
    produce(w, m_retry_topic, w->value, m_records.retryHeaders(*w, nowMs() + delay.count()));
}

void OutcomeWriter::writeDlq(Work *w, const llm::Failure &failure)
{
    if (failure.cls != llm::FailureClass::InvalidPayload)
        qCInfo(lcPipeline, "dead-lettering %s: %s", w->origin.constData(),
               qPrintable(failure.message));
    w->outcome = Work::Outcome::DeadLettered;
    w->failure = failure;
    produce(w, m_dlq_topic, w->value, m_records.dlqHeaders(*w, failure, nowMs()));
}

void OutcomeWriter::produce(Work *w, const QByteArray &topic, const QByteArray &value,
                            const kafka::Headers &headers)
{
    w->stage = Work::Stage::Writing;
    const rd_kafka_resp_err_t err = m_txn && !w->written
                                        ? m_txn->write(w, topic, value, headers)
                                        : m_producer->produce(topic, w->key, value, headers, w);
    if (err == RD_KAFKA_RESP_ERR_NO_ERROR)
        return;
    if (err == RD_KAFKA_RESP_ERR__QUEUE_FULL) {
        // The producer is the bottleneck: try again shortly; the offset stays uncommitted.
        QTimer::singleShot(kRetryProduceMs, this, [=, this] { produce(w, topic, value, headers); });
        return;
    }
    qCCritical(lcPipeline, "cannot write %s to %s: %s; its offset stays uncommitted",
               w->origin.constData(), topic.constData(), qPrintable(kafka::errorText(err)));
    if (topic != m_dlq_topic)
        writeDlq(w, llm::Failure{llm::FailureClass::InvalidPayload, 0, {}, kafka::errorText(err),
                                 {}});
}

void OutcomeWriter::rewrite(Work *w)
{
    switch (w->outcome) {
    case Work::Outcome::Enriched:
        writeOutput(w);
        break;
    case Work::Outcome::Retried:
        writeRetry(w);
        break;
    default:
        writeDlq(w, *w->failure);
    }
}

void OutcomeWriter::onDelivery(void *opaque, rd_kafka_resp_err_t err)
{
    auto *w = static_cast<Work *>(opaque);
    if (m_txn && m_txn->delivered(w, err))
        return;
    if (err == RD_KAFKA_RESP_ERR_MSG_SIZE_TOO_LARGE && w->outcome == Work::Outcome::Enriched) {
        // The broker will never take this enriched record; the DLQ keeps the (smaller)
        // original instead of retrying forever.
        writeDlq(w, refusedAsTooLarge(err));
        return;
    }
    if (err != RD_KAFKA_RESP_ERR_NO_ERROR) {
        qCWarning(lcPipeline, "delivery of %s failed: %s; writing it again", w->origin.constData(),
                  qPrintable(kafka::errorText(err)));
        QTimer::singleShot(kRewriteMs, this, [this, w] { rewrite(w); });
        return;
    }
    switch (w->outcome) {
    case Work::Outcome::Enriched:
        ++m_metrics.enriched;
        if (w->timestamp_ms > 0)
            m_metrics.recordEndToEnd(double(nowMs() - w->timestamp_ms));
        break;
    case Work::Outcome::Retried:
        ++m_metrics.retried;
        break;
    case Work::Outcome::DeadLettered:
        ++m_metrics.dead_lettered;
        break;
    case Work::Outcome::None:
        break;
    }
    m_hooks.written(w);
}

} // namespace herder::pipeline
