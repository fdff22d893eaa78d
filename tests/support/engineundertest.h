#pragma once

#include "engine.h"

#include <QSignalSpy>

/// An in-process engine for one test: keeps the latest snapshot, and watches for a start
/// failure and for the end of a graceful stop.
class EngineUnderTest : public QObject
{
    Q_OBJECT
public:
    explicit EngineUnderTest(const herder::config::EngineSettings &settings);

    herder::Engine engine;
    herder::metrics::EngineSnapshot last;
    /// Snapshots that said circuit-open (about four a second while it is: the cool-down is
    /// seconds long, so an opening is never missed).
    int circuit_open_snapshots = 0;
    QSignalSpy failed{&engine, &herder::Engine::failed};
    QSignalSpy stopped{&engine, &herder::Engine::stopped};

    void start() { engine.start(); }
    /// The start failure's message, empty while none came.
    QString failure() const;
    /// Graceful stop; true once the engine says it stopped.
    bool stop(int timeout_ms = 30000);
};
