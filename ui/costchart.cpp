#include "costchart.h"

#include "metrics/enginesnapshot.h"

#include <QBarCategoryAxis>
#include <QBarSeries>
#include <QBarSet>
#include <QChart>
#include <QValueAxis>

#include <cmath>

namespace herder::ui {

CostChart::CostChart(QWidget *parent) : QChartView(parent)
{
    auto *chart = new QChart;
    chart->setTitle(tr("Cost by model (USD)"));
    chart->setMargins(QMargins(4, 4, 4, 4));
    chart->setAnimationOptions(QChart::NoAnimation);
    chart->legend()->setAlignment(Qt::AlignBottom);

    m_series = new QBarSeries;
    m_series->setLabelsVisible(true);
    m_series->setLabelsPosition(QAbstractBarSeries::LabelsOutsideEnd);
    m_series->setLabelsFormat(QStringLiteral("$@value"));
    m_series->setLabelsPrecision(4);
    chart->addSeries(m_series);

    // One unnamed category: the models are the bar sets, named in the legend.
    auto *category = new QBarCategoryAxis;
    category->append(tr("cost"));
    category->setVisible(false);
    m_usd_axis = new QValueAxis;
    m_usd_axis->setTickCount(5);
    chart->addAxis(category, Qt::AlignBottom);
    chart->addAxis(m_usd_axis, Qt::AlignLeft);
    m_series->attachAxis(category);
    m_series->attachAxis(m_usd_axis);

    setChart(chart);
    setMinimumSize(240, 160);
}

void CostChart::showSnapshot(const metrics::EngineSnapshot &snapshot)
{
    QStringList models;
    QList<double> costs;
    double max_usd = 0;
    for (const metrics::ModelStats &m : snapshot.models) {
        models.append(m.model);
        costs.append(m.cost_usd);
        max_usd = std::max(max_usd, m.cost_usd);
    }
    if (models != m_models) {
        rebuild(models, costs);
    } else {
        // A handful of bars, one value each; Qt 6.4's QBarSet has no bulk replace.
        for (qsizetype i = 0; i < costs.size(); ++i)
            if (m_sets[i]->at(0) != costs[i])
                m_sets[i]->replace(0, costs[i]);
    }
    const double top = max_usd <= 0 ? 0.01 : max_usd * 1.25;
    // Grow in steps so the bars do not crawl against a moving axis every tick.
    if (top > m_usd_axis_max || top < m_usd_axis_max / 4) {
        m_usd_axis_max = std::pow(2.0, std::ceil(std::log2(top)));
        m_usd_axis->setRange(0, m_usd_axis_max);
        m_usd_axis->setLabelFormat(m_usd_axis_max >= 16  ? QStringLiteral("%.0f")
                                   : m_usd_axis_max >= 1 ? QStringLiteral("%.2f")
                                                         : QStringLiteral("%.3f"));
    }
}

void CostChart::rebuild(const QStringList &models, const QList<double> &costs)
{
    // The model set changes rarely (first answers, a fallback model): rebuild then only.
    m_series->clear();
    m_sets.clear();
    m_models = models;
    const QColor label_color = palette().color(QPalette::WindowText);
    for (qsizetype i = 0; i < models.size(); ++i) {
        auto *set = new QBarSet(models[i]);
        set->append(costs[i]);
        set->setLabelColor(label_color);
        m_series->append(set);
        m_sets.append(set);
    }
}

double CostChart::costUsd(const QString &model) const
{
    const qsizetype i = m_models.indexOf(model);
    return i < 0 ? 0 : m_sets[i]->at(0);
}

} // namespace herder::ui
