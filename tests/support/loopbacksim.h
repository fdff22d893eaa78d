#pragma once

#include "config/enginesettings.h"
#include "sim/simconfig.h"
#include "sim/simserver.h"

#include <memory>

/// The simulated provider in this process on a free loopback port, for unit tests of the parts
/// that call it: exact answers (no jitter, no tail latency) after `latency_ms`, and one API key.
class LoopbackSim
{
public:
    explicit LoopbackSim(int latency_ms);

    /// False when no port could be had (the test should fail there).
    bool listening() const { return m_port != 0; }
    herder::sim::SimServer &server() { return *m_server; }
    /// What it was started with: tests change a copy and set it, then set this one back.
    const herder::sim::SimConfig &config() const { return m_config; }
    /// Points \a settings at it: base URL and the key it accepts.
    void configure(herder::config::EngineSettings &settings) const;

private:
    herder::sim::SimConfig m_config;
    std::unique_ptr<herder::sim::SimServer> m_server;
    quint16 m_port = 0;
};
