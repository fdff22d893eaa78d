#include "inflightgauge.h"

namespace herder::ui {

InflightGauge::InflightGauge(QWidget *parent) : QProgressBar(parent)
{
    setObjectName(QStringLiteral("inflightGauge"));
    setToolTip(tr("LLM requests in flight / concurrency cap"));
    setTextVisible(true);
    setAlignment(Qt::AlignCenter);
    showInflight(0, 0);
}

void InflightGauge::showInflight(int inflight_requests, int concurrency_cap)
{
    // A range of 0..0 would turn the bar into a busy indicator; keep it a gauge.
    setRange(0, std::max(1, concurrency_cap));
    setValue(std::clamp(inflight_requests, 0, maximum()));
    setFormat(QStringLiteral("%1 / %2").arg(inflight_requests).arg(concurrency_cap));
}

} // namespace herder::ui
