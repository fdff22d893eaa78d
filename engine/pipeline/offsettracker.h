#pragma once

#include <QtGlobal>

#include <optional>
#include <vector>

namespace herder::pipeline {

/// At-least-once commit bookkeeping for ONE partition whose messages may finish out of order.
/// The committable offset never passes an unfinished message, so a crash re-delivers at most
/// the in-flight window. Not thread-safe; one instance per partition, owned by one thread.
class OffsetTracker
{
public:
    /// A consumed offset enters tracking; offsets must increase (gaps allowed: compaction, txn
    /// markers). Returns false (and ignores it) if offset <= the last begun offset.
    bool begin(qint64 offset);
    /// Marks a begun offset finished (its output/retry/DLQ write was acknowledged). Returns
    /// false for an unknown or already-done offset.
    bool done(qint64 offset);
    /// The offset to commit (next offset to read = lowest unfinished offset, or last begun + 1
    /// when none is pending), if it is ahead of the last committed one.
    std::optional<qint64> committable() const;
    /// Records a successful commit. Commits acknowledged out of order never move it backwards.
    void markCommitted(qint64 offset);
    /// The last committed offset; -1 before the first commit.
    qint64 committed() const { return m_committed_offset; }
    /// Offsets begun and not done.
    int pending() const { return m_pending; }

private:
    struct Entry
    {
        qint64 offset;
        bool done;
    };

    Entry &at(qsizetype i) { return m_ring[static_cast<size_t>((m_head + i) & m_mask)]; }
    const Entry &at(qsizetype i) const
    {
        return m_ring[static_cast<size_t>((m_head + i) & m_mask)];
    }
    void grow();

    // Power-of-two ring of begun offsets, ascending, whose front is always unfinished: a
    // steady-state window costs no allocation, unlike std::deque's per-block churn.
    std::vector<Entry> m_ring;
    qsizetype m_mask = -1; // capacity - 1; -1 while empty so the first grow() sizes it
    qsizetype m_head = 0;
    qsizetype m_size = 0;
    int m_pending = 0;
    qint64 m_last_begun_offset = -1;
    qint64 m_committed_offset = -1;
};

} // namespace herder::pipeline
