#include "statebanner.h"

namespace herder::ui {

StateBanner::StateBanner(QWidget *parent) : QLabel(parent)
{
    setObjectName(QStringLiteral("stateBanner"));
    setAutoFillBackground(true);
    setMargin(6);
    QFont f = font();
    f.setBold(true);
    f.setPointSizeF(f.pointSizeF() * 1.15);
    setFont(f);
    setWordWrap(true);
    showState(metrics::EngineState::Stopped);
}

void StateBanner::showState(metrics::EngineState state, const QString &reason)
{
    using metrics::EngineState;
    m_state = state;
    m_failed = false;
    const QString why = reason.isEmpty() ? QString() : QStringLiteral(": ") + reason;
    switch (state) {
    case EngineState::Starting:
        paint(tr("Starting: connecting to Kafka"), QColor(0x5b, 0x7d, 0xb1));
        break;
    case EngineState::Running:
        paint(tr("Running"), QColor(0x2e, 0x7d, 0x32));
        break;
    case EngineState::Paused:
        paint(tr("Paused by the operator"), QColor(0xb2, 0x6a, 0x00));
        break;
    case EngineState::CircuitOpen:
        paint(tr("Circuit open — consumption paused") + why, QColor(0xc6, 0x28, 0x28));
        break;
    case EngineState::BudgetPaused:
        paint(tr("Budget reached — consumption paused") + why, QColor(0x8e, 0x24, 0xaa));
        break;
    case EngineState::Storming:
        paint(tr("Provider storming — calls and consumption held, no attempts spent") + why,
              QColor(0xb2, 0x6a, 0x00));
        break;
    case EngineState::Stopping:
        paint(tr("Stopping: draining in-flight work"), QColor(0x54, 0x6e, 0x7a));
        break;
    case EngineState::Stopped:
        paint(tr("Stopped"), QColor(0x61, 0x61, 0x61));
        break;
    }
}

void StateBanner::showFailure(const QString &message)
{
    m_state = metrics::EngineState::Stopped;
    m_failed = true;
    paint(tr("Failed: %1").arg(message), QColor(0xc6, 0x28, 0x28));
}

void StateBanner::showDetached(const QString &url)
{
    m_state = metrics::EngineState::Stopped;
    m_failed = false;
    paint(tr("Detached from %1; the engine there keeps running").arg(url),
          QColor(0x61, 0x61, 0x61));
}

void StateBanner::paint(const QString &text, const QColor &background)
{
    // Skip identical repaints: the banner is told the state four times a second.
    if (text == m_text && palette().color(QPalette::Window) == background)
        return;
    m_text = text;
    QPalette p = palette();
    p.setColor(QPalette::Window, background);
    p.setColor(QPalette::WindowText, Qt::white);
    setPalette(p);
    setText(text);
}

} // namespace herder::ui
