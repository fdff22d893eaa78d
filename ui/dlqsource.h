#pragma once

#include "dlq/dlqrecord.h"
#include "dlq/dlqreplayer.h"

#include <QObject>

namespace herder::ui {

/// Where the DLQ page gets its dead letters and sends its replays: Kafka directly (DlqWorker)
/// or an attached engine's ops API (RemoteDlqSource). The page moves its source to a thread of
/// its own and calls these with queued invocations; results come back as signals. A load
/// carries a generation number so the page can drop pages of a load it has since restarted.
class DlqSource : public QObject
{
    Q_OBJECT
public:
    using QObject::QObject;

    virtual void load(int generation) = 0;
    virtual void cancel() = 0;
    virtual void replay(const QList<herder::dlq::DlqRecord> &records, int max_replays) = 0;
    virtual void replayEdited(const herder::dlq::DlqRecord &record, const QByteArray &value,
                              int max_replays) = 0;
    /// False when replayEdited() cannot be honoured; a constant, safe from any thread.
    virtual bool canReplayEdited() const { return true; }

signals:
    void loadStarted(int generation, qint64 expected);
    void page(int generation, const QList<herder::dlq::DlqRecord> &records);
    void loaded(int generation, qint64 total);
    void loadFailed(int generation, const QString &message);
    void replayProgress(int acknowledged, int total);
    void replayed(const herder::dlq::ReplayResult &result);
};

} // namespace herder::ui
