#pragma once

#include <librdkafka/rdkafka.h>

#include <QByteArray>
#include <QList>
#include <QString>

namespace herder::kafka {

struct TopicSpec
{
    QByteArray name;
    int partitions = -1;         ///< -1: broker default
    int replication_factor = -1; ///< -1: broker default
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

private:
    rd_kafka_t *m_rk;
};

} // namespace herder::kafka
