#pragma once

#include "dlq/dlqrecord.h"

#include <QCoreApplication>
#include <QList>
#include <QMap>
#include <QSet>

namespace herder::dlq {
class DlqReplayer;
}

namespace herder::ui {

/// A replay request worked out before the operator confirms it: what the loop guard lets
/// through and refuses (and why), what it may cost, and the question to put.
class ReplayPlan
{
    Q_DECLARE_TR_FUNCTIONS(herder::ui::ReplayPlan)
public:
    using Positions = QSet<std::pair<qint32, qint64>>;

    /// `replayed_before`: DLQ positions already replayed from this window.
    ReplayPlan(const QList<dlq::DlqRecord> &records, const dlq::DlqReplayer &guard,
               const Positions &replayed_before);

    const QList<dlq::DlqRecord> &allowed() const { return m_allowed; }
    const QList<dlq::DlqRecord> &refused() const { return m_refused; }
    double estimatedCostUsd() const { return m_cost_usd; }
    /// "Replay 3 dead letters to topic …?", the cost, the refusals, any repeats.
    QString question(const QString &target_topic) const;
    QString confirmLabel() const;

private:
    QList<dlq::DlqRecord> m_allowed;
    QList<dlq::DlqRecord> m_refused;
    QMap<QString, int> m_refusals; ///< reason -> how many
    int m_again = 0;
    double m_cost_usd = 0;
};

} // namespace herder::ui
