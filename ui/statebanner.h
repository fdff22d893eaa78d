#pragma once

#include "metrics/enginesnapshot.h"

#include <QLabel>

namespace herder::ui {

/// One coloured line that says what the engine is doing: running, paused, circuit open (and
/// why), budget paused, stopping, stopped, or failed to start.
class StateBanner : public QLabel
{
    Q_OBJECT
public:
    explicit StateBanner(QWidget *parent = nullptr);

    void showState(metrics::EngineState state, const QString &reason = {});
    void showFailure(const QString &message);
    /// The console let go of an engine in another process, which runs on.
    void showDetached(const QString &url);

    metrics::EngineState state() const { return m_state; }

private:
    void paint(const QString &text, const QColor &background);

    metrics::EngineState m_state = metrics::EngineState::Stopped;
    bool m_failed = false;
    QString m_text;
};

} // namespace herder::ui
