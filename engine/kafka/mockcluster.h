#pragma once

#include "kafka/handles.h"

#include <QByteArray>
#include <QList>

struct rd_kafka_mock_cluster_s;

namespace herder::kafka {

/// librdkafka's in-process mock cluster, for the demo and quick tests only: it trims old data
/// and does not implement transactions faithfully.
class MockCluster
{
public:
    MockCluster(int brokers, const QList<QByteArray> &topics, int partitions);
    ~MockCluster();
    MockCluster(const MockCluster &) = delete;
    MockCluster &operator=(const MockCluster &) = delete;

    QByteArray bootstrapServers() const;

private:
    HandlePtr m_owner;
    rd_kafka_mock_cluster_s *m_cluster = nullptr;
};

} // namespace herder::kafka
