#pragma once

#include <librdkafka/rdkafka.h>

#include <QByteArray>
#include <QList>
#include <QMap>
#include <QString>

#include <optional>

namespace herder::kafka {

struct TopicSpec
{
    QByteArray name;
    int partitions = -1;         ///< -1: broker default
    int replication_factor = -1; ///< -1: broker default
    QList<std::pair<QByteArray, QByteArray>> configs; ///< topic configs, e.g. max.message.bytes
};

/// Blocking admin calls for start-up and tests (never on the hot path), on any client handle.
class Admin
{
public:
    explicit Admin(rd_kafka_t *rk) : m_rk(rk) {}

    /// Creates the topics that do not exist yet; existing ones are fine.
    bool createTopics(const QList<TopicSpec> &topics, int timeout_ms, QString *error);
    /// Partition count of a topic, or -1 when it does not exist or the broker did not answer.
    int partitionCount(const QByteArray &topic, int timeout_ms);
    /// Waits until each of the topic's `partitions` partitions has a leader (a topic just
    /// created may not have them yet); false when the deadline passed first.
    bool waitForLeaders(const QByteArray &topic, int partitions, int timeout_ms);
    /// The group's committed offsets of partitions 0..partitions-1 of `topic`, -1 where it has
    /// none; nullopt with the reason when the coordinator did not answer.
    std::optional<QMap<qint32, qint64>> committedOffsets(const QByteArray &group,
                                                          const QByteArray &topic, int partitions,
                                                          int timeout_ms, QString *error);
    /// The group's state as its coordinator reports it ("Stable", "PreparingRebalance",
    /// "Empty", ...); empty when it did not answer.
    QByteArray groupState(const QByteArray &group, int timeout_ms);

private:
    struct TopicState
    {
        int partitions = -1; ///< -1: no such topic, or no answer
        bool all_led = false; ///< every partition has a leader
    };
    /// One metadata request for the topic (which auto-creates it where the broker does).
    TopicState describe(const QByteArray &topic, int timeout_ms);

    rd_kafka_t *m_rk;
};

} // namespace herder::kafka
