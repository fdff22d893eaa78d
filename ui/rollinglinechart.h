#pragma once

#include "seriesbuffer.h"

#include <QChartView>
#include <QList>
#include <QPointF>

#include <vector>

QT_BEGIN_NAMESPACE
class QCategoryAxis;
class QLineSeries;
class QValueAxis;
QT_END_NAMESPACE

namespace herder::ui {

/// A line chart over the last few minutes: samples go into a SeriesBuffer, and each push
/// redraws every series with one replace(). Time runs on a "minutes ago" axis that stays put
/// while ticks move the lines (an axis change makes QtCharts lay every series out once more);
/// it widens in steps (1, 2, then the whole window) so a fresh chart is not a sliver at the
/// right edge. The value axis rescales in round steps. While the chart is hidden (another tab)
/// samples are only buffered; it catches up when shown.
class RollingLineChart : public QChartView
{
    Q_OBJECT
public:
    struct Line
    {
        QString name;
        QColor color;
        Qt::PenStyle style = Qt::SolidLine;
    };

    RollingLineChart(const QString &title, const QString &unit, const QList<Line> &lines,
                     int window_s, QWidget *parent = nullptr);

    const SeriesBuffer &buffer() const { return m_buffer; }
    QLineSeries *series(int i) const { return m_series.value(i); }
    int windowSeconds() const { return m_window_s; }
    /// The seconds the time axis spans now (grows to windowSeconds()).
    int visibleSeconds() const { return m_visible_s; }
    /// The value axis' current top.
    double valueAxisMax() const { return m_value_axis_max; }

protected:
    void push(qint64 time_ms, const std::vector<double> &values);
    void showEvent(QShowEvent *event) override;

private:
    void redraw();
    void showSpan(int span_s);

    // Ticks come about four times a second; a little headroom keeps the whole window.
    static constexpr int kSamplesPerSecond = 5;

    QString m_title;
    int m_window_s;
    int m_visible_s = 0;
    SeriesBuffer m_buffer;
    QList<QLineSeries *> m_series;
    QCategoryAxis *m_time_axis = nullptr;
    QValueAxis *m_value_axis = nullptr;
    double m_value_axis_max = 1;
    QList<QPointF> m_scratch;
};

} // namespace herder::ui
