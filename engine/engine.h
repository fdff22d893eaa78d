#pragma once

#include "config/enginesettings.h"
#include "config/limits.h"
#include "metrics/enginesnapshot.h"

#include <QObject>
#include <QPointer>
#include <QThread>

namespace herder {

namespace pipeline {
class Pipeline;
}

/// The engine's facade: the only object the console and herder-engine talk to. It runs the
/// pipeline on a thread of its own; commands are queued to that thread, state comes back as
/// EngineSnapshot values about four times a second. Safe to call from the thread that owns it.
class Engine : public QObject
{
    Q_OBJECT
public:
    explicit Engine(config::EngineSettings settings, QObject *parent = nullptr);
    ~Engine() override;

    /// Starts the engine thread; emits started() or failed(exit_code, message).
    void start();
    /// Graceful stop (drain up to the configured deadline, commit); emits stopped().
    void stop();

    /// Changes the fields `limits` sets, each brought into its range, live: rounds that start
    /// after it use them. Reaching a budget cap pauses consumption until the window rolls over
    /// or a cap is raised; nothing is dead-lettered for it.
    void applyLimits(const config::Limits &limits);
    void setApiKey(const QString &api_key);
    void pause();
    void resume();

    const config::EngineSettings &settings() const { return m_settings; }

signals:
    void started();
    void failed(int exit_code, const QString &message);
    void snapshotReady(const herder::metrics::EngineSnapshot &snapshot);
    void stopped();

private:
    template <typename F> void post(F &&f);

    config::EngineSettings m_settings;
    QThread m_thread;
    pipeline::Pipeline *m_pipeline = nullptr; // lives on m_thread
    bool m_started = false;
};

} // namespace herder
