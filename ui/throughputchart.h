#pragma once

#include "rollinglinechart.h"

namespace herder::metrics {
struct EngineSnapshot;
}

namespace herder::ui {

/// Messages per second over the last five minutes: consumed, enriched, retried, dead-lettered.
class ThroughputChart : public RollingLineChart
{
    Q_OBJECT
public:
    enum Line { Consumed, Enriched, Retried, DeadLettered };

    explicit ThroughputChart(QWidget *parent = nullptr);
    void showSnapshot(const metrics::EngineSnapshot &snapshot);
};

} // namespace herder::ui
