#include "throughputchart.h"

#include "metrics/enginesnapshot.h"

namespace herder::ui {

ThroughputChart::ThroughputChart(QWidget *parent)
    : RollingLineChart(tr("Throughput"), tr("msg/s"),
                       {{tr("consumed"), QColor(0x1f, 0x77, 0xb4)},
                        {tr("enriched"), QColor(0x2c, 0xa0, 0x2c)},
                        {tr("retried"), QColor(0xff, 0x7f, 0x0e)},
                        {tr("DLQ"), QColor(0xd6, 0x27, 0x28)}},
                       5 * 60, parent)
{
}

void ThroughputChart::showSnapshot(const metrics::EngineSnapshot &snapshot)
{
    const metrics::Rates &r = snapshot.rate_1s;
    push(snapshot.time_ms,
         {r.consumed_per_s, r.enriched_per_s, r.retried_per_s, r.dead_lettered_per_s});
}

} // namespace herder::ui
