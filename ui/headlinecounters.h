#pragma once

#include <QWidget>

#include <array>

QT_BEGIN_NAMESPACE
class QLabel;
QT_END_NAMESPACE

namespace herder::metrics {
struct EngineSnapshot;
}

namespace herder::ui {

/// The big numbers across the top of the dashboard: totals since start, cost, throughput.
class HeadlineCounters : public QWidget
{
    Q_OBJECT
public:
    enum Counter { Consumed, Enriched, Retried, DeadLettered, Invalid, Cost, Throughput, Count };

    explicit HeadlineCounters(QWidget *parent = nullptr);
    void showSnapshot(const metrics::EngineSnapshot &snapshot);

    QLabel *valueLabel(Counter counter) const { return m_values[size_t(counter)]; }

private:
    void setValue(Counter counter, const QString &text);

    std::array<QLabel *, Count> m_values{};
};

} // namespace herder::ui
