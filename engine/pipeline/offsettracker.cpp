#include "pipeline/offsettracker.h"

namespace herder::pipeline {

bool OffsetTracker::begin(qint64 offset)
{
    // Kafka offsets are >= 0, and -1 is the initial "last begun", so negatives fail here too.
    if (offset <= m_last_begun_offset)
        return false;
    if (m_size == static_cast<qsizetype>(m_ring.size()))
        grow();
    at(m_size) = Entry{offset, false};
    ++m_size;
    ++m_pending;
    m_last_begun_offset = offset;
    return true;
}

bool OffsetTracker::done(qint64 offset)
{
    if (m_size == 0 || offset < at(0).offset || offset > m_last_begun_offset)
        return false;
    // Entries are strictly ascending: lower_bound over the ring's logical positions.
    qsizetype lo = 0;
    qsizetype count = m_size;
    while (count > 0) {
        const qsizetype step = count / 2;
        if (at(lo + step).offset < offset) {
            lo += step + 1;
            count -= step + 1;
        } else {
            count = step;
        }
    }
    if (lo == m_size)
        return false;
    Entry &entry = at(lo);
    if (entry.offset != offset || entry.done)
        return false;
    entry.done = true;
    --m_pending;
    // Pop the finished prefix so the front is the lowest unfinished offset.
    while (m_size > 0 && at(0).done) {
        m_head = (m_head + 1) & m_mask;
        --m_size;
    }
    if (m_size == 0)
        m_head = 0;
    return true;
}

std::optional<qint64> OffsetTracker::committable() const
{
    if (m_last_begun_offset < 0)
        return std::nullopt; // nothing consumed yet: nothing to say
    const qint64 next = m_size > 0 ? at(0).offset : m_last_begun_offset + 1;
    if (next > m_committed_offset)
        return next;
    return std::nullopt;
}

void OffsetTracker::markCommitted(qint64 offset)
{
    if (offset > m_committed_offset)
        m_committed_offset = offset;
}

void OffsetTracker::grow()
{
    const qsizetype old_capacity = static_cast<qsizetype>(m_ring.size());
    const qsizetype new_capacity = old_capacity == 0 ? 64 : old_capacity * 2;
    std::vector<Entry> ring(static_cast<size_t>(new_capacity));
    for (qsizetype i = 0; i < m_size; ++i)
        ring[static_cast<size_t>(i)] = at(i);
    m_ring = std::move(ring);
    m_mask = new_capacity - 1;
    m_head = 0;
}

} // namespace herder::pipeline
