#include "rollinglinechart.h"

#include <QCategoryAxis>
#include <QChart>
#include <QLineSeries>
#include <QValueAxis>

#include <algorithm>
#include <cmath>

namespace herder::ui {
namespace {

// A round ceiling (1, 2, 2.5, 5 x 10^n) so the axis does not creep with every tick.
double niceCeiling(double value)
{
    if (value <= 0)
        return 1;
    const double magnitude = std::pow(10.0, std::floor(std::log10(value)));
    for (double step : {1.0, 2.0, 2.5, 5.0, 10.0})
        if (value <= step * magnitude)
            return step * magnitude;
    return 10 * magnitude;
}

} // namespace

RollingLineChart::RollingLineChart(const QString &title, const QString &unit,
                                   const QList<Line> &lines, int window_s, QWidget *parent)
    : QChartView(parent), m_title(title), m_window_s(window_s),
      m_buffer(int(lines.size()), window_s * kSamplesPerSecond)
{
    auto *chart = new QChart;
    chart->setMargins(QMargins(4, 4, 4, 4));
    // A long legend in one row below a narrow chart would be elided; beside it, it fits.
    chart->legend()->setAlignment(lines.size() > 4 ? Qt::AlignRight : Qt::AlignBottom);
    // Animations would redraw constantly; the data already moves four times a second.
    chart->setAnimationOptions(QChart::NoAnimation);

    m_time_axis = new QCategoryAxis;
    m_time_axis->setLabelsPosition(QCategoryAxis::AxisLabelsPositionOnValue);
    m_value_axis = new QValueAxis;
    m_value_axis->setTitleText(unit);
    m_value_axis->setLabelFormat(QStringLiteral("%.0f"));
    m_value_axis->setRange(0, m_value_axis_max);
    chart->addAxis(m_time_axis, Qt::AlignBottom);
    chart->addAxis(m_value_axis, Qt::AlignLeft);

    for (const Line &line : lines) {
        auto *series = new QLineSeries;
        series->setName(line.name);
        QPen pen(line.color);
        pen.setWidthF(1.5);
        pen.setStyle(line.style);
        series->setPen(pen);
        chart->addSeries(series);
        series->attachAxis(m_time_axis);
        series->attachAxis(m_value_axis);
        m_series.append(series);
    }
    setChart(chart);
    setRenderHint(QPainter::Antialiasing, false);
    setMinimumSize(300, 200);
    showSpan(std::min(60, m_window_s));
}

void RollingLineChart::showSpan(int span_s)
{
    if (span_s == m_visible_s)
        return;
    m_visible_s = span_s;
    for (const QString &label : m_time_axis->categoriesLabels())
        m_time_axis->remove(label);
    m_time_axis->setRange(-span_s, 0);
    // The span goes in the title: a label on the axis' left end would be cut in half.
    const int step_s = span_s > 120 ? 60 : span_s > 60 ? 30 : 15;
    for (int s = -span_s + step_s; s < 0; s += step_s)
        m_time_axis->append(s % 60 == 0 ? tr("−%1 min").arg(-s / 60) : tr("−%1 s").arg(-s), s);
    m_time_axis->append(tr("now"), 0);
    chart()->setTitle(span_s % 60 == 0 ? tr("%1 — last %n min", nullptr, span_s / 60).arg(m_title)
                                       : tr("%1 — last %n s", nullptr, span_s).arg(m_title));
}

void RollingLineChart::push(qint64 time_ms, const std::vector<double> &values)
{
    m_buffer.append(time_ms, values);
    if (isVisible())
        redraw();
}

void RollingLineChart::showEvent(QShowEvent *event)
{
    QChartView::showEvent(event);
    redraw();
}

void RollingLineChart::redraw()
{
    if (m_buffer.isEmpty())
        return;
    // The value axis first: changing it after the points would lay every series out twice.
    const double top = niceCeiling(m_buffer.maxValue() * 1.1);
    if (top != m_value_axis_max) {
        m_value_axis_max = top;
        m_value_axis->setMax(top);
    }
    // About one point per two pixels of plot: finer detail would not show, and costs.
    const int max_points = std::clamp(int(chart()->plotArea().width()) / 2, 60, 600);
    const qint64 newest_ms = m_buffer.lastTimeMs();
    const qint64 history_s = (newest_ms - m_buffer.firstTimeMs()) / 1000;
    int span_s = m_window_s;
    for (int step_s : {60, 120}) {
        if (step_s < m_window_s && history_s < step_s) {
            span_s = step_s;
            break;
        }
    }
    showSpan(span_s);
    for (int i = 0; i < m_series.size(); ++i) {
        m_buffer.points(i, m_scratch, newest_ms, max_points);
        m_series[i]->replace(m_scratch);
    }
}

} // namespace herder::ui
