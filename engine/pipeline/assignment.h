#pragma once

#include "kafka/topicpartition.h"
#include "metrics/enginesnapshot.h"
#include "pipeline/offsettracker.h"

#include <QHash>
#include <QList>

#include <functional>
#include <optional>

namespace herder::pipeline {

/// The partitions this engine owns, each with its offset tracker. Each assignment of a
/// partition (and each rewind) is a new generation: a message consumed under an earlier one
/// settles nothing in the current one. Engine-thread only.
class Assignment
{
public:
    void assign(const QList<kafka::TopicPartition> &partitions);
    /// Forgets \a tp; false if it was not assigned.
    bool revoke(const kafka::TopicPartition &tp);
    bool isEmpty() const { return m_trackers.isEmpty(); }
    QList<kafka::TopicPartition> partitions() const { return m_trackers.keys(); }
    bool contains(const kafka::TopicPartition &tp) const { return m_trackers.contains(tp); }

    /// A consumed offset starts: its generation, or nullopt when \a tp is not ours (any more)
    /// or the offset was seen already.
    std::optional<quint64> begin(const kafka::TopicPartition &tp, qint64 offset);
    /// The offset's record is written; ignored unless \a generation is the current one.
    void done(const kafka::TopicPartition &tp, quint64 generation, qint64 offset);
    /// Whether \a generation of \a tp is the current one.
    bool current(const kafka::TopicPartition &tp, quint64 generation) const;

    /// The next offsets to commit (of \a only, or of all), marked as committed; \a committed
    /// grows by the messages they settle.
    QList<kafka::CommitOffset> takeCommittable(quint64 *committed,
                                               const QList<kafka::TopicPartition> &only = {});
    /// The next offsets to commit, not marked: a transaction commits them first.
    QList<kafka::CommitOffset> committable() const;
    /// Marks \a offsets committed (those of partitions still ours); returns the messages
    /// they settle.
    quint64 markCommitted(const QList<kafka::CommitOffset> &offsets);
    /// Starts every partition's next generation at its committed offset, forgetting what was
    /// in flight; returns where the consumer must rewind to.
    QList<kafka::CommitOffset> rewind();

    /// Committed offset, lag (from \a highWatermark) and pending count per partition, sorted.
    QList<metrics::PartitionStats>
    stats(const std::function<qint64(const kafka::TopicPartition &)> &highWatermark) const;

private:
    struct Tracker
    {
        OffsetTracker offsets;
        quint64 generation = 0;
        qint64 first_offset = -1; ///< where this assignment started, for the committed count
    };
    /// How many messages committing \a next settles.
    static quint64 settledBy(const Tracker &t, qint64 next);

    QHash<kafka::TopicPartition, Tracker> m_trackers;
    quint64 m_next_generation = 1;
};

} // namespace herder::pipeline
