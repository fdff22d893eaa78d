#include "engineundertest.h"

EngineUnderTest::EngineUnderTest(const herder::config::EngineSettings &settings)
    : engine(settings)
{
    connect(&engine, &herder::Engine::snapshotReady, this,
            [this](const herder::metrics::EngineSnapshot &s) {
                last = s;
                if (s.state == herder::metrics::EngineState::CircuitOpen)
                    ++circuit_open_snapshots;
            });
}

QString EngineUnderTest::failure() const
{
    return failed.isEmpty() ? QString() : failed.constFirst().value(1).toString();
}

bool EngineUnderTest::stop(int timeout_ms)
{
    engine.stop();
    return !stopped.isEmpty() || stopped.wait(timeout_ms);
}
