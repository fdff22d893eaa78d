#pragma once

#include <QList>

#include <cstdint>
#include <vector>

namespace herder::audit {

/// What the audit learned about every source record, one byte per offset: millions of records
/// cost megabytes, and no value is ever copied.
class SourceLedger
{
public:
    /// One partition's offsets [low, high); offsets outside it never match.
    void addPartition(qint32 partition, qint64 low, qint64 high);

    /// The source record at this offset exists (offsets can also be transaction markers).
    void markPresent(qint32 partition, qint64 offset);
    /// Each returns false when the offset is not a source record of the audited range.
    bool addOutput(qint32 partition, qint64 offset);
    bool addDeadLetter(qint32 partition, qint64 offset);
    bool markPending(qint32 partition, qint64 offset);

    qint32 partitionCount() const { return qint32(m_partitions.size()); }
    qint64 low(qint32 partition) const { return m_partitions[size_t(partition)].low; }
    qint64 size(qint32 partition) const
    {
        return qint64(m_partitions[size_t(partition)].state.size());
    }

    // By index from low(): what was seen for that offset.
    bool present(qint32 partition, qint64 index) const
    {
        return state(partition, index) & kPresent;
    }
    int outputs(qint32 partition, qint64 index) const { return (state(partition, index) >> 1) & 3; }
    int deadLetters(qint32 partition, qint64 index) const
    {
        return (state(partition, index) >> 3) & 3;
    }
    bool pending(qint32 partition, qint64 index) const
    {
        return state(partition, index) & kPending;
    }

private:
    // Bit 0 present, bits 1-2 outputs (saturating at 3), bits 3-4 dead letters, bit 5 pending.
    static constexpr uint8_t kPresent = 1;
    static constexpr uint8_t kPending = 1 << 5;

    struct Partition
    {
        qint64 low = 0;
        std::vector<uint8_t> state;
    };
    uint8_t *slot(qint32 partition, qint64 offset);
    uint8_t state(qint32 partition, qint64 index) const
    {
        return m_partitions[size_t(partition)].state[size_t(index)];
    }

    std::vector<Partition> m_partitions;
};

} // namespace herder::audit
