#include "pipeline/batchcollector.h"
#include "pipeline/work.h"

#include <QTest>

#include <array>

using herder::pipeline::BatchCollector;
using herder::pipeline::Work;

class TestBatchCollector : public QObject
{
    Q_OBJECT

private slots:
    void fullBatchIsReportedAtOnce();
    void takeKeepsArrivalOrderAndLeavesTheRest();
    void lingerIsCountedFromTheOldest();
    void removeForgetsOneMessage();
    void shrinkingTheBatchSizeMakesWaitingBatchesFull();
    void batchSizeIsAtLeastOne();
};

void TestBatchCollector::fullBatchIsReportedAtOnce()
{
    std::array<Work, 4> works;
    BatchCollector c(4, 5);
    QVERIFY(c.isEmpty());
    for (int i = 0; i < 3; ++i) {
        QVERIFY(!c.add(&works[i], 100));
        QVERIFY(!c.isFull());
    }
    QVERIFY(c.add(&works[3], 100));
    QVERIFY(c.isFull());
    QCOMPARE(c.take(), (QList<Work *>{&works[0], &works[1], &works[2], &works[3]}));
    QVERIFY(c.isEmpty());
    QCOMPARE(c.dueAt_ms(), -1);
}

void TestBatchCollector::takeKeepsArrivalOrderAndLeavesTheRest()
{
    std::array<Work, 5> works;
    BatchCollector c(3, 5);
    for (qsizetype i = 0; i < qsizetype(works.size()); ++i)
        c.add(&works[size_t(i)], 10 + i);
    QCOMPARE(c.take(), (QList<Work *>{&works[0], &works[1], &works[2]}));
    QCOMPARE(c.size(), 2);
    QVERIFY(!c.isFull());
    // The rest lingers from its own arrival, not from the batch that left.
    QCOMPARE(c.dueAt_ms(), 13 + 5);
    QCOMPARE(c.take(), (QList<Work *>{&works[3], &works[4]}));
    QVERIFY(c.isEmpty());
}

void TestBatchCollector::lingerIsCountedFromTheOldest()
{
    std::array<Work, 2> works;
    BatchCollector c(8, 5);
    QCOMPARE(c.lingerMs(), 5);
    c.add(&works[0], 1000);
    c.add(&works[1], 1004);
    QCOMPARE(c.dueAt_ms(), 1005);
}

void TestBatchCollector::removeForgetsOneMessage()
{
    std::array<Work, 3> works;
    BatchCollector c(3, 5);
    c.add(&works[0], 1);
    c.add(&works[1], 2);
    QVERIFY(c.remove(&works[0]));
    QVERIFY(!c.remove(&works[0]));
    QVERIFY(!c.contains(&works[0]));
    QVERIFY(c.contains(&works[1]));
    QCOMPARE(c.dueAt_ms(), 2 + 5);
    QVERIFY(!c.add(&works[2], 3));
    QCOMPARE(c.take(), (QList<Work *>{&works[1], &works[2]}));
}

void TestBatchCollector::shrinkingTheBatchSizeMakesWaitingBatchesFull()
{
    std::array<Work, 5> works;
    BatchCollector c(16, 5);
    for (Work &w : works)
        c.add(&w, 0);
    QVERIFY(!c.isFull());
    c.setBatchSize(2);
    QVERIFY(c.isFull());
    QCOMPARE(c.take().size(), 2);
    QCOMPARE(c.take().size(), 2);
    QVERIFY(!c.isFull());
    QCOMPARE(c.take().size(), 1);
}

void TestBatchCollector::batchSizeIsAtLeastOne()
{
    Work w;
    BatchCollector c(0, -3);
    QCOMPARE(c.batchSize(), 1);
    QCOMPARE(c.lingerMs(), 0);
    QVERIFY(c.add(&w, 7));
    c.setBatchSize(-5);
    QCOMPARE(c.batchSize(), 1);
}

QTEST_APPLESS_MAIN(TestBatchCollector)
#include "tst_batchcollector.moc"
