#pragma once

#include "config/enginesettings.h"
#include "dlq/dlqrecord.h"
#include "dlq/dlqreplayer.h"

#include <QObject>

namespace herder::dlq {
class DlqReader;
}

namespace herder::ui {

/// The DLQ page's hands on Kafka, living on a thread of its own: it owns the reader and runs
/// the (blocking) replays, so the UI thread never waits on the broker. Call its methods with
/// queued invocations; results come back as signals. A load carries a generation number so
/// the page can drop pages of a load it has since restarted.
class DlqWorker : public QObject
{
    Q_OBJECT
public:
    explicit DlqWorker(config::EngineSettings settings, QObject *parent = nullptr);

    void load(int generation);
    void cancel();
    void replay(const QList<herder::dlq::DlqRecord> &records, int max_replays);
    void replayEdited(const herder::dlq::DlqRecord &record, const QByteArray &value,
                      int max_replays);

signals:
    void loadStarted(int generation, qint64 expected);
    void page(int generation, const QList<herder::dlq::DlqRecord> &records);
    void loaded(int generation, qint64 total);
    void loadFailed(int generation, const QString &message);
    void replayProgress(int acknowledged, int total);
    void replayed(const herder::dlq::ReplayResult &result);

private:
    dlq::DlqReplayer replayer(int max_replays);

    config::EngineSettings m_settings;
    dlq::DlqReader *m_reader;
    int m_generation = 0;
};

} // namespace herder::ui
