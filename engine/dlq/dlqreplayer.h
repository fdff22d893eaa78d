#pragma once

#include "config/enginesettings.h"
#include "dlq/dlqrecord.h"

#include <QList>
#include <QString>

#include <functional>

namespace herder::dlq {

struct ReplayResult
{
    int replayed = 0;
    QList<DlqRecord> refused; ///< by the loop guard: replayed max_replays times already
    QString error;            ///< set when Kafka refused or did not confirm the writes
};

/// Sends dead letters back to the source topic with their original bytes (or an operator's
/// edit) and the headers herder-replay-of (dlq-topic/partition/offset) and herder-replay-count.
/// Blocking until every write is acknowledged: run it off the UI thread.
class DlqReplayer
{
public:
    /// Called from the replaying thread as delivery reports arrive.
    using Progress = std::function<void(int acknowledged, int total)>;

    DlqReplayer(config::EngineSettings settings, int max_replays = 3);

    ReplayResult replay(const QList<DlqRecord> &records, int timeout_ms = 30000);
    /// One record with an edited value (the operator fixed the payload).
    ReplayResult replayEdited(const DlqRecord &record, const QByteArray &value,
                              int timeout_ms = 30000);
    void setProgress(Progress progress) { m_progress = std::move(progress); }

    int maxReplays() const { return m_max_replays; }
    /// False when the loop guard refuses the record: it was replayed max_replays times already.
    bool allows(const DlqRecord &record) const { return record.replay_count < m_max_replays; }
    /// Why the loop guard refuses a record, for the operator.
    QString refusalReason(const DlqRecord &record) const;

    /// Cost estimate for replaying n records, from what their attempts cost so far.
    static double estimatedCostUsd(const QList<DlqRecord> &records);

private:
    ReplayResult send(const QList<std::pair<DlqRecord, QByteArray>> &items, int timeout_ms);

    config::EngineSettings m_settings;
    int m_max_replays;
    Progress m_progress;
};

} // namespace herder::dlq
