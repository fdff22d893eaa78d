#pragma once

#include "config/enginesettings.h"
#include "dlqsource.h"

namespace herder::dlq {
class DlqReader;
}

namespace herder::ui {

/// The DLQ page's hands on Kafka, living on a thread of its own: it owns the reader and runs
/// the (blocking) replays, so the UI thread never waits on the broker.
class DlqWorker : public DlqSource
{
    Q_OBJECT
public:
    explicit DlqWorker(config::EngineSettings settings, QObject *parent = nullptr);

    void load(int generation) override;
    void cancel() override;
    void replay(const QList<herder::dlq::DlqRecord> &records, int max_replays) override;
    void replayEdited(const herder::dlq::DlqRecord &record, const QByteArray &value,
                      int max_replays) override;

private:
    dlq::DlqReplayer replayer(int max_replays);

    config::EngineSettings m_settings;
    dlq::DlqReader *m_reader;
    int m_generation = 0;
};

} // namespace herder::ui
