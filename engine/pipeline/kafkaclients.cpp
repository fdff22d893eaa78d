#include "pipeline/kafkaclients.h"

#include "kafka/admin.h"
#include "pipeline/pipelinelog.h"

namespace herder::pipeline {

KafkaClients::KafkaClients(const config::EngineSettings &settings,
                           kafka::Producer::DeliveryHandler delivery,
                           kafka::Consumer::Rebalance rebalance)
    : m_settings(settings), m_delivery(std::move(delivery)), m_rebalance(std::move(rebalance))
{
}

std::unique_ptr<kafka::Producer> KafkaClients::createProducer(QString *error) const
{
    auto producer = kafka::Producer::create(m_settings, m_delivery);
    if (auto *e = std::get_if<config::ConfigError>(&producer)) {
        *error = e->toString();
        return nullptr;
    }
    return std::move(std::get<std::unique_ptr<kafka::Producer>>(producer));
}

KafkaClients::Opened KafkaClients::open(QString *error)
{
    m_producer = createProducer(error);
    if (!m_producer)
        return Opened::BadConfig;
    auto consumer = kafka::Consumer::create(m_settings, m_rebalance);
    if (auto *e = std::get_if<config::ConfigError>(&consumer)) {
        *error = e->toString();
        return Opened::BadConfig;
    }
    m_consumer = std::move(std::get<std::unique_ptr<kafka::Consumer>>(consumer));

    if (!m_producer->waitReachable(m_settings.connect_timeout_ms, error)) {
        *error = QStringLiteral("Kafka at %1 did not answer within %2 s: %3")
                     .arg(QString::fromUtf8(m_settings.bootstrapServers()))
                     .arg(m_settings.connect_timeout_ms / 1000.0)
                     .arg(*error);
        return Opened::Unreachable;
    }
    createMissingSinks();
    if (m_settings.transactional()) {
        // Also fences an earlier instance with the same transactional.id and aborts what it
        // left open, so its half-done work is invisible to read_committed readers.
        using Status = kafka::Producer::TxnStatus;
        if (m_producer->initTransactions(m_settings.connect_timeout_ms, error) != Status::Ok ||
            m_producer->beginTransaction(error) != Status::Ok) {
            *error = QStringLiteral("exactly-once mode: cannot start transactions: %1").arg(*error);
            return Opened::Unreachable;
        }
        qCInfo(lcPipeline, "exactly-once mode: transactional.id %s",
               config::EngineSettings::property(m_settings.kafka_producer, "transactional.id")
                   .constData());
    }
    return Opened::Ok;
}

void KafkaClients::createMissingSinks()
{
    const QByteArray source = m_settings.source_topic.toUtf8();
    kafka::Admin admin(m_producer->handle());
    const int partitions = admin.partitionCount(source, m_settings.connect_timeout_ms);
    if (partitions < 0)
        qCWarning(lcPipeline, "source topic %s does not exist (yet)", source.constData());
    QList<kafka::TopicSpec> sinks;
    for (const QString &t : {m_settings.retry_topic, m_settings.output_topic, m_settings.dlq_topic})
        if (admin.partitionCount(t.toUtf8(), m_settings.connect_timeout_ms) < 0)
            sinks.append({t.toUtf8(), partitions > 0 ? partitions : 12, -1, {}});
    QString error;
    if (!sinks.isEmpty() && !admin.createTopics(sinks, m_settings.connect_timeout_ms, &error))
        qCWarning(lcPipeline, "could not create topics: %s", qPrintable(error));
}

} // namespace herder::pipeline
