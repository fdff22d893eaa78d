#include "enginetoolbar.h"

#include "concurrencycontrol.h"
#include "enginelink.h"
#include "ratecontrol.h"

#include <QComboBox>
#include <QLabel>
#include <QSignalBlocker>
#include <QSpinBox>
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
            [link](int concurrency) { link->setLimits({.concurrency = concurrency}); });
    connect(m_rate, &RateControl::rateChosen, link,
            [link](double rate_per_s) { link->setLimits({.rate_per_s = rate_per_s}); });

    m_mode->setObjectName(QStringLiteral("modeCombo"));
    m_mode->addItem(tr("per-task"), int(config::ProcessingMode::PerTask));
    m_mode->addItem(tr("combined"), int(config::ProcessingMode::Combined));
    m_mode->addItem(tr("batch"), int(config::ProcessingMode::Batch));
    m_mode->setToolTip(tr("Processing mode, applied to the running engine: per-task (one request "
                          "per task per message), combined (one request per message answering "
                          "every task) or batch (several messages per request)"));
    m_batch_size->setObjectName(QStringLiteral("batchSizeSpin"));
    m_batch_size->setRange(config::Limits::kBatchSize.min, config::Limits::kBatchSize.max);
    // One value when the operator is done typing, not one per digit.
    m_batch_size->setKeyboardTracking(false);
    m_batch_size->setToolTip(tr("Messages per request in batch mode; applied to the running "
                                "engine"));
    connect(m_mode, &QComboBox::activated, this, [this, link] {
        const auto mode = config::ProcessingMode(m_mode->currentData().toInt());
        m_batch_size->setEnabled(mode == config::ProcessingMode::Batch);
        link->setLimits({.mode = mode});
    });
    connect(m_batch_size, &QSpinBox::valueChanged, link,
            [link](int batch_size) { link->setLimits({.batch_size = batch_size}); });
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
    showMode(s.mode);
    showBatchSize(s.batch_size);
}

void EngineToolBar::showMode(config::ProcessingMode mode)
{
    m_mode->setCurrentIndex(std::max(0, m_mode->findData(int(mode))));
    m_batch_size->setEnabled(mode == config::ProcessingMode::Batch);
}

void EngineToolBar::showBatchSize(int batch_size)
{
    const QSignalBlocker block(m_batch_size);
    m_batch_size->setValue(batch_size);
}

void EngineToolBar::followLimits(const metrics::EngineSnapshot &snapshot)
{
    // A limit that changed in the engine (another console, the ops API, a script) shows here
    // too. Only changes count: a snapshot taken before the operator's own choice arrived still
    // carries the old value, and must not snap the control back.
    const config::Limits now = EngineLink::limitsIn(snapshot);
    const config::Limits before = m_seen.value_or(now);
    m_seen = now;
    if (now.concurrency != before.concurrency && !m_concurrency->isSettling())
        m_concurrency->setValue(now.concurrency.value_or(0));
    if (now.rate_per_s != before.rate_per_s && !m_rate->isSettling())
        m_rate->setValue(now.rate_per_s.value_or(0));
    if (now.mode != before.mode && now.mode)
        showMode(*now.mode);
    if (now.batch_size != before.batch_size && !m_batch_size->hasFocus())
        showBatchSize(now.batch_size.value_or(0));
}

void EngineToolBar::showSnapshot(const metrics::EngineSnapshot &snapshot)
{
    // An attached engine says whether it is a demo only in its snapshots.
    if (snapshot.simulated && !m_simulated)
        showSimulatedBadge();
    followLimits(snapshot);
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
