#pragma once

#include <QByteArray>
#include <QHashFunctions>
#include <QList>

namespace herder::kafka {

struct TopicPartition
{
    QByteArray topic;
    qint32 partition = -1;

    friend bool operator==(const TopicPartition &, const TopicPartition &) = default;
    friend size_t qHash(const TopicPartition &tp, size_t seed = 0)
    {
        return qHashMulti(seed, tp.topic, tp.partition);
    }
    QByteArray toString() const { return topic + '/' + QByteArray::number(partition); }
};

struct CommitOffset
{
    TopicPartition tp;
    qint64 offset = -1; ///< the next offset to read
};

using Headers = QList<std::pair<QByteArray, QByteArray>>;

} // namespace herder::kafka
