#include "pipeline/kafkatransactionalproducer.h"

namespace herder::pipeline {

KafkaTransactionalProducer::KafkaTransactionalProducer(std::unique_ptr<kafka::Producer> &producer,
                                                       kafka::Consumer &consumer, Create create)
    : m_producer(producer), m_consumer(consumer), m_create(std::move(create))
{
}

rd_kafka_resp_err_t KafkaTransactionalProducer::produce(const QByteArray &topic,
                                                        QByteArrayView key, QByteArrayView value,
                                                        const kafka::Headers &headers, void *opaque)
{
    return m_producer->produce(topic, key, value, headers, opaque);
}

void KafkaTransactionalProducer::poll()
{
    m_producer->poll();
}

bool KafkaTransactionalProducer::flush(int timeout_ms)
{
    return m_producer->flush(timeout_ms);
}

KafkaTransactionalProducer::Status KafkaTransactionalProducer::initTransactions(int timeout_ms,
                                                                                QString *error)
{
    return m_producer->initTransactions(timeout_ms, error);
}

KafkaTransactionalProducer::Status KafkaTransactionalProducer::beginTransaction(QString *error)
{
    return m_producer->beginTransaction(error);
}

KafkaTransactionalProducer::Status
KafkaTransactionalProducer::commitTransaction(const QList<kafka::CommitOffset> &offsets,
                                              int timeout_ms, QString *error)
{
    return m_producer->commitTransaction(offsets, m_consumer.handle(), timeout_ms, error);
}

KafkaTransactionalProducer::Status KafkaTransactionalProducer::abortTransaction(int timeout_ms,
                                                                                QString *error)
{
    return m_producer->abortTransaction(timeout_ms, error);
}

QString KafkaTransactionalProducer::fatalError() const
{
    return m_producer->fatalError();
}

bool KafkaTransactionalProducer::fenced() const
{
    return m_producer->fenced();
}

bool KafkaTransactionalProducer::replace(QString *error)
{
    // Serve the old producer's last delivery reports (all of cancelled work) before it goes.
    m_producer->purge();
    m_producer.reset();
    m_producer = m_create(error);
    return bool(m_producer);
}

} // namespace herder::pipeline
