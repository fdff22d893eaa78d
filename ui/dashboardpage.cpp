#include "dashboardpage.h"

#include "costchart.h"
#include "headlinecounters.h"
#include "inflightgauge.h"
#include "lagtablemodel.h"
#include "latencychart.h"
#include "metrics/enginesnapshot.h"
#include "modeltablemodel.h"
#include "statebanner.h"
#include "throughputchart.h"

#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>

namespace herder::ui {

DashboardPage::DashboardPage(QWidget *parent)
    : QWidget(parent), m_banner(new StateBanner(this)), m_headline(new HeadlineCounters(this)),
      m_gauge(new InflightGauge(this)), m_throughput(new ThroughputChart(this)),
      m_latency(new LatencyChart(this)), m_cost(new CostChart(this)),
      m_models(new ModelTableModel(this)), m_lag(new LagTableModel(this)),
      m_model_view(makeTableView(this)), m_lag_view(makeTableView(this))
{
    setObjectName(QStringLiteral("dashboardPage"));

    auto *gaugeBox = new QGroupBox(tr("LLM requests in flight"), this);
    auto *gaugeLayout = new QVBoxLayout(gaugeBox);
    gaugeLayout->setContentsMargins(6, 2, 6, 4);
    gaugeLayout->addWidget(m_gauge);
    gaugeBox->setMinimumWidth(180);

    auto *top = new QHBoxLayout;
    top->addWidget(m_headline, 1);
    top->addWidget(gaugeBox);

    m_model_view->setObjectName(QStringLiteral("modelTableView"));
    m_model_view->setModel(m_models);
    // A handful of rows: sizing to contents each tick is cheap and keeps error texts whole.
    m_model_view->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_lag_view->setObjectName(QStringLiteral("lagTableView"));
    m_lag_view->setModel(m_lag);
    QWidget *modelBox = captioned(tr("Models"), m_model_view);
    QWidget *lagBox = captioned(tr("Consumer lag"), m_lag_view);

    // Top: how fast and how far behind. Bottom: what it costs, by model.
    auto *flow = new QSplitter(Qt::Horizontal);
    flow->addWidget(m_throughput);
    flow->addWidget(m_latency);
    flow->addWidget(lagBox);
    for (int i = 0; i < 3; ++i)
        flow->setStretchFactor(i, 1);
    // Sizes are weights here; without them the table's wide size hint squeezes the charts.
    flow->setSizes({390, 390, 480});
    flow->setChildrenCollapsible(false);
    auto *cost = new QSplitter(Qt::Horizontal);
    cost->addWidget(modelBox);
    cost->addWidget(m_cost);
    cost->setStretchFactor(0, 3); // the model table has nine columns to show in full
    cost->setStretchFactor(1, 1);
    cost->setSizes({980, 300});
    cost->setChildrenCollapsible(false);

    auto *body = new QSplitter(Qt::Vertical, this);
    body->addWidget(flow);
    body->addWidget(cost);
    body->setStretchFactor(0, 3);
    body->setStretchFactor(1, 2);
    body->setSizes({360, 240});
    body->setChildrenCollapsible(false);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 6);
    layout->addWidget(m_banner);
    layout->addLayout(top);
    layout->addWidget(body, 1);

    // Content sizes are known only once rows arrive; size the columns when the assignment changes.
    connect(m_lag, &QAbstractItemModel::modelReset, this, &DashboardPage::sizeLagColumns);
}

QWidget *DashboardPage::captioned(const QString &caption, QWidget *content)
{
    // A caption, not a group box: the tables need the width a frame and its margins take.
    auto *box = new QWidget;
    auto *layout = new QVBoxLayout(box);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    auto *label = new QLabel(caption, box);
    QFont bold = label->font();
    bold.setBold(true);
    label->setFont(bold);
    layout->addWidget(label);
    layout->addWidget(content, 1);
    return box;
}

void DashboardPage::sizeLagColumns()
{
    m_lag_view->resizeColumnsToContents();
    // Offsets grow long after the assignment: leave room for eight digits.
    const int offset_width =
        m_lag_view->fontMetrics().horizontalAdvance(QStringLiteral("99,999,999")) + 12;
    for (int column : {LagTableModel::Committed, LagTableModel::HighWatermark})
        m_lag_view->setColumnWidth(column, std::max(m_lag_view->columnWidth(column), offset_width));
}

QTableView *DashboardPage::makeTableView(QWidget *parent)
{
    auto *view = new QTableView(parent);
    view->setAlternatingRowColors(true);
    view->setSelectionBehavior(QAbstractItemView::SelectRows);
    view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    view->verticalHeader()->hide();
    view->verticalHeader()->setDefaultSectionSize(view->fontMetrics().height() + 6);
    view->horizontalHeader()->setStretchLastSection(true);
    view->setWordWrap(false);
    return view;
}

void DashboardPage::showSnapshot(const metrics::EngineSnapshot &s)
{
    m_banner->showState(s.state, s.state_reason);
    m_headline->showSnapshot(s);
    m_gauge->showInflight(s.inflight_requests, s.concurrency_cap);
    m_throughput->showSnapshot(s);
    m_latency->showSnapshot(s);
    m_cost->showSnapshot(s);
    m_models->showSnapshot(s);
    m_lag->showSnapshot(s);
}

} // namespace herder::ui
