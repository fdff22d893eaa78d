#pragma once

#include "kafka/producer.h"
#include "llm/failure.h"
#include "metrics/enginemetrics.h"
#include "pipeline/recordbuilder.h"
#include "pipeline/transactionwriter.h"
#include "pipeline/work.h"

#include <QObject>

#include <chrono>
#include <functional>

namespace herder::pipeline {

/// Writes how each message ended: the enriched record, the retry-topic copy or the DLQ
/// record, and hears the broker's delivery reports. A full producer queue is tried again
/// shortly, a lost record is written again, an enriched record the broker refuses for its
/// size goes to the DLQ instead. In exactly-once mode records go through the
/// TransactionWriter. Engine-thread only.
class OutcomeWriter : public QObject
{
    Q_OBJECT
public:
    struct Hooks
    {
        /// How long a message waits before its retry is due.
        std::function<std::chrono::milliseconds(const Work &)> retry_delay;
        /// The broker acknowledged \a w's record: its offset is done.
        std::function<void(Work *)> written;
    };

    OutcomeWriter(RecordBuilder &records, QByteArray output_topic, QByteArray retry_topic,
                  QByteArray dlq_topic, metrics::EngineMetrics &metrics, Hooks hooks,
                  QObject *parent = nullptr);

    /// The producer to write with, and in exactly-once mode the transaction writer.
    void setProducer(kafka::Producer *producer, TransactionWriter *transactions);

    void writeOutput(Work *w);
    void writeRetry(Work *w);
    void writeDlq(Work *w, const llm::Failure &failure);
    /// Writes one record of \a w (again), however it ended.
    void produce(Work *w, const QByteArray &topic, const QByteArray &value,
                 const kafka::Headers &headers);
    void onDelivery(void *opaque, rd_kafka_resp_err_t err);

private:
    /// \a w's record again, as it ended.
    void rewrite(Work *w);

    RecordBuilder &m_records;
    const QByteArray m_output_topic, m_retry_topic, m_dlq_topic;
    metrics::EngineMetrics &m_metrics;
    Hooks m_hooks;
    kafka::Producer *m_producer = nullptr;
    TransactionWriter *m_txn = nullptr;
};

} // namespace herder::pipeline
