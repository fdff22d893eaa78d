#include "pipeline/backpressure.h"

#include <QTest>

using herder::pipeline::Backpressure;
using Action = Backpressure::Action;
using State = Backpressure::State;

class TestBackpressure : public QObject
{
    Q_OBJECT
private slots:
    void throttlesAtTheHighWaterMarkAndResumesAtTheLow();
    void pausesOnlyWhenTheGracePeriodRunsOut();
    void graceAfterAResumeChangesNothing();
    void highWaterMarkMoves();
};

void TestBackpressure::throttlesAtTheHighWaterMarkAndResumesAtTheLow()
{
    Backpressure b(100);
    QCOMPARE(b.lowWater(), 75);
    QCOMPARE(b.update(0), Action::None);
    QCOMPARE(b.update(99), Action::None);
    QVERIFY(b.open());
    QCOMPARE(b.update(100), Action::Throttle);
    QCOMPARE(b.state(), State::Throttled);
    QVERIFY(!b.open());
    // Throttled once; nothing new while it stays above the low-water mark.
    QCOMPARE(b.update(120), Action::None);
    QCOMPARE(b.update(76), Action::None);
    QCOMPARE(b.update(75), Action::Resume);
    QVERIFY(b.open());
    QCOMPARE(b.update(74), Action::None);
    QCOMPARE(b.update(100), Action::Throttle);
}

void TestBackpressure::pausesOnlyWhenTheGracePeriodRunsOut()
{
    Backpressure b(10);
    QCOMPARE(b.graceElapsed(), Action::None); // open: no grace period running
    QCOMPARE(b.update(10), Action::Throttle);
    QCOMPARE(b.graceElapsed(), Action::Pause);
    QCOMPARE(b.state(), State::Paused);
    QVERIFY(!b.open());
    QCOMPARE(b.graceElapsed(), Action::None);
    QCOMPARE(b.update(9), Action::None);
    QCOMPARE(b.update(7), Action::Resume); // 3/4 of 10, rounded down
    QCOMPARE(b.state(), State::Open);
}

void TestBackpressure::graceAfterAResumeChangesNothing()
{
    Backpressure b(10);
    QCOMPARE(b.update(10), Action::Throttle);
    QCOMPARE(b.update(0), Action::Resume);
    // A grace timer that fired late, after the resume, must not pause an open window.
    QCOMPARE(b.graceElapsed(), Action::None);
    QVERIFY(b.open());
}

void TestBackpressure::highWaterMarkMoves()
{
    Backpressure b(0);
    QCOMPARE(b.highWater(), 1); // never below one message
    b.setHighWater(40);
    QCOMPARE(b.update(39), Action::None);
    QCOMPARE(b.update(40), Action::Throttle);
    b.setHighWater(400);
    QCOMPARE(b.update(40), Action::Resume);
}

QTEST_GUILESS_MAIN(TestBackpressure)
#include "tst_backpressure.moc"
