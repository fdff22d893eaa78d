#pragma once

#include "dlq/dlqreplayer.h"

#include <QCoreApplication>
#include <QStringList>

namespace herder::ui {

/// What a replay did, in the operator's words: how many went out, how many the loop guard
/// refused and why, and any Kafka error; the refused records' DLQ positions as details.
class ReplayReport
{
    Q_DECLARE_TR_FUNCTIONS(herder::ui::ReplayReport)
public:
    ReplayReport(const dlq::ReplayResult &result, int requested, const dlq::DlqReplayer &guard,
                 const QString &source_topic, const QString &dlq_topic);

    /// Refusals and errors need the operator's eye, not just a status line.
    bool needsAttention() const { return m_attention; }
    bool isError() const { return m_error; }
    QString text(QChar separator) const { return m_lines.join(separator); }
    QString details() const { return m_details.join(QLatin1Char('\n')); }

private:
    QStringList m_lines;
    QStringList m_details;
    bool m_attention = false;
    bool m_error = false;
};

} // namespace herder::ui
