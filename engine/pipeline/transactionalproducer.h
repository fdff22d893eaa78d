#pragma once

#include "kafka/producer.h"
#include "kafka/topicpartition.h"

#include <QByteArray>
#include <QList>
#include <QString>

namespace herder::pipeline {

/// What the exactly-once writer needs of Kafka: a transactional producer whose transactions
/// carry the consumer group's offsets, and a way to start over with a new producer under the
/// same transactional.id. KafkaTransactionalProducer in the engine; a fake in unit tests.
class TransactionalProducer
{
public:
    using Status = kafka::Producer::TxnStatus;

    virtual ~TransactionalProducer() = default;

    /// Queues one record into the open transaction; see kafka::Producer::produce().
    virtual rd_kafka_resp_err_t produce(const QByteArray &topic, QByteArrayView key,
                                        QByteArrayView value, const kafka::Headers &headers,
                                        void *opaque) = 0;
    /// Serves delivery reports now.
    virtual void poll() = 0;
    virtual bool flush(int timeout_ms) = 0;
    virtual Status initTransactions(int timeout_ms, QString *error) = 0;
    virtual Status beginTransaction(QString *error) = 0;
    /// Adds the consumer group's \a offsets to the open transaction and commits it.
    virtual Status commitTransaction(const QList<kafka::CommitOffset> &offsets, int timeout_ms,
                                     QString *error) = 0;
    virtual Status abortTransaction(int timeout_ms, QString *error) = 0;
    virtual QString fatalError() const = 0;
    /// The fatal error is fencing: another producer with the same transactional.id took over.
    virtual bool fenced() const = 0;
    /// Serves the last delivery reports of the current producer, destroys it and creates a new
    /// one (transactions not initialised yet); false, with \a error, if that failed.
    virtual bool replace(QString *error) = 0;
};

} // namespace herder::pipeline
