#pragma once

#include "metrics/enginesnapshot.h"

#include <QByteArray>
#include <QList>
#include <QString>

#include <utility>

namespace herder::metrics {

/// Writes the Prometheus text exposition format 0.0.4: HELP/TYPE lines, samples with escaped
/// labels, and histograms as _bucket{le}/_sum/_count series.
class PrometheusWriter
{
public:
    using Labels = QList<std::pair<QByteArray, QString>>;

    /// Starts a metric family; its samples follow.
    void family(QByteArrayView name, QByteArrayView type, QByteArrayView help);
    void sample(QByteArrayView name, const Labels &labels, double value);
    void sample(QByteArrayView name, const Labels &labels, quint64 value);
    void histogram(QByteArrayView name, const Labels &labels, const HistogramCounts &counts);

    QByteArray text() const { return m_text; }

    /// A label value with backslash, double quote and newline escaped.
    static QByteArray escapeLabel(const QString &value);
    /// The shortest text that reads back as the same double; +Inf, -Inf, NaN.
    static QByteArray number(double value);

private:
    void line(QByteArrayView name, const Labels &labels, const QByteArray &value);

    QByteArray m_text;
};

} // namespace herder::metrics
