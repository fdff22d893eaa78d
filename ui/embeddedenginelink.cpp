#include "embeddedenginelink.h"

#include "dlqworker.h"
#include "engine.h"

namespace herder::ui {

EmbeddedEngineLink::EmbeddedEngineLink(config::EngineSettings settings, QObject *parent)
    : EngineLink(parent), m_settings(std::move(settings))
{
}

EmbeddedEngineLink::~EmbeddedEngineLink() = default;

void EmbeddedEngineLink::start()
{
    if (m_running)
        return;
    m_engine = std::make_unique<Engine>(m_settings);
    connect(m_engine.get(), &Engine::snapshotReady, this, &EngineLink::snapshotReady);
    connect(m_engine.get(), &Engine::started, this, &EngineLink::started);
    connect(m_engine.get(), &Engine::failed, this, [this](int code, const QString &message) {
        m_running = false;
        emit failed(code, message);
    });
    connect(m_engine.get(), &Engine::stopped, this, [this] {
        m_running = false;
        emit stopped();
    });
    m_running = true;
    m_engine->start();
}

void EmbeddedEngineLink::stop()
{
    if (m_engine && m_running)
        m_engine->stop();
}

void EmbeddedEngineLink::pause()
{
    if (m_engine)
        m_engine->pause();
}

void EmbeddedEngineLink::resume()
{
    if (m_engine)
        m_engine->resume();
}

void EmbeddedEngineLink::setLimits(const config::Limits &limits)
{
    limits.clamped().applyTo(m_settings);
    if (m_engine)
        m_engine->applyLimits(limits);
}

DlqSource *EmbeddedEngineLink::createDlqSource() const
{
    return new DlqWorker(settings());
}

config::EngineSettings EmbeddedEngineLink::settings() const
{
    config::EngineSettings s = m_settings;
    s.api_key.clear();
    return s;
}

void EmbeddedEngineLink::setApiKey(const QString &api_key)
{
    m_settings.api_key = api_key;
    if (m_engine)
        m_engine->setApiKey(api_key);
}

void EmbeddedEngineLink::setSettings(const config::EngineSettings &settings)
{
    const config::EngineSettings previous = m_settings;
    m_settings = settings;
    if (m_settings.api_key.isEmpty())
        m_settings.api_key = previous.api_key;
    if (previous.simulated) {
        // The INI names the real cluster and provider; a demo must keep talking to its own
        // (and to the topics its feeder fills).
        m_settings.kafka_common = previous.kafka_common;
        m_settings.source_topic = previous.source_topic;
        m_settings.output_topic = previous.output_topic;
        m_settings.retry_topic = previous.retry_topic;
        m_settings.dlq_topic = previous.dlq_topic;
        m_settings.base_url = previous.base_url;
        m_settings.connect_timeout_ms = previous.connect_timeout_ms;
        m_settings.simulated = true;
    }
    // A raised budget must free a paused engine now, not after a restart.
    if (m_engine && (m_settings.budget_hourly_usd != previous.budget_hourly_usd ||
                     m_settings.budget_daily_usd != previous.budget_daily_usd))
        m_engine->applyLimits({.budget_hourly_usd = m_settings.budget_hourly_usd,
                               .budget_daily_usd = m_settings.budget_daily_usd});
}

} // namespace herder::ui
