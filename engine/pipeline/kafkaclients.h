#pragma once

#include "config/enginesettings.h"
#include "kafka/consumer.h"
#include "kafka/producer.h"

#include <memory>

namespace herder::pipeline {

/// The engine's two Kafka clients: the consumer of the source and retry topics and the
/// producer of the sinks. Opening them checks that Kafka answers, creates the sink topics
/// that are missing and, in exactly-once mode, starts the transactions. Engine-thread only.
class KafkaClients
{
public:
    enum class Opened { Ok = 1, BadConfig, Unreachable };

    KafkaClients(const config::EngineSettings &settings, kafka::Producer::DeliveryHandler delivery,
                 kafka::Consumer::Rebalance rebalance);

    /// Ok, or what went wrong with *error naming it.
    Opened open(QString *error);
    /// A new producer with the same settings and delivery handler (not yet initialised).
    std::unique_ptr<kafka::Producer> createProducer(QString *error) const;

    /// The producer, replaceable in place (exactly-once mode replaces a failed one).
    std::unique_ptr<kafka::Producer> &producer() { return m_producer; }
    kafka::Consumer *consumer() const { return m_consumer.get(); }

private:
    void createMissingSinks();

    const config::EngineSettings &m_settings;
    kafka::Producer::DeliveryHandler m_delivery;
    kafka::Consumer::Rebalance m_rebalance;
    std::unique_ptr<kafka::Consumer> m_consumer;
    std::unique_ptr<kafka::Producer> m_producer;
};

} // namespace herder::pipeline
