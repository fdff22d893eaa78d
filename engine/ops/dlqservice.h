#pragma once

#include "config/enginesettings.h"
#include "dlq/dlqreader.h"
#include "ops/dlqfilter.h"
#include "ops/replayrequest.h"

#include <QJsonObject>
#include <QList>
#include <QObject>

#include <functional>

namespace herder::ops {

/// The ops API's side of the dead-letter queue, on a worker thread of its own: an in-memory
/// index of the DLQ, topped up from a group-free DlqReader before every call, and replays.
/// Answers arrive through a callback on this object's thread; the caller hops them home.
class DlqService : public QObject
{
    Q_OBJECT
public:
    /// HTTP status and JSON body.
    using Answer = std::function<void(int status, const QJsonObject &body)>;

    explicit DlqService(config::EngineSettings settings, QObject *parent = nullptr);

    /// One page of the dead letters that match, oldest first.
    void list(const DlqFilter &filter, qsizetype offset, qsizetype limit, const Answer &answer);
    /// Replays the records at the request's positions, or every record its filter matches.
    void replay(const ReplayRequest &request, const Answer &answer);

private:
    struct Entry
    {
        dlq::DlqRecord record;
        QString text; ///< the event's text, for the text filter
    };
    using Job = std::function<void(const QString &error)>;

    /// Runs the job once the index holds everything written before this call.
    void whenFresh(Job job);
    void onLoaded();
    void onFailed(const QString &message);
    static QJsonObject toJson(const Entry &entry);

    config::EngineSettings m_settings;
    dlq::DlqReader m_reader;
    QList<Entry> m_index;
    QList<Job> m_loading; ///< served by the load under way
    QList<Job> m_queued;  ///< arrived during it: need the next one
    bool m_busy = false;
};

} // namespace herder::ops
