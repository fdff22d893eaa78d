#pragma once

#include "config/enginesettings.h"
#include "config/limits.h"
#include "metrics/enginesnapshot.h"

#include <QObject>
#include <QUrl>

namespace herder::ui {

class DlqSource;

/// What the console drives: an engine in this process, or one reached over the ops API
/// (attached). Widgets get a link injected and never create engines themselves.
class EngineLink : public QObject
{
    Q_OBJECT
public:
    using QObject::QObject;

    virtual void start() = 0;
    virtual void stop() = 0;
    virtual void pause() = 0;
    virtual void resume() = 0;
    /// Changes the fields `limits` sets in the running engine (and in the settings of the
    /// next start). What the engine runs with comes back in its snapshots (limitsIn()).
    virtual void setLimits(const config::Limits &limits) = 0;
    virtual bool isRunning() const = 0;
    /// New settings (say, from the settings dialog); they take effect at the next start().
    virtual void setSettings(const config::EngineSettings &settings) = 0;
    /// The settings the engine runs (or will run) with; the API key is never part of them.
    virtual config::EngineSettings settings() const = 0;
    /// "simulated" in demo mode, so the window can say so.
    virtual bool isSimulated() const = 0;
    /// The ops API address of an engine in another process this console is attached to;
    /// empty for an engine in this process. Start and stop mean attach and detach then.
    virtual QUrl attachedUrl() const { return {}; }
    /// A new reader/replayer of this engine's DLQ, for the DLQ page to take over.
    virtual DlqSource *createDlqSource() const = 0;

    /// The limits a snapshot reports: the only read-back of setLimits().
    static config::Limits limitsIn(const metrics::EngineSnapshot &s)
    {
        return {s.concurrency_cap, s.rate_limit_per_s, config::modeFromName(s.mode),
                s.batch_size,      s.budget_hourly_usd, s.budget_daily_usd};
    }

signals:
    void snapshotReady(const herder::metrics::EngineSnapshot &snapshot);
    void started();
    void stopped();
    void failed(int exit_code, const QString &message);
    /// A command (pause, resume, limits) did not reach the engine; the engine runs on as it was.
    void commandFailed(const QString &message);
};

} // namespace herder::ui
