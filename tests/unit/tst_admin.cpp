#include "kafka/admin.h"
#include "kafka/consumer.h"
#include "kafka/mockcluster.h"
#include "kafka/producer.h"

#include <QTest>

using namespace herder;
using kafka::Admin;

// kafka::Admin against librdkafka's in-process mock cluster: a topic's partitions and leaders,
// and a group's committed offsets read back as they were committed.
class TestAdmin : public QObject
{
    Q_OBJECT

    std::unique_ptr<kafka::MockCluster> m_cluster;
    config::EngineSettings m_settings;
    std::unique_ptr<kafka::Producer> m_client;

private slots:
    void initTestCase()
    {
        m_cluster = std::make_unique<kafka::MockCluster>(1, QList<QByteArray>{"existing"}, 2);
        m_settings.kafka_common = {{"bootstrap.servers", m_cluster->bootstrapServers()},
                                   {"log_level", "3"}};
        m_settings.kafka_producer = {};
        m_settings.group = QStringLiteral("tst-admin");
        auto made = kafka::Producer::create(m_settings, [](void *, rd_kafka_resp_err_t) {});
        m_client = std::move(std::get<std::unique_ptr<kafka::Producer>>(made));
    }

    // The mock cluster has no controller, so createTopics runs against the real broker only
    // (every integration test creates its topics through it).
    void leadersOfAnExistingTopicAreFound()
    {
        Admin admin(m_client->handle());
        QVERIFY(admin.waitForLeaders("existing", 2, 10000));
        QCOMPARE(admin.partitionCount("existing", 5000), 2);
        // Waiting for more partitions than the topic has ends at the deadline, false.
        QVERIFY(!admin.waitForLeaders("existing", 3, 300));
    }

    void committedOffsetsAreWhatTheGroupCommitted()
    {
        Admin admin(m_client->handle());
        QString error;
        auto before = admin.committedOffsets("tst-admin", "existing", 2, 5000, &error);
        QVERIFY2(before, qPrintable(error));
        QCOMPARE(*before, (QMap<qint32, qint64>{{0, -1}, {1, -1}}));

        auto made = kafka::Consumer::create(m_settings, {});
        auto consumer = std::move(std::get<std::unique_ptr<kafka::Consumer>>(made));
        consumer->commit({{{"existing", 1}, 7}}, false);

        auto after = admin.committedOffsets("tst-admin", "existing", 2, 5000, &error);
        QVERIFY2(after, qPrintable(error));
        QCOMPARE(*after, (QMap<qint32, qint64>{{0, -1}, {1, 7}}));
        // Another group's view is its own.
        auto other = admin.committedOffsets("tst-admin-other", "existing", 2, 5000, &error);
        QVERIFY2(other, qPrintable(error));
        QCOMPARE(*other, (QMap<qint32, qint64>{{0, -1}, {1, -1}}));
        consumer->close();
    }
};

QTEST_GUILESS_MAIN(TestAdmin)
#include "tst_admin.moc"
