#pragma once

#include "kafka/consumer.h"
#include "kafka/producer.h"
#include "pipeline/transactionalproducer.h"

#include <functional>
#include <memory>

namespace herder::pipeline {

/// TransactionalProducer over the engine's kafka::Producer (which it may replace in place)
/// and the consumer whose group's offsets go into each transaction.
class KafkaTransactionalProducer : public TransactionalProducer
{
public:
    using Create = std::function<std::unique_ptr<kafka::Producer>(QString *error)>;

    /// \a producer is the engine's own pointer: replace() swaps what it holds.
    KafkaTransactionalProducer(std::unique_ptr<kafka::Producer> &producer,
                               kafka::Consumer &consumer, Create create);

    rd_kafka_resp_err_t produce(const QByteArray &topic, QByteArrayView key, QByteArrayView value,
                                const kafka::Headers &headers, void *opaque) override;
    void poll() override;
    bool flush(int timeout_ms) override;
    Status initTransactions(int timeout_ms, QString *error) override;
    Status beginTransaction(QString *error) override;
    Status commitTransaction(const QList<kafka::CommitOffset> &offsets, int timeout_ms,
                             QString *error) override;
    Status abortTransaction(int timeout_ms, QString *error) override;
    QString fatalError() const override;
    bool fenced() const override;
    bool replace(QString *error) override;

private:
    std::unique_ptr<kafka::Producer> &m_producer;
    kafka::Consumer &m_consumer;
    Create m_create;
};

} // namespace herder::pipeline
