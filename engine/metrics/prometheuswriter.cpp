#include "metrics/prometheuswriter.h"

#include <charconv>
#include <cmath>

namespace herder::metrics {

void PrometheusWriter::family(QByteArrayView name, QByteArrayView type, QByteArrayView help)
{
    QByteArray escaped = help.toByteArray();
    escaped.replace('\\', "\\\\").replace('\n', "\\n");
    m_text += "# HELP " + name.toByteArray() + ' ' + escaped + '\n';
    m_text += "# TYPE " + name.toByteArray() + ' ' + type.toByteArray() + '\n';
}

void PrometheusWriter::sample(QByteArrayView name, const Labels &labels, double value)
{
    line(name, labels, number(value));
}

void PrometheusWriter::sample(QByteArrayView name, const Labels &labels, quint64 value)
{
    // Integers as integers: a double would turn large counters into 1e+06 notation.
    line(name, labels, QByteArray::number(value));
}

void PrometheusWriter::histogram(QByteArrayView name, const Labels &labels,
                                 const HistogramCounts &counts)
{
    const QByteArray bucket = name.toByteArray() + "_bucket";
    const QByteArray sum = name.toByteArray() + "_sum";
    const QByteArray count = name.toByteArray() + "_count";
    Labels withLe = labels;
    withLe.append({"le", QString()});
    for (qsizetype i = 0; i < counts.upper_bounds_s.size() && i < counts.cumulative.size(); ++i) {
        withLe.last().second = QString::fromLatin1(number(counts.upper_bounds_s[i]));
        line(bucket, withLe, QByteArray::number(counts.cumulative[i]));
    }
    withLe.last().second = QStringLiteral("+Inf");
    line(bucket, withLe, QByteArray::number(counts.count));
    line(sum, labels, number(counts.sum_s));
    line(count, labels, QByteArray::number(counts.count));
}

void PrometheusWriter::line(QByteArrayView name, const Labels &labels, const QByteArray &value)
{
    m_text += name.toByteArray();
    if (!labels.isEmpty()) {
        m_text += '{';
        for (qsizetype i = 0; i < labels.size(); ++i) {
            if (i > 0)
                m_text += ',';
            m_text += labels[i].first + "=\"" + escapeLabel(labels[i].second) + '"';
        }
        m_text += '}';
    }
    m_text += ' ' + value + '\n';
}

QByteArray PrometheusWriter::escapeLabel(const QString &value)
{
    QByteArray out = value.toUtf8();
    out.replace('\\', "\\\\").replace('"', "\\\"").replace('\n', "\\n");
    return out;
}

QByteArray PrometheusWriter::number(double value)
{
    if (std::isnan(value))
        return "NaN";
    if (std::isinf(value))
        return value > 0 ? "+Inf" : "-Inf";
    char buffer[32];
    const auto result = std::to_chars(buffer, buffer + sizeof buffer, value);
    return QByteArray(buffer, result.ptr - buffer);
}

} // namespace herder::metrics
