#include "control/tokenbucket.h"

#include <QTest>

#include <algorithm>
#include <cmath>

using herder::control::TokenBucket;
using namespace std::chrono_literals;

namespace {

const TokenBucket::Clock::time_point t0 = TokenBucket::Clock::time_point() + 1000s;

/// Takes every token available at each step of a simulated clock; returns the number granted.
int drain(TokenBucket &bucket, TokenBucket::Clock::time_point from,
          TokenBucket::Clock::duration length, TokenBucket::Clock::duration step)
{
    int granted = 0;
    for (auto now = from; now < from + length; now += step) {
        while (bucket.tryTake(now))
            ++granted;
    }
    return granted;
}

} // namespace

class TestTokenBucket : public QObject
{
    Q_OBJECT

private slots:
    void defaults();
    void unlimitedAlwaysGrants();
    void startsFullWithBurst();
    void tenSecondsAtRate100_data();
    void tenSecondsAtRate100();
    void loweringTheRate();
    void raisingTheRate();
    void switchingToAndFromUnlimited();
    void timeUntilAvailableExact_data();
    void timeUntilAvailableExact();
    void timeUntilAvailableSurvivesInterleavedCalls();
    void timeGoingBackwards();
};

void TestTokenBucket::defaults()
{
    TokenBucket unlimited;
    QCOMPARE(unlimited.rate(), 0.0);
    TokenBucket hundred(100);
    QCOMPARE(hundred.rate(), 100.0);
    QCOMPARE(hundred.burst(), 10.0);
    TokenBucket slow(5);
    QCOMPARE(slow.burst(), 1.0); // max(1, 0.5)
    TokenBucket explicit_burst(100, 3);
    QCOMPARE(explicit_burst.burst(), 3.0);
    TokenBucket tiny_burst(100, 0.2);
    QCOMPARE(tiny_burst.burst(), 1.0); // below one token nothing could ever be granted
    TokenBucket negative(-5);
    QCOMPARE(negative.rate(), 0.0);
}

void TestTokenBucket::unlimitedAlwaysGrants()
{
    TokenBucket bucket;
    for (int i = 0; i < 100000; ++i)
        QVERIFY(bucket.tryTake(t0));
    QCOMPARE(bucket.timeUntilAvailable(t0), TokenBucket::Clock::duration::zero());
}

void TestTokenBucket::startsFullWithBurst()
{
    TokenBucket bucket(100, 10);
    QCOMPARE(bucket.timeUntilAvailable(t0), TokenBucket::Clock::duration::zero());
    for (int i = 0; i < 10; ++i)
        QVERIFY(bucket.tryTake(t0));
    QVERIFY(!bucket.tryTake(t0));
    QCOMPARE(bucket.timeUntilAvailable(t0), 10ms);
}

void TestTokenBucket::tenSecondsAtRate100_data()
{
    QTest::addColumn<double>("burst");
    QTest::addColumn<qint64>("step_us");
    QTest::newRow("default burst, 1 ms steps") << 0.0 << qint64(1000);
    QTest::newRow("default burst, 37 us steps") << 0.0 << qint64(37);
    QTest::newRow("burst 1, 1 ms steps") << 1.0 << qint64(1000);
    QTest::newRow("burst 50, 250 ms steps") << 50.0 << qint64(250'000);
}

void TestTokenBucket::tenSecondsAtRate100()
{
    QFETCH(double, burst);
    QFETCH(qint64, step_us);
    TokenBucket bucket(100, burst);
    const int granted = drain(bucket, t0, 10s, std::chrono::microseconds(step_us));
    const int slack = static_cast<int>(bucket.burst());
    QVERIFY2(granted >= 1000 - slack && granted <= 1000 + slack,
             qPrintable(QString::number(granted)));
}

void TestTokenBucket::loweringTheRate()
{
    TokenBucket bucket(1000, 100);
    const int fast = drain(bucket, t0, 5s, 1ms);
    QVERIFY2(fast >= 4900 && fast <= 5100, qPrintable(QString::number(fast)));

    bucket.setRate(10); // takes effect at once
    QCOMPARE(bucket.rate(), 10.0);
    const int slow = drain(bucket, t0 + 5s, 5s, 1ms);
    QVERIFY2(slow >= 49 && slow <= 51, qPrintable(QString::number(slow)));

    // A full bucket keeps no more than the new burst.
    TokenBucket full(1000, 100);
    QVERIFY(full.tryTake(t0));
    full.setRate(10);
    QCOMPARE(full.burst(), 1.0);
    QVERIFY(full.tryTake(t0));
    QVERIFY(!full.tryTake(t0));
    QCOMPARE(full.timeUntilAvailable(t0), 100ms);
}

void TestTokenBucket::raisingTheRate()
{
    TokenBucket bucket(10);
    const int slow = drain(bucket, t0, 5s, 1ms);
    QVERIFY2(slow >= 49 && slow <= 51, qPrintable(QString::number(slow)));
    bucket.setRate(1000);
    const int fast = drain(bucket, t0 + 5s, 5s, 1ms);
    QVERIFY2(fast >= 4900 && fast <= 5100, qPrintable(QString::number(fast)));
}

void TestTokenBucket::switchingToAndFromUnlimited()
{
    TokenBucket bucket(10, 2);
    QVERIFY(bucket.tryTake(t0));
    QVERIFY(bucket.tryTake(t0));
    QVERIFY(!bucket.tryTake(t0));
    bucket.setRate(0);
    QCOMPARE(bucket.rate(), 0.0);
    for (int i = 0; i < 1000; ++i)
        QVERIFY(bucket.tryTake(t0));
    bucket.setRate(10, 2);
    QVERIFY(bucket.tryTake(t0)); // back to limited, starting with a full (new) burst
    QVERIFY(bucket.tryTake(t0));
    QVERIFY(!bucket.tryTake(t0));
    QCOMPARE(bucket.timeUntilAvailable(t0), 100ms);
}

void TestTokenBucket::timeUntilAvailableExact_data()
{
    QTest::addColumn<double>("rate_per_s");
    QTest::addColumn<double>("burst");
    QTest::addColumn<qint64>("offset_ns"); // when after the last take we ask
    for (const double rate : {100.0, 3.0, 7.3, 0.25, 12345.678, 1e6}) {
        for (const qint64 offset_ns : {qint64(0), qint64(1), qint64(999'999), qint64(33'333'333)})
            QTest::addRow("rate %g, asked %lld ns later", rate, offset_ns) << rate << 1.0 << offset_ns;
    }
    QTest::newRow("rate 100, burst 10") << 100.0 << 10.0 << qint64(2'500'000);
}

void TestTokenBucket::timeUntilAvailableExact()
{
    QFETCH(double, rate_per_s);
    QFETCH(double, burst);
    QFETCH(qint64, offset_ns);
    TokenBucket bucket(rate_per_s, burst);
    while (bucket.tryTake(t0)) {
    }
    const auto asked = t0 + std::chrono::nanoseconds(offset_ns);
    const auto wait = bucket.timeUntilAvailable(asked);
    // Mathematically: one token takes 1/rate, of which offset_ns has passed already.
    const double expected_ns = std::max(0.0, 1e9 / rate_per_s - static_cast<double>(offset_ns));
    QVERIFY2(std::abs(static_cast<double>(wait.count()) - expected_ns) <= 2 + expected_ns * 1e-9,
             qPrintable(QStringLiteral("%1 vs %2").arg(wait.count()).arg(expected_ns)));
    if (wait > TokenBucket::Clock::duration::zero()) {
        TokenBucket early = bucket;
        QVERIFY(!early.tryTake(asked + wait - 1ns));
    }
    TokenBucket on_time = bucket;
    QVERIFY(on_time.tryTake(asked + wait));
    QCOMPARE(on_time.timeUntilAvailable(asked + wait) > TokenBucket::Clock::duration::zero(), true);
}

void TestTokenBucket::timeUntilAvailableSurvivesInterleavedCalls()
{
    // The pipeline asks once, then other callers poke the bucket before the timer fires.
    for (const double rate : {3.0, 7.3, 100.0, 999.9}) {
        TokenBucket bucket(rate, 1);
        QVERIFY(bucket.tryTake(t0));
        const auto wait = bucket.timeUntilAvailable(t0);
        for (int i = 1; i < 1000; ++i)
            QVERIFY(!bucket.tryTake(t0 + wait * i / 1000));
        QVERIFY(bucket.tryTake(t0 + wait));
    }
}

void TestTokenBucket::timeGoingBackwards()
{
    TokenBucket bucket(10, 1);
    QVERIFY(bucket.tryTake(t0 + 1s));
    QVERIFY(!bucket.tryTake(t0)); // earlier reading from another thread: no refill, no crash
    QCOMPARE(bucket.timeUntilAvailable(t0), 1100ms);
    QCOMPARE(bucket.timeUntilAvailable(t0 + 1s), 100ms);
    QVERIFY(!bucket.tryTake(t0 + 1099ms));
    QVERIFY(bucket.tryTake(t0 + 1100ms));
}

QTEST_APPLESS_MAIN(TestTokenBucket)
#include "tst_tokenbucket.moc"
