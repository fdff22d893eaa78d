#include "pipeline/assignment.h"

#include <algorithm>

namespace herder::pipeline {

void Assignment::assign(const QList<kafka::TopicPartition> &partitions)
{
    for (const kafka::TopicPartition &tp : partitions)
        m_trackers.insert(tp, Tracker{OffsetTracker{}, m_next_generation++});
}

bool Assignment::revoke(const kafka::TopicPartition &tp)
{
    return m_trackers.remove(tp) > 0;
}

std::optional<quint64> Assignment::begin(const kafka::TopicPartition &tp, qint64 offset)
{
    auto tracker = m_trackers.find(tp);
    if (tracker == m_trackers.end() || !tracker->offsets.begin(offset))
        return std::nullopt;
    if (tracker->first_offset < 0)
        tracker->first_offset = offset;
    return tracker->generation;
}

void Assignment::done(const kafka::TopicPartition &tp, quint64 generation, qint64 offset)
{
    auto tracker = m_trackers.find(tp);
    if (tracker != m_trackers.end() && tracker->generation == generation)
        tracker->offsets.done(offset);
}

bool Assignment::current(const kafka::TopicPartition &tp, quint64 generation) const
{
    const auto tracker = m_trackers.constFind(tp);
    return tracker != m_trackers.cend() && tracker->generation == generation;
}

quint64 Assignment::settledBy(const Tracker &t, qint64 next)
{
    const qint64 before = t.offsets.committed();
    return quint64(next - (before < 0 ? t.first_offset : before));
}

QList<kafka::CommitOffset> Assignment::takeCommittable(quint64 *committed,
                                                       const QList<kafka::TopicPartition> &only)
{
    QList<kafka::CommitOffset> offsets;
    for (auto it = m_trackers.begin(); it != m_trackers.end(); ++it) {
        if (!only.isEmpty() && !only.contains(it.key()))
            continue;
        if (const auto next = it->offsets.committable()) {
            *committed += settledBy(*it, *next);
            it->offsets.markCommitted(*next);
            offsets.append({it.key(), *next});
        }
    }
    return offsets;
}

QList<kafka::CommitOffset> Assignment::committable() const
{
    QList<kafka::CommitOffset> offsets;
    for (auto it = m_trackers.cbegin(); it != m_trackers.cend(); ++it)
        if (const auto next = it->offsets.committable())
            offsets.append({it.key(), *next});
    return offsets;
}

quint64 Assignment::markCommitted(const QList<kafka::CommitOffset> &offsets)
{
    quint64 settled = 0;
    for (const kafka::CommitOffset &c : offsets) {
        auto tracker = m_trackers.find(c.tp);
        if (tracker == m_trackers.end())
            continue;
        settled += settledBy(*tracker, c.offset);
        tracker->offsets.markCommitted(c.offset);
    }
    return settled;
}

QList<kafka::CommitOffset> Assignment::rewind()
{
    QList<kafka::CommitOffset> to;
    for (auto it = m_trackers.begin(); it != m_trackers.end(); ++it) {
        const qint64 committed = it->offsets.committed();
        const qint64 from = committed >= 0 ? committed : it->first_offset;
        if (from >= 0)
            to.append({it.key(), from});
        *it = Tracker{OffsetTracker{}, m_next_generation++};
        if (committed >= 0) {
            it->offsets.markCommitted(committed);
            it->first_offset = committed;
        }
    }
    return to;
}

QList<metrics::PartitionStats> Assignment::stats(
    const std::function<qint64(const kafka::TopicPartition &)> &highWatermark) const
{
    QList<metrics::PartitionStats> stats;
    for (auto it = m_trackers.cbegin(); it != m_trackers.cend(); ++it) {
        metrics::PartitionStats p;
        p.topic = QString::fromUtf8(it.key().topic);
        p.partition = it.key().partition;
        p.committed = it->offsets.committed();
        p.high_watermark = highWatermark(it.key());
        if (p.high_watermark >= 0 && p.committed >= 0)
            p.lag = qMax<qint64>(0, p.high_watermark - p.committed);
        p.pending = it->offsets.pending();
        stats.append(p);
    }
    std::sort(stats.begin(), stats.end(), [](const auto &a, const auto &b) {
        return std::tie(a.topic, a.partition) < std::tie(b.topic, b.partition);
    });
    return stats;
}

} // namespace herder::pipeline
