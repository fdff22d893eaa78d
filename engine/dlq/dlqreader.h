#pragma once

#include "config/enginesettings.h"
#include "dlq/dlqrecord.h"
#include "kafka/handles.h"

#include <QElapsedTimer>
#include <QObject>
#include <QSet>
#include <QTimer>

namespace herder::dlq {

/// Reads the dead-letter topic for browsing: from the start up to the end offsets of the moment
/// load() is called, in pages, returning to the event loop between pages. Uses no consumer
/// group, so browsing never moves anybody's offsets. Run it on a worker thread.
class DlqReader : public QObject
{
    Q_OBJECT
public:
    explicit DlqReader(config::EngineSettings settings, QObject *parent = nullptr);
    ~DlqReader() override;

    /// Starts (or restarts) loading; emits page() per `page_size` records, then loaded().
    void load(int page_size = 2000);
    /// Records after the ones already loaded (new dead letters since); emits page(), loaded().
    void loadNew(int page_size = 2000);
    void cancel();
    bool isRunning() const { return m_running; }

signals:
    /// Loading began; at most `expected` records will come (fewer where transaction markers
    /// take offsets).
    void started(qint64 expected);
    /// At most `page_size` records; smaller when a read turn ran out of time.
    void page(const QList<herder::dlq::DlqRecord> &records);
    void loaded(qint64 total);
    void failed(const QString &message);

private:
    bool open(QString *error);
    void readSome();
    bool done() const;
    DlqRecord recordOf(const rd_kafka_message_t *m);
    QByteArray internedName(const char *name);

    config::EngineSettings m_settings;
    kafka::HandlePtr m_rk;
    QList<qint64> m_end;      ///< per partition: stop before this offset
    QList<qint64> m_next;     ///< per partition: next offset to read
    QList<bool> m_eof;        ///< per partition: the broker said there is nothing more for now
    QSet<QByteArray> m_names; ///< header names, shared by every record that carries them
    QTimer *m_step;           ///< one read turn per expiry, so a restart never runs two chains
    QElapsedTimer m_since_progress;
    int m_page_size = 2000;
    qint64 m_total = 0;
    bool m_running = false;
};

} // namespace herder::dlq
