#include "statusprinter.h"

#include <cstdio>

namespace herder::app {

StatusPrinter::StatusPrinter(QObject *parent) : QObject(parent)
{
    connect(&m_timer, &QTimer::timeout, this, [this] {
        const QByteArray l = line(m_latest);
        std::fprintf(stderr, "%s\n", l.constData());
    });
    m_timer.start(1000);
}

QByteArray StatusPrinter::line(const metrics::EngineSnapshot &s)
{
    QByteArray state = metrics::stateName(s.state).toUtf8();
    if (!s.state_reason.isEmpty())
        state += " (" + s.state_reason.toUtf8() + ')';
    return QStringLiteral("[%1] consumed/s %2 | consumed %3 | enriched %4 | retried %5 | DLQ %6 "
                          "| in-flight %7/%8%13 | p50 %9 ms p99 %10 ms | cost $%11%12")
        .arg(QString::fromUtf8(state))
        .arg(s.rate_1s.consumed_per_s, 0, 'f', 1)
        .arg(s.consumed)
        .arg(s.enriched)
        .arg(s.retried)
        .arg(s.dead_lettered)
        .arg(s.inflight_requests)
        .arg(s.concurrency_cap)
        .arg(s.end_to_end.p50_ms, 0, 'f', 0)
        .arg(s.end_to_end.p99_ms, 0, 'f', 0)
        .arg(s.cost_usd, 0, 'f', 4)
        .arg(s.simulated ? QStringLiteral(" | SIMULATED") : QString())
        // Adaptive: the cap it found, then the operator's.
        .arg(s.adaptive ? QStringLiteral(" (adaptive %1)").arg(s.effective_concurrency)
                        : QString())
        .toUtf8();
}

} // namespace herder::app
