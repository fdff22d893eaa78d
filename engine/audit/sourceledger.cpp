#include "audit/sourceledger.h"

namespace herder::audit {

void SourceLedger::addPartition(qint32 partition, qint64 low, qint64 high)
{
    if (partition < 0)
        return;
    if (size_t(partition) >= m_partitions.size())
        m_partitions.resize(size_t(partition) + 1);
    Partition &p = m_partitions[size_t(partition)];
    p.low = low;
    p.state.assign(size_t(qMax<qint64>(0, high - low)), 0);
}

uint8_t *SourceLedger::slot(qint32 partition, qint64 offset)
{
    if (partition < 0 || size_t(partition) >= m_partitions.size())
        return nullptr;
    Partition &p = m_partitions[size_t(partition)];
    const qint64 index = offset - p.low;
    if (index < 0 || index >= qint64(p.state.size()))
        return nullptr;
    return &p.state[size_t(index)];
}

void SourceLedger::markPresent(qint32 partition, qint64 offset)
{
    if (uint8_t *s = slot(partition, offset))
        *s |= kPresent;
}

bool SourceLedger::addOutput(qint32 partition, qint64 offset)
{
    uint8_t *s = slot(partition, offset);
    if (!s || !(*s & kPresent))
        return false;
    const int n = (*s >> 1) & 3;
    if (n < 3)
        *s = uint8_t((*s & ~(3 << 1)) | ((n + 1) << 1));
    return true;
}

bool SourceLedger::addDeadLetter(qint32 partition, qint64 offset)
{
    uint8_t *s = slot(partition, offset);
    if (!s || !(*s & kPresent))
        return false;
    const int n = (*s >> 3) & 3;
    if (n < 3)
        *s = uint8_t((*s & ~(3 << 3)) | ((n + 1) << 3));
    return true;
}

bool SourceLedger::markPending(qint32 partition, qint64 offset)
{
    uint8_t *s = slot(partition, offset);
    if (!s || !(*s & kPresent))
        return false;
    *s |= kPending;
    return true;
}

} // namespace herder::audit
