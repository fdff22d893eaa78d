#include "replayplan.h"

#include "dlq/dlqreplayer.h"

#include <QLocale>
#include <QStringList>

namespace herder::ui {

ReplayPlan::ReplayPlan(const QList<dlq::DlqRecord> &records, const dlq::DlqReplayer &guard,
                       const Positions &replayed_before)
{
    for (const dlq::DlqRecord &r : records) {
        if (guard.allows(r)) {
            m_allowed.append(r);
        } else {
            m_refused.append(r);
            ++m_refusals[guard.refusalReason(r)];
        }
        if (replayed_before.contains({r.partition, r.offset}))
            ++m_again;
    }
    m_cost_usd = dlq::DlqReplayer::estimatedCostUsd(m_allowed);
}

QString ReplayPlan::question(const QString &target_topic) const
{
    const QLocale locale;
    const qsizetype n = m_allowed.size();
    QStringList lines;
    lines << tr("Replay %1 to topic “%2”?")
                 .arg(n == 1 ? tr("1 dead letter") : tr("%1 dead letters").arg(locale.toString(n)),
                      target_topic);
    lines << tr("Estimated LLM cost: $%1 (what one attempt of each cost so far).")
                 .arg(locale.toString(m_cost_usd, 'f', m_cost_usd < 1 ? 4 : 2));
    for (auto it = m_refusals.cbegin(); it != m_refusals.cend(); ++it)
        lines << tr("%1 more will be refused by the loop guard: %2.")
                     .arg(locale.toString(it.value()), it.key());
    if (m_again > 0)
        lines << tr("%1 of them were replayed from this window already.")
                     .arg(locale.toString(m_again));
    return lines.join(QLatin1Char('\n'));
}

QString ReplayPlan::confirmLabel() const
{
    return m_allowed.size() == 1
               ? tr("Replay 1 record")
               : tr("Replay %1 records").arg(QLocale().toString(m_allowed.size()));
}

} // namespace herder::ui
