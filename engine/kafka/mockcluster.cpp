#include "kafka/mockcluster.h"

#include <librdkafka/rdkafka_mock.h>

namespace herder::kafka {

MockCluster::MockCluster(int brokers, const QList<QByteArray> &topics, int partitions)
{
    char error[512];
    rd_kafka_conf_t *conf = rd_kafka_conf_new();
    rd_kafka_conf_set(conf, "log_level", "3", error, sizeof error);
    m_owner.reset(rd_kafka_new(RD_KAFKA_PRODUCER, conf, error, sizeof error));
    if (!m_owner)
        qFatal("MockCluster: %s", error);
    m_cluster = rd_kafka_mock_cluster_new(m_owner.get(), brokers);
    if (!m_cluster)
        qFatal("MockCluster: cannot create the mock cluster");
    for (const QByteArray &topic : topics)
        rd_kafka_mock_topic_create(m_cluster, topic.constData(), partitions,
                                   qMin(brokers, 3));
}

MockCluster::~MockCluster()
{
    if (m_cluster)
        rd_kafka_mock_cluster_destroy(m_cluster);
}

QByteArray MockCluster::bootstrapServers() const
{
    return QByteArray(rd_kafka_mock_cluster_bootstraps(m_cluster));
}

} // namespace herder::kafka
