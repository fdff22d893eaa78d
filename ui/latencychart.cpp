#include "latencychart.h"

#include "metrics/enginesnapshot.h"

namespace herder::ui {

LatencyChart::LatencyChart(QWidget *parent)
    : RollingLineChart(tr("Latency"), tr("ms"),
                       {{tr("e2e p50"), QColor(0x9e, 0xc9, 0xe2)},
                        {tr("e2e p95"), QColor(0x3a, 0x8f, 0xc5)},
                        {tr("e2e p99"), QColor(0x08, 0x45, 0x94)},
                        {tr("LLM p50"), QColor(0xfd, 0xbe, 0x85), Qt::DashLine},
                        {tr("LLM p95"), QColor(0xf1, 0x69, 0x13), Qt::DashLine},
                        {tr("LLM p99"), QColor(0xa6, 0x36, 0x03), Qt::DashLine}},
                       5 * 60, parent)
{
    setToolTip(tr("e2e: from the event's Kafka timestamp to its output acknowledged by the "
                  "broker.\nLLM: one chat-completions call. Percentiles over the last ~10 s."));
}

void LatencyChart::showSnapshot(const metrics::EngineSnapshot &snapshot)
{
    const metrics::Percentiles &e = snapshot.end_to_end;
    const metrics::Percentiles &l = snapshot.llm;
    push(snapshot.time_ms, {e.p50_ms, e.p95_ms, e.p99_ms, l.p50_ms, l.p95_ms, l.p99_ms});
}

} // namespace herder::ui
