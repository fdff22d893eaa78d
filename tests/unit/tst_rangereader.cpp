#include "kafka/mockcluster.h"
#include "kafka/producer.h"
#include "kafka/rangereader.h"

#include <QTest>

using namespace herder;
using kafka::RangeReader;

// RangeReader against librdkafka's in-process mock cluster: it reads exactly the given ranges,
// in turns, and says where each partition stands.
class TestRangeReader : public QObject
{
    Q_OBJECT

    std::unique_ptr<kafka::MockCluster> m_cluster;
    config::EngineSettings m_settings;

    std::unique_ptr<RangeReader> reader()
    {
        auto created = RangeReader::create(m_settings, "-tst");
        return std::move(std::get<std::unique_ptr<RangeReader>>(created));
    }

    // Every record handed out, as "partition/offset/value".
    static QList<QByteArray> readAll(RangeReader &r, RangeReader::Turn turn, int *turns)
    {
        QList<QByteArray> seen;
        QString error;
        *turns = 0;
        for (;;) {
            ++*turns;
            const RangeReader::Step step = r.read(
                [&](const kafka::Message &m) {
                    seen.append(QByteArray::number(m.partition()) + '/' +
                                QByteArray::number(m.offset()) + '/' + m.value());
                },
                turn, &error);
            if (step != RangeReader::Step::More) {
                if (step != RangeReader::Step::Done)
                    qWarning("read ended with %d: %s", int(step), qPrintable(error));
                return seen;
            }
        }
    }

private slots:
    void initTestCase()
    {
        // Topic t: partition 0 holds 5 records, partition 1 holds 3, partition 2 none.
        m_cluster = std::make_unique<kafka::MockCluster>(1, QList<QByteArray>{"t"}, 3);
        m_settings.kafka_common = {{"bootstrap.servers", m_cluster->bootstrapServers()},
                                   {"log_level", "3"}};
        m_settings.kafka_producer = {{"acks", "all"}};
        m_settings.group = QStringLiteral("tst-rangereader");
        auto made = kafka::Producer::create(m_settings, [](void *, rd_kafka_resp_err_t) {});
        auto producer = std::move(std::get<std::unique_ptr<kafka::Producer>>(made));
        for (int i = 0; i < 5; ++i)
            producer->produce("t", {}, QByteArray("a" + QByteArray::number(i)), {}, nullptr, 0);
        for (int i = 0; i < 3; ++i)
            producer->produce("t", {}, QByteArray("b" + QByteArray::number(i)), {}, nullptr, 1);
        QVERIFY(producer->flush(10000));
    }

    void partitionCountAndWatermarks()
    {
        auto r = reader();
        QString error;
        QVERIFY2(r->waitReachable(5000, &error), qPrintable(error));
        QCOMPARE(r->partitionCount("t", 5000), 3);
        // (The mock cluster creates topics it is asked about, so "missing" is not testable here.)
        qint32 failed = -1;
        const auto marks = r->watermarks("t", 3, 5000, &failed, &error);
        QVERIFY2(marks, qPrintable(error));
        QCOMPARE(marks->size(), 3);
        QCOMPARE((*marks)[0].low, 0);
        QCOMPARE((*marks)[0].high, 5);
        QCOMPARE((*marks)[1].high, 3);
        QCOMPARE((*marks)[2].high, 0);
    }

    void readsExactlyTheRanges()
    {
        auto r = reader();
        // Partition 0 from 1 to before 4, partition 1 whole, partition 2 empty.
        r->start("t", {{1, 4}, {0, 3}, {0, 0}});
        int turns = 0;
        QList<QByteArray> seen = readAll(*r, {}, &turns);
        std::sort(seen.begin(), seen.end());
        QCOMPARE(seen, (QList<QByteArray>{"0/1/a1", "0/2/a2", "0/3/a3", "1/0/b0", "1/1/b1",
                                          "1/2/b2"}));
        QVERIFY(r->done());
        QCOMPARE(r->next(0), 4);
        QCOMPARE(r->next(1), 3);
        QCOMPARE(r->next(2), 0);
        QCOMPARE(r->next(3), -1);
        r->stop();
    }

    void turnsEndAtMaxRecords()
    {
        auto r = reader();
        r->start("t", {{0, 5}, {0, 3}, {0, 0}});
        RangeReader::Turn turn;
        turn.max_records = 2;
        int turns = 0;
        const QList<QByteArray> seen = readAll(*r, turn, &turns);
        QCOMPARE(seen.size(), 8);
        QVERIFY2(turns >= 4, QByteArray::number(turns).constData());
        // Each partition's records come in offset order.
        QList<QByteArray> zero;
        for (const QByteArray &s : seen)
            if (s.startsWith("0/"))
                zero.append(s);
        QCOMPARE(zero, (QList<QByteArray>{"0/0/a0", "0/1/a1", "0/2/a2", "0/3/a3", "0/4/a4"}));
    }

    void endBeyondTheLogStopsAtEndOfPartition()
    {
        // An end offset past the last record (as transaction markers leave): the broker's end
        // of partition finishes it, and next() says where the log ended.
        auto r = reader();
        r->start("t", {{3, 10}, {0, 0}, {0, 0}});
        int turns = 0;
        const QList<QByteArray> seen = readAll(*r, {}, &turns);
        QCOMPARE(seen, (QList<QByteArray>{"0/3/a3", "0/4/a4"}));
        QVERIFY(r->done());
        QCOMPARE(r->next(0), 5);
    }

    void nothingToReadIsDoneAtOnce()
    {
        auto r = reader();
        r->start("t", {{5, 5}, {3, 3}, {0, 0}});
        QVERIFY(r->done());
        QString error;
        QCOMPARE(r->read([](const kafka::Message &) { QFAIL("no record expected"); }, {}, &error),
                 RangeReader::Step::Done);
    }

    void cleanupTestCase() { m_cluster.reset(); }
};

QTEST_GUILESS_MAIN(TestRangeReader)
#include "tst_rangereader.moc"
