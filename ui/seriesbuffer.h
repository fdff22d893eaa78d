#pragma once

#include <QList>
#include <QPointF>

#include <vector>

namespace herder::ui {

/// A fixed window of samples for a chart: one time column and several value columns in a ring,
/// so a rolling chart keeps its history without the widget holding it. Old samples fall off
/// the front once the ring is full.
class SeriesBuffer
{
public:
    SeriesBuffer(int series_count, int capacity);

    /// One sample per series, in series order; missing values count as 0.
    void append(qint64 time_ms, const std::vector<double> &values);
    void clear();

    int seriesCount() const { return m_series_count; }
    int capacity() const { return m_capacity; }
    int size() const { return m_size; }
    bool isEmpty() const { return m_size == 0; }

    qint64 firstTimeMs() const;
    qint64 lastTimeMs() const;
    /// The largest value of any series still in the window (0 when empty).
    double maxValue() const;
    /// Sample i (0 = oldest) of a series.
    double value(int series, int i) const;

    /// The series as chart points, oldest first, in `out`: x in seconds relative to
    /// `origin_ms` (so the newest sample sits at 0 when the origin is lastTimeMs()).
    /// With more samples than `max_points` (0: no limit), consecutive samples are merged into
    /// one point (their maximum, at the time of the latest): a chart a few hundred pixels wide
    /// gains nothing from more points, and QtCharts' cost grows with every one. Buckets are
    /// aligned on the samples' sequence numbers so merged points stay put from tick to tick.
    void points(int series, QList<QPointF> &out, qint64 origin_ms, int max_points = 0) const;

private:
    int slot(int i) const { return (m_head + i) % m_capacity; }

    int m_series_count;
    int m_capacity;
    int m_head = 0; ///< slot of the oldest sample
    int m_size = 0;
    qint64 m_appended = 0; ///< samples appended since construction (sequence numbers)
    std::vector<qint64> m_times_ms;
    std::vector<double> m_values; ///< slot-major: m_values[slot * m_series_count + series]
};

} // namespace herder::ui
