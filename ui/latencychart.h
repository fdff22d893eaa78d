#pragma once

#include "rollinglinechart.h"

namespace herder::metrics {
struct EngineSnapshot;
}

namespace herder::ui {

/// Latency percentiles over the last five minutes, in ms: end to end (Kafka timestamp to
/// output acknowledged; solid lines) and the LLM call alone (dashed).
class LatencyChart : public RollingLineChart
{
    Q_OBJECT
public:
    enum Line { EndToEndP50, EndToEndP95, EndToEndP99, LlmP50, LlmP95, LlmP99 };

    explicit LatencyChart(QWidget *parent = nullptr);
    void showSnapshot(const metrics::EngineSnapshot &snapshot);
};

} // namespace herder::ui
