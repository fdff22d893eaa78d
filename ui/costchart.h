#pragma once

#include <QChartView>
#include <QList>
#include <QStringList>

QT_BEGIN_NAMESPACE
class QBarCategoryAxis;
class QBarSeries;
class QBarSet;
class QValueAxis;
QT_END_NAMESPACE

namespace herder::metrics {
struct EngineSnapshot;
}

namespace herder::ui {

/// Cost so far by model, one bar each, in USD. Each model is its own bar set, so the legend
/// names it in full and the bar carries its amount.
class CostChart : public QChartView
{
    Q_OBJECT
public:
    explicit CostChart(QWidget *parent = nullptr);
    void showSnapshot(const metrics::EngineSnapshot &snapshot);

    QStringList models() const { return m_models; }
    /// The bar's value for a model (0 when the model has no bar).
    double costUsd(const QString &model) const;

private:
    void rebuild(const QStringList &models, const QList<double> &costs);

    QBarSeries *m_series = nullptr;
    QList<QBarSet *> m_sets; ///< one per model, in m_models order
    QValueAxis *m_usd_axis = nullptr;
    QStringList m_models;
    double m_usd_axis_max = -1;
};

} // namespace herder::ui
