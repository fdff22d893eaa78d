#pragma once

#include "enginelink.h"

#include <memory>

namespace herder {
class Engine;
}

namespace herder::ui {

/// Runs a herder::Engine in this process (on its own thread). Stop then start makes a fresh
/// engine with the current settings, so a changed configuration takes effect on restart.
class EmbeddedEngineLink : public EngineLink
{
    Q_OBJECT
public:
    EmbeddedEngineLink(config::EngineSettings settings, QObject *parent = nullptr);
    ~EmbeddedEngineLink() override;

    void start() override;
    void stop() override;
    void pause() override;
    void resume() override;
    void setLimits(const config::Limits &limits) override;
    bool isRunning() const override { return m_running; }
    config::EngineSettings settings() const override;
    bool isSimulated() const override { return m_settings.simulated; }
    /// Reads and replays through Kafka with this link's settings.
    DlqSource *createDlqSource() const override;

    void setApiKey(const QString &api_key);
    /// Takes effect at the next start(), except the budget caps, which a running engine takes
    /// at once. The API key is kept when the new settings have none, and a simulated (demo)
    /// link stays pointed at its mock cluster and simulated server.
    void setSettings(const config::EngineSettings &settings) override;

private:
    config::EngineSettings m_settings;
    std::unique_ptr<Engine> m_engine;
    bool m_running = false;
};

} // namespace herder::ui
