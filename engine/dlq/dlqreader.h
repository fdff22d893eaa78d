#pragma once

#include "config/enginesettings.h"
#include "dlq/dlqrecord.h"
#include "kafka/handles.h"

#include <QObject>

#include <optional>

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

signals:
    void page(const QList<herder::dlq::DlqRecord> &records);
    void loaded(qint64 total);
    void failed(const QString &message);

private:
    bool open(QString *error);
    void readSome();

    config::EngineSettings m_settings;
    kafka::HandlePtr m_rk;
    QList<qint64> m_end;  ///< per partition: stop before this offset
    QList<qint64> m_next; ///< per partition: next offset to read
    int m_page_size = 2000;
    qint64 m_total = 0;
    bool m_running = false;
};

} // namespace herder::dlq
