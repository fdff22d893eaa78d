#include "loopbacksim.h"

#include <QHostAddress>

using namespace herder;

LoopbackSim::LoopbackSim(int latency_ms)
{
    m_config.latency_mean_ms = latency_ms;
    m_config.latency_jitter_ms = 0;
    m_config.tail_probability = 0.0;
    m_config.api_key = QStringLiteral("test-key");
    m_server = std::make_unique<sim::SimServer>(m_config);
    m_port = m_server->listen(QHostAddress::LocalHost, 0);
}

void LoopbackSim::configure(config::EngineSettings &settings) const
{
    settings.base_url = QUrl(QStringLiteral("http://127.0.0.1:%1/v1").arg(m_port));
    settings.api_key = m_config.api_key;
}
