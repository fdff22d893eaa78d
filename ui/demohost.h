#pragma once

#include "config/enginesettings.h"

#include <QObject>
#include <QThread>

namespace herder::sim {
class DemoEnvironment;
}

namespace herder::ui {

/// Runs the demo (mock Kafka cluster, simulated LLM server, event feeder) on a thread of its
/// own: the simulated server answers thousands of requests a second and must not share the
/// UI's event loop.
class DemoHost : public QObject
{
    Q_OBJECT
public:
    explicit DemoHost(QObject *parent = nullptr);
    /// Tears the demo down on its thread, then ends the thread.
    ~DemoHost() override;

    /// Starts the demo and points `settings` at it; blocks until it is up (a fraction of a
    /// second). False with *error when a part fails.
    bool start(config::EngineSettings &settings, double events_per_s, QString *error);
    void setEventRate(double events_per_s);

private:
    QThread m_thread;
    sim::DemoEnvironment *m_demo = nullptr; ///< lives on m_thread
};

} // namespace herder::ui
