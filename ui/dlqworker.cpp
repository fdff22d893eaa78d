#include "dlqworker.h"

#include "dlq/dlqreader.h"

namespace herder::ui {

DlqWorker::DlqWorker(config::EngineSettings settings, QObject *parent)
    : DlqSource(parent), m_settings(std::move(settings)),
      m_reader(new dlq::DlqReader(m_settings, this))
{
    qRegisterMetaType<herder::dlq::ReplayResult>();
    qRegisterMetaType<herder::dlq::DlqRecord>();
    connect(m_reader, &dlq::DlqReader::started, this,
            [this](qint64 expected) { emit loadStarted(m_generation, expected); });
    connect(m_reader, &dlq::DlqReader::page, this,
            [this](const QList<dlq::DlqRecord> &records) { emit page(m_generation, records); });
    connect(m_reader, &dlq::DlqReader::loaded, this,
            [this](qint64 total) { emit loaded(m_generation, total); });
    connect(m_reader, &dlq::DlqReader::failed, this,
            [this](const QString &message) { emit loadFailed(m_generation, message); });
}

void DlqWorker::load(int generation)
{
    m_generation = generation;
    m_reader->load();
}

void DlqWorker::cancel()
{
    m_reader->cancel();
}

dlq::DlqReplayer DlqWorker::replayer(int max_replays)
{
    dlq::DlqReplayer replayer(m_settings, max_replays);
    // About a hundred progress signals per replay, however large: the UI needs no more.
    replayer.setProgress([this, last = -1](int acknowledged, int total) mutable {
        const int percent = total > 0 ? int(qint64(acknowledged) * 100 / total) : 100;
        if (percent != last) {
            last = percent;
            emit replayProgress(acknowledged, total);
        }
    });
    return replayer;
}

void DlqWorker::replay(const QList<dlq::DlqRecord> &records, int max_replays)
{
    // A local broker takes 100,000 records in seconds; allow for a slower one and a big replay.
    const int timeout_ms = 30000 + int(qMin<qsizetype>(records.size(), 600000));
    emit replayed(replayer(max_replays).replay(records, timeout_ms));
}

void DlqWorker::replayEdited(const dlq::DlqRecord &record, const QByteArray &value, int max_replays)
{
    emit replayed(replayer(max_replays).replayEdited(record, value));
}

} // namespace herder::ui
