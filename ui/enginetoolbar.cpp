#include "enginetoolbar.h"

#include "concurrencycontrol.h"
#include "enginelink.h"
#include "ratecontrol.h"

#include <QComboBox>
#include <QLabel>
#include <QSpinBox>
#include <QStandardItemModel>
#include <QStyle>

namespace herder::ui {
namespace {

QLabel *caption(const QString &text, QWidget *parent)
{
    auto *label = new QLabel(text, parent);
    label->setContentsMargins(8, 0, 4, 0);
    return label;
}

} // namespace

EngineToolBar::EngineToolBar(EngineLink *link, QWidget *parent)
    : QToolBar(tr("Engine"), parent), m_link(link), m_concurrency(new ConcurrencyControl(this)),
      m_rate(new RateControl(this)), m_mode(new QComboBox(this)), m_batch_size(new QSpinBox(this))
{
    setObjectName(QStringLiteral("engineToolBar"));
    setMovable(false);
    setToolButtonStyle(Qt::ToolButtonTextBesideIcon);

    m_start = addAction(style()->standardIcon(QStyle::SP_MediaPlay), tr("Start"));
    m_stop = addAction(style()->standardIcon(QStyle::SP_MediaStop), tr("Stop"));
    m_pause = addAction(style()->standardIcon(QStyle::SP_MediaPause), tr("Pause"));
    m_resume = addAction(style()->standardIcon(QStyle::SP_MediaSeekForward), tr("Resume"));
    m_start->setToolTip(tr("Start consuming and enriching"));
    m_stop->setToolTip(tr("Stop gracefully: drain in-flight work and commit"));
    m_pause->setToolTip(tr("Pause consumption; in-flight work finishes"));
    m_resume->setToolTip(tr("Resume consumption"));
    if (!link->attachedUrl().isEmpty()) {
        // The engine runs in another process this console does not own.
        m_start->setText(tr("Attach"));
        m_stop->setText(tr("Detach"));
        m_start->setToolTip(tr("Watch and control the engine at %1 again")
                                .arg(link->attachedUrl().toDisplayString()));
        m_stop->setToolTip(tr("Stop watching; the engine keeps running"));
    }
    connect(m_start, &QAction::triggered, link, &EngineLink::start);
    connect(m_stop, &QAction::triggered, link, &EngineLink::stop);
    connect(m_pause, &QAction::triggered, link, &EngineLink::pause);
    connect(m_resume, &QAction::triggered, link, &EngineLink::resume);
    connect(m_start, &QAction::triggered, this, &EngineToolBar::updateActions);

    addSeparator();
    addWidget(caption(tr("Concurrency"), this));
    addWidget(m_concurrency);
    addWidget(caption(tr("Rate"), this));
    addWidget(m_rate);
    connect(m_concurrency, &ConcurrencyControl::concurrencyChosen, link,
            &EngineLink::setConcurrency);
    connect(m_rate, &RateControl::rateChosen, link, &EngineLink::setRate);

    // Only per-task runs today; the other modes are listed so the operator knows they come.
    const QString later = tr("arrives with the performance work");
    m_mode->setObjectName(QStringLiteral("modeCombo"));
    m_mode->addItem(tr("per-task"), int(config::ProcessingMode::PerTask));
    m_mode->addItem(tr("combined"), int(config::ProcessingMode::Combined));
    m_mode->addItem(tr("batch"), int(config::ProcessingMode::Batch));
    if (auto *items = qobject_cast<QStandardItemModel *>(m_mode->model())) {
        for (int row : {1, 2}) {
            QStandardItem *item = items->item(row);
            item->setEnabled(false);
            item->setToolTip(later);
        }
    }
    m_mode->setToolTip(tr("Processing mode: one request per task. Combined and batch: %1")
                           .arg(later));
    m_batch_size->setObjectName(QStringLiteral("batchSizeSpin"));
    m_batch_size->setRange(1, 64);
    m_batch_size->setEnabled(false);
    m_batch_size->setToolTip(tr("Batch size: %1").arg(later));
    addSeparator();
    addWidget(caption(tr("Mode"), this));
    addWidget(m_mode);
    addWidget(caption(tr("Batch"), this));
    addWidget(m_batch_size);

    if (link->isSimulated())
        showSimulatedBadge();

    showSettings();
    updateActions();
}

void EngineToolBar::showSimulatedBadge()
{
    auto *spacer = new QWidget(this);
    spacer->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);
    addWidget(spacer);
    m_simulated = new QLabel(tr("SIMULATED"), this);
    m_simulated->setObjectName(QStringLiteral("simulatedBadge"));
    m_simulated->setToolTip(tr("Demo: an in-process mock Kafka cluster, generated events and "
                               "a simulated LLM server. No real data, no real cost."));
    m_simulated->setStyleSheet(QStringLiteral(
        "QLabel { background: #e65100; color: white; font-weight: bold; "
        "padding: 4px 12px; border-radius: 3px; margin-right: 6px; }"));
    addWidget(m_simulated);
}

void EngineToolBar::showSettings()
{
    const config::EngineSettings s = m_link->settings();
    m_concurrency->setValue(s.concurrency);
    m_rate->setValue(s.rate_per_s);
    m_mode->setCurrentIndex(std::max(0, m_mode->findData(int(s.mode))));
    m_batch_size->setValue(s.batch_size);
}

void EngineToolBar::showSnapshot(const metrics::EngineSnapshot &snapshot)
{
    // An attached engine says whether it is a demo only in its snapshots.
    if (snapshot.simulated && !m_simulated)
        showSimulatedBadge();
    if (snapshot.state == m_state)
        return;
    m_state = snapshot.state;
    updateActions();
}

void EngineToolBar::updateActions()
{
    using metrics::EngineState;
    const bool running = m_link->isRunning();
    if (!running)
        m_state = EngineState::Stopped;
    const bool stopping = m_state == EngineState::Stopping;
    m_start->setEnabled(!running);
    m_stop->setEnabled(running && !stopping);
    m_pause->setEnabled(running && !stopping && m_state != EngineState::Paused);
    m_resume->setEnabled(running && m_state == EngineState::Paused);
}

} // namespace herder::ui
