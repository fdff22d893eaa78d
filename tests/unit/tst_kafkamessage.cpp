#include "kafka/consumer.h"
#include "kafka/message.h"
#include "kafka/mockcluster.h"
#include "kafka/producer.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QTest>

#include <vector>

using namespace herder;

// kafka::Message against librdkafka's in-process mock cluster: what a producer wrote comes
// back through the accessors unchanged, without a broker.
class TestKafkaMessage : public QObject
{
    Q_OBJECT

    // A one-partition mock topic `t`, written by a producer and read back by a consumer. The
    // messages are declared last: they must go before the handles that own their memory.
    struct Rig
    {
        kafka::MockCluster cluster{1, {"t"}, 1};
        std::unique_ptr<kafka::Producer> producer;
        std::unique_ptr<kafka::Consumer> consumer;
        std::vector<kafka::Message> got;

        bool roundTrip(const QList<std::pair<QByteArray, kafka::Headers>> &records,
                       const QByteArray &key)
        {
            config::EngineSettings settings;
            settings.kafka_common = {{"bootstrap.servers", cluster.bootstrapServers()},
                                     {"log_level", "3"}};
            settings.kafka_producer = {{"acks", "all"}};
            settings.group = QStringLiteral("tst-kafkamessage");
            auto made = kafka::Producer::create(settings, [](void *, rd_kafka_resp_err_t) {});
            producer = std::move(std::get<std::unique_ptr<kafka::Producer>>(made));
            for (const auto &[value, headers] : records)
                producer->produce("t", key, value, headers, nullptr);
            if (!producer->flush(10000))
                return false;
            auto created = kafka::Consumer::create(settings, {});
            consumer = std::move(std::get<std::unique_ptr<kafka::Consumer>>(created));
            QString error;
            if (!consumer->subscribe({"t"}, &error))
                return false;
            QElapsedTimer clock;
            clock.start();
            while (qsizetype(got.size()) < records.size() && clock.elapsed() < 15000) {
                consumer->poll(100, [&](kafka::Message m) { got.push_back(std::move(m)); });
                QTest::qWait(20);
            }
            return qsizetype(got.size()) == records.size();
        }
    };

private slots:
    void nullMessage()
    {
        const kafka::Message m;
        QVERIFY(m.isNull());
        QVERIFY(!m.isError());
        QVERIFY(m.topic().isNull());
        QCOMPARE(m.partition(), -1);
        QCOMPARE(m.offset(), -1);
        QVERIFY(!m.hasKey());
        QVERIFY(m.key().isNull());
        QVERIFY(m.value().isNull());
        QCOMPARE(m.timestampMs(), -1);
        QVERIFY(m.headers().isEmpty());
        QVERIFY(m.header("x").isNull());
    }

    void accessorsReadWhatWasWritten()
    {
        const qint64 before_ms = QDateTime::currentMSecsSinceEpoch();
        const kafka::Headers headers{{"herder-attempt", "2"}, {"dup", "first"}, {"dup", "last"},
                                     {"empty", ""}};
        const QByteArray binary("\x00\xff\x01 value", 9);
        Rig rig;
        QVERIFY(rig.roundTrip({{binary, headers}, {"second", {}}}, "k1"));
        const std::vector<kafka::Message> &got = rig.got;
        const kafka::Message &m = got[0];
        QVERIFY(!m.isNull());
        QVERIFY(!m.isError());
        QCOMPARE(m.topic(), QByteArray("t"));
        QCOMPARE(m.partition(), 0);
        QCOMPARE(m.offset(), 0);
        QCOMPARE(m.topicPartition(), (kafka::TopicPartition{"t", 0}));
        QVERIFY(m.hasKey());
        QCOMPARE(m.key(), QByteArray("k1"));
        QCOMPARE(m.keyView(), QByteArrayView("k1"));
        QCOMPARE(m.value(), binary);
        QCOMPARE(m.valueView(), QByteArrayView(binary));
        QVERIFY(m.timestampMs() >= before_ms - 1000);
        QVERIFY(m.timestampMs() <= QDateTime::currentMSecsSinceEpoch() + 1000);
        QCOMPARE(m.headers(), headers);
        QCOMPARE(m.header("herder-attempt"), QByteArray("2"));
        QCOMPARE(m.header("dup"), QByteArray("last"));
        QVERIFY(!m.header("empty").isNull());
        QVERIFY(m.header("empty").isEmpty());
        QVERIFY(m.header("absent").isNull());
        int visited = 0;
        m.forEachHeader([&](const char *name, QByteArrayView value) {
            QCOMPARE(QByteArray(name), headers[visited].first);
            QCOMPARE(value, QByteArrayView(headers[visited].second));
            ++visited;
        });
        QCOMPARE(visited, headers.size());

        QCOMPARE(got[1].offset(), 1);
        QCOMPARE(got[1].value(), QByteArray("second"));
        QVERIFY(got[1].headers().isEmpty());
        // The same topic handle gives the same (shared) name.
        QCOMPARE(got[1].topic(), m.topic());
    }

    void noKey()
    {
        Rig rig;
        QVERIFY(rig.roundTrip({{"v", {}}}, QByteArray()));
        const std::vector<kafka::Message> &got = rig.got;
        QVERIFY(!got[0].hasKey());
        QVERIFY(got[0].key().isNull());
        QVERIFY(got[0].keyView().isNull());
    }

    void resetReleases()
    {
        Rig rig;
        QVERIFY(rig.roundTrip({{"v", {}}}, "k"));
        std::vector<kafka::Message> &got = rig.got;
        got[0].reset();
        QVERIFY(got[0].isNull());
    }
};

QTEST_GUILESS_MAIN(TestKafkaMessage)
#include "tst_kafkamessage.moc"
