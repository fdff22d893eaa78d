#pragma once

#include "config/enginesettings.h"
#include "config/limits.h"
#include "metrics/enginesnapshot.h"

#include <QToolBar>

#include <optional>

QT_BEGIN_NAMESPACE
class QComboBox;
class QLabel;
class QSpinBox;
QT_END_NAMESPACE

namespace herder::ui {

class ConcurrencyControl;
class EngineLink;
class RateControl;

/// The operator's controls over one engine: start, stop, pause, resume, and the live limits
/// (concurrency, rate, processing mode, batch size), which also follow changes made to the
/// engine elsewhere. Says SIMULATED loudly when the engine runs on the demo.
class EngineToolBar : public QToolBar
{
    Q_OBJECT
public:
    explicit EngineToolBar(EngineLink *link, QWidget *parent = nullptr);

    /// Enables what makes sense in the engine's current state.
    void showSnapshot(const metrics::EngineSnapshot &snapshot);
    /// Shows the link's settings (at start-up, after a start, after new settings).
    void showSettings();
    /// Re-evaluates the actions after start/stop/failure.
    void updateActions();

    QAction *startAction() const { return m_start; }
    QAction *stopAction() const { return m_stop; }
    QAction *pauseAction() const { return m_pause; }
    QAction *resumeAction() const { return m_resume; }
    ConcurrencyControl *concurrencyControl() const { return m_concurrency; }
    RateControl *rateControl() const { return m_rate; }
    QComboBox *modeCombo() const { return m_mode; }
    QSpinBox *batchSizeSpin() const { return m_batch_size; }
    QLabel *simulatedBadge() const { return m_simulated; }

private:
    void showSimulatedBadge();
    void showMode(config::ProcessingMode mode);
    void showBatchSize(int batch_size);
    void followLimits(const metrics::EngineSnapshot &snapshot);

    EngineLink *m_link;
    metrics::EngineState m_state = metrics::EngineState::Stopped;
    std::optional<config::Limits> m_seen; ///< the last snapshot's
    QAction *m_start;
    QAction *m_stop;
    QAction *m_pause;
    QAction *m_resume;
    ConcurrencyControl *m_concurrency;
    RateControl *m_rate;
    QComboBox *m_mode;
    QSpinBox *m_batch_size;
    QLabel *m_simulated = nullptr;
};

} // namespace herder::ui
