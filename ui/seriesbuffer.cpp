#include "seriesbuffer.h"

#include <algorithm>

namespace herder::ui {

SeriesBuffer::SeriesBuffer(int series_count, int capacity)
    : m_series_count(std::max(1, series_count)), m_capacity(std::max(1, capacity)),
      m_times_ms(size_t(m_capacity), 0), m_values(size_t(m_capacity) * size_t(m_series_count), 0)
{
}

void SeriesBuffer::append(qint64 time_ms, const std::vector<double> &values)
{
    int target;
    if (m_size < m_capacity) {
        target = slot(m_size);
        ++m_size;
    } else {
        target = m_head;
        m_head = (m_head + 1) % m_capacity;
    }
    ++m_appended;
    m_times_ms[size_t(target)] = time_ms;
    for (int s = 0; s < m_series_count; ++s)
        m_values[size_t(target) * size_t(m_series_count) + size_t(s)] =
            size_t(s) < values.size() ? values[size_t(s)] : 0.0;
}

void SeriesBuffer::clear()
{
    m_appended = 0;
    m_head = 0;
    m_size = 0;
}

qint64 SeriesBuffer::firstTimeMs() const
{
    return m_size ? m_times_ms[size_t(slot(0))] : 0;
}

qint64 SeriesBuffer::lastTimeMs() const
{
    return m_size ? m_times_ms[size_t(slot(m_size - 1))] : 0;
}

double SeriesBuffer::maxValue() const
{
    double max = 0;
    for (int i = 0; i < m_size; ++i) {
        const size_t base = size_t(slot(i)) * size_t(m_series_count);
        for (int s = 0; s < m_series_count; ++s)
            max = std::max(max, m_values[base + size_t(s)]);
    }
    return max;
}

double SeriesBuffer::value(int series, int i) const
{
    if (series < 0 || series >= m_series_count || i < 0 || i >= m_size)
        return 0;
    return m_values[size_t(slot(i)) * size_t(m_series_count) + size_t(series)];
}

void SeriesBuffer::points(int series, QList<QPointF> &out, qint64 origin_ms,
                          int max_points) const
{
    out.clear();
    if (series < 0 || series >= m_series_count)
        return;
    const int bucket =
        max_points > 0 && m_size > max_points ? (m_size + max_points - 1) / max_points : 1;
    out.reserve(m_size / bucket + 2);
    const qint64 first_sequence = m_appended - m_size;
    for (int i = 0; i < m_size; ++i) {
        const double x_s = double(m_times_ms[size_t(slot(i))] - origin_ms) / 1000.0;
        const QPointF p(x_s, value(series, i));
        if (i == 0 || (first_sequence + i) % bucket == 0)
            out.append(p);
        else
            out.last() = QPointF(p.x(), std::max(out.last().y(), p.y()));
    }
}

} // namespace herder::ui
