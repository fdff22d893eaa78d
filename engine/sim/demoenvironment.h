#pragma once

#include "config/enginesettings.h"

#include <QObject>

#include <memory>

namespace herder::kafka {
class MockCluster;
}

namespace herder::sim {

class SimServer;
class EventFeeder;

/// Everything `--demo` needs in-process: a librdkafka mock cluster (3 brokers, 12 partitions
/// per topic), the simulated OpenAI-compatible server on loopback and an event feeder.
/// Lives on the thread that created it (the main thread); the engine runs elsewhere.
class DemoEnvironment : public QObject
{
    Q_OBJECT
public:
    explicit DemoEnvironment(QObject *parent = nullptr);
    ~DemoEnvironment() override;

    /// Starts it all and points `settings` at it. False with *error when a part fails.
    bool start(config::EngineSettings &settings, double events_per_s, QString *error);
    void setEventRate(double events_per_s);
    SimServer *server() const { return m_server.get(); }

private:
    std::unique_ptr<kafka::MockCluster> m_cluster;
    std::unique_ptr<SimServer> m_server;
    std::unique_ptr<EventFeeder> m_feeder;
};

} // namespace herder::sim
