#include "logpage.h"

#include "logfiltermodel.h"
#include "logmodel.h"

#include <QCheckBox>
#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QScrollBar>
#include <QTableView>
#include <QVBoxLayout>

namespace herder::ui {

LogPage::LogPage(LogCapture &capture, QWidget *parent)
    : QWidget(parent), m_model(new LogModel(capture, capture.capacity(), this)),
      m_filter(new LogFilterModel(this)), m_level(new QComboBox(this)),
      m_text(new QLineEdit(this)), m_follow(new QCheckBox(tr("Follow new lines"), this)),
      m_view(new QTableView(this))
{
    setObjectName(QStringLiteral("logPage"));
    m_filter->setSourceModel(m_model);

    m_level->setObjectName(QStringLiteral("logLevel"));
    for (auto severity : {LogModel::Debug, LogModel::Info, LogModel::Warning, LogModel::Critical})
        m_level->addItem(LogModel::severityName(severity), int(severity));
    m_level->setToolTip(tr("Show this level and above"));
    m_text->setObjectName(QStringLiteral("logText"));
    m_text->setPlaceholderText(tr("Filter messages and categories…"));
    m_text->setClearButtonEnabled(true);
    m_follow->setChecked(true);

    m_view->setModel(m_filter);
    m_view->setObjectName(QStringLiteral("logView"));
    m_view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setWordWrap(false);
    m_view->verticalHeader()->hide();
    // Fixed row heights: with thousands of lines the view must never measure rows.
    m_view->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_view->verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 4);
    m_view->horizontalHeader()->setStretchLastSection(true);
    const auto widthOf = [this](const QString &sample) {
        return fontMetrics().horizontalAdvance(sample) + 24;
    };
    m_view->setColumnWidth(LogModel::Time, widthOf(QStringLiteral("00:00:00.000")));
    m_view->setColumnWidth(LogModel::Level, widthOf(QStringLiteral("critical")));
    m_view->setColumnWidth(LogModel::Category, widthOf(QStringLiteral("herder.sim.feeder")));

    auto *bar = new QHBoxLayout;
    bar->addWidget(new QLabel(tr("Level:"), this));
    bar->addWidget(m_level);
    bar->addWidget(m_text, 1);
    bar->addWidget(m_follow);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(bar);
    layout->addWidget(m_view, 1);

    connect(m_level, &QComboBox::currentIndexChanged, this, [this] {
        m_filter->setMinimumSeverity(LogModel::Severity(m_level->currentData().toInt()));
    });
    connect(m_text, &QLineEdit::textChanged, m_filter, &LogFilterModel::setText);
    connect(m_follow, &QCheckBox::toggled, this, [this](bool on) {
        if (on)
            m_view->scrollToBottom();
    });

    m_drain_timer.setInterval(250);
    connect(&m_drain_timer, &QTimer::timeout, this, &LogPage::drain);
}

void LogPage::drain()
{
    if (m_model->drain() > 0 && m_follow->isChecked())
        m_view->scrollToBottom();
}

void LogPage::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    drain();
    m_drain_timer.start();
}

void LogPage::hideEvent(QHideEvent *event)
{
    m_drain_timer.stop();
    QWidget::hideEvent(event);
}

} // namespace herder::ui
