#pragma once

#include "config/enginesettings.h"
#include "dlq/dlqrecord.h"
#include "kafka/rangereader.h"

#include <QObject>
#include <QSet>
#include <QTimer>

#include <memory>

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
    DlqRecord recordOf(const kafka::Message &m);
    QByteArray internedName(const char *name);

    config::EngineSettings m_settings;
    std::unique_ptr<kafka::RangeReader> m_reader;
    QList<qint64> m_next;     ///< per partition: next offset to read (where the last load stopped)
    QSet<QByteArray> m_names; ///< header names, shared by every record that carries them
    QTimer *m_step;           ///< one read turn per expiry, so a restart never runs two chains
    int m_page_size = 2000;
    qint64 m_total = 0;
    bool m_running = false;
};

} // namespace herder::dlq
