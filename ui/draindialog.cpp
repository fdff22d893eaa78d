#include "draindialog.h"

namespace herder::ui {

DrainDialog::DrainDialog(QWidget *parent) : QProgressDialog(parent)
{
    setObjectName(QStringLiteral("drainDialog"));
    setWindowTitle(tr("Stopping Herder"));
    setLabelText(tr("Stopping the engine: finishing the messages in flight…"));
    setCancelButtonText(tr("Quit without waiting"));
    setMinimumDuration(0);
    setAutoClose(false);
    setAutoReset(false);
    setRange(0, 0); // busy until the first snapshot says how much is left
    // Not modal: a modal progress dialog runs the event loop inside setValue(), and the
    // engine's "stopped" arriving there would delete this dialog under its own feet.
    setWindowModality(Qt::NonModal);
}

void DrainDialog::showSnapshot(const metrics::EngineSnapshot &snapshot)
{
    const int left = snapshot.inflight_messages;
    if (m_initial_inflight < 0 || left > m_initial_inflight) {
        m_initial_inflight = left;
        setRange(0, std::max(1, left));
    }
    setValue(m_initial_inflight - left);
    setLabelText(tr("Stopping the engine: %n message(s) still in flight…", nullptr, left));
}

} // namespace herder::ui
