#include "replayreport.h"

#include <QLocale>
#include <QMap>

namespace herder::ui {

ReplayReport::ReplayReport(const dlq::ReplayResult &result, int requested,
                           const dlq::DlqReplayer &guard, const QString &source_topic,
                           const QString &dlq_topic)
    : m_attention(!result.refused.isEmpty() || !result.error.isEmpty()),
      m_error(!result.error.isEmpty())
{
    const QLocale locale;
    m_lines << tr("Replayed %1 of %2 to %3.")
                   .arg(locale.toString(result.replayed), locale.toString(requested), source_topic);
    QMap<QString, int> reasons;
    for (const dlq::DlqRecord &r : result.refused) {
        const QString reason = guard.refusalReason(r);
        ++reasons[reason];
        m_details << tr("%1/%2/%3: %4").arg(dlq_topic).arg(r.partition).arg(r.offset).arg(reason);
    }
    for (auto it = reasons.cbegin(); it != reasons.cend(); ++it)
        m_lines
            << tr("%1 refused by the loop guard: %2.").arg(locale.toString(it.value()), it.key());
    if (m_error)
        m_lines << tr("Kafka error: %1").arg(result.error);
}

} // namespace herder::ui
