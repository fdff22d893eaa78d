#pragma once

#include <QWidget>

QT_BEGIN_NAMESPACE
class QTableView;
QT_END_NAMESPACE

namespace herder::metrics {
struct EngineSnapshot;
}

namespace herder::ui {

class CostChart;
class HeadlineCounters;
class InflightGauge;
class LagTableModel;
class LatencyChart;
class ModelTableModel;
class StateBanner;
class ThroughputChart;

/// The live view of one engine, fed only by EngineSnapshot values (about four a second):
/// each snapshot is one tick pushed to every piece.
class DashboardPage : public QWidget
{
    Q_OBJECT
public:
    explicit DashboardPage(QWidget *parent = nullptr);

    void showSnapshot(const metrics::EngineSnapshot &snapshot);

    StateBanner *banner() const { return m_banner; }
    HeadlineCounters *headline() const { return m_headline; }
    InflightGauge *inflightGauge() const { return m_gauge; }
    ThroughputChart *throughputChart() const { return m_throughput; }
    LatencyChart *latencyChart() const { return m_latency; }
    CostChart *costChart() const { return m_cost; }
    ModelTableModel *modelTable() const { return m_models; }
    LagTableModel *lagTable() const { return m_lag; }

private:
    static QTableView *makeTableView(QWidget *parent);
    static QWidget *captioned(const QString &caption, QWidget *content);
    void sizeLagColumns();

    StateBanner *m_banner;
    HeadlineCounters *m_headline;
    InflightGauge *m_gauge;
    ThroughputChart *m_throughput;
    LatencyChart *m_latency;
    CostChart *m_cost;
    ModelTableModel *m_models;
    LagTableModel *m_lag;
    QTableView *m_model_view;
    QTableView *m_lag_view;
};

} // namespace herder::ui
