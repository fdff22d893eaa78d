#pragma once

#include <QJsonObject>
#include <QList>
#include <QMap>
#include <QString>

namespace herder::audit {

/// What herder-audit found: counts over the source, output, DLQ and retry topics and the first
/// examples of what went wrong.
struct AuditReport
{
    struct Example
    {
        qint32 partition = -1;
        qint64 offset = -1;
        int outputs = 0;      ///< saturates at 3
        int dead_letters = 0; ///< saturates at 3
    };
    static constexpr int kMaxExamples = 10;

    QString source_topic, output_topic, dlq_topic, retry_topic, isolation;
    qint64 inputs = 0;          ///< source records read
    qint64 replayed_inputs = 0; ///< of those, replays of dead letters (herder-replay-of)
    qint64 outputs = 0;         ///< output records read
    qint64 unique_enriched = 0; ///< source records with at least one output
    qint64 duplicates = 0;      ///< source records with more than one outcome
    qint64 dlq_records = 0;
    QMap<QString, qint64> dlq_by_class; ///< by herder-error-class
    qint64 dlq_of_replays = 0;  ///< dead letters of replayed records
    qint64 dead_lettered = 0;   ///< source records whose only outcome is the DLQ
    qint64 lost = 0;            ///< source records with no outcome and nothing in flight
    qint64 pending = 0;         ///< no outcome yet, but a retry record is on its way
    qint64 retry_records = 0;
    qint64 unmatched_outputs = 0; ///< outputs naming no source record of the audited range
    qint64 unmatched_dlq = 0;
    QList<Example> lost_examples;
    QList<Example> duplicate_examples;

    QJsonObject toJson() const;
    QString toText() const;
};

} // namespace herder::audit
