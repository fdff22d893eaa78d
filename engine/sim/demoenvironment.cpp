#include "sim/demoenvironment.h"

#include "kafka/mockcluster.h"
#include "sim/eventfeeder.h"
#include "sim/simserver.h"

#include <QHostAddress>

namespace herder::sim {

DemoEnvironment::DemoEnvironment(QObject *parent) : QObject(parent) {}

DemoEnvironment::~DemoEnvironment()
{
    m_feeder.reset();
    m_server.reset();
    m_cluster.reset();
}

bool DemoEnvironment::start(config::EngineSettings &settings, double events_per_s, QString *error)
{
    const QList<QByteArray> topics{settings.source_topic.toUtf8(), settings.retry_topic.toUtf8(),
                                   settings.output_topic.toUtf8(), settings.dlq_topic.toUtf8()};
    m_cluster = std::make_unique<kafka::MockCluster>(3, topics, 12);

    SimConfig sim;
    sim.rate_500 = 0.002; // rare errors, so the retry path shows too
    sim.rate_429 = 0.002;
    m_server = std::make_unique<SimServer>(sim);
    const quint16 port = m_server->listen(QHostAddress::LocalHost, 0);
    if (port == 0) {
        *error = QStringLiteral("the simulated LLM server could not listen on 127.0.0.1");
        return false;
    }

    settings.kafka_common = {{"bootstrap.servers", m_cluster->bootstrapServers()}};
    settings.base_url = QUrl(QStringLiteral("http://127.0.0.1:%1/v1").arg(port));
    if (settings.api_key.isEmpty())
        settings.api_key = QStringLiteral("demo-key");
    settings.simulated = true;
    settings.connect_timeout_ms = 5000;

    m_feeder = std::make_unique<EventFeeder>(settings, settings.source_topic.toUtf8(),
                                             events_per_s);
    m_feeder->setMalformedEvery(500);
    if (!m_feeder->isValid()) {
        *error = QStringLiteral("the demo event producer could not start");
        return false;
    }
    return true;
}

void DemoEnvironment::setEventRate(double events_per_s)
{
    if (m_feeder)
        m_feeder->setRate(events_per_s);
}

} // namespace herder::sim
