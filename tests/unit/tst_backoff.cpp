#include "pipeline/backoff.h"

#include <QTest>

#include <algorithm>
#include <climits>
#include <set>

using herder::pipeline::Backoff;
using namespace std::chrono_literals;

class TestBackoff : public QObject
{
    Q_OBJECT

private slots:
    void boundsPerAttempt();
    void capRespected();
    void retryAfterIsAFloor();
    void overflowSafety();
    void nonPositiveAttemptIsFirst();
    void spread();
    void seeding();
    void zeroBase();
};

void TestBackoff::boundsPerAttempt()
{
    Backoff backoff(200ms, 60s, 42);
    for (int attempt = 1; attempt <= 12; ++attempt) {
        const qint64 ceiling_ms = std::min<qint64>(60'000, 200LL << (attempt - 1));
        QCOMPARE(backoff.ceiling(attempt).count(), ceiling_ms);
        qint64 max_seen_ms = 0;
        for (int i = 0; i < 5000; ++i) {
            const qint64 delay_ms = backoff.delay(attempt).count();
            QVERIFY(delay_ms >= 0);
            QVERIFY2(delay_ms <= ceiling_ms, qPrintable(QString::number(delay_ms)));
            max_seen_ms = std::max(max_seen_ms, delay_ms);
        }
        // Full jitter really reaches up to the ceiling.
        QVERIFY(max_seen_ms >= ceiling_ms * 95 / 100);
    }
}

void TestBackoff::capRespected()
{
    Backoff backoff(1s, 5s, 1);
    QCOMPARE(backoff.ceiling(3), 4s);
    QCOMPARE(backoff.ceiling(4), 5s);
    for (int i = 0; i < 10000; ++i)
        QVERIFY(backoff.delay(10) <= 5s);
    // A base above the cap is capped as well.
    Backoff inverted(10s, 1s, 1);
    QCOMPARE(inverted.ceiling(1), 1s);
    for (int i = 0; i < 1000; ++i)
        QVERIFY(inverted.delay(1) <= 1s);
}

void TestBackoff::retryAfterIsAFloor()
{
    Backoff backoff(200ms, 60s, 3);
    for (int i = 0; i < 2000; ++i) {
        const auto delay = backoff.delay(4, 500ms);
        QVERIFY(delay >= 500ms);
        QVERIFY(delay <= 1600ms);
    }
    // A server's Retry-After wins even over the cap.
    for (int i = 0; i < 100; ++i)
        QCOMPARE(backoff.delay(30, 90s), 90s);
    // And a zero Retry-After changes nothing.
    for (int i = 0; i < 100; ++i)
        QVERIFY(backoff.delay(1, 0ms) <= 200ms);
}

void TestBackoff::overflowSafety()
{
    Backoff backoff(200ms, 60s, 5);
    for (const int attempt : {31, 32, 33, 54, 62, 63, 64, 65, 100, 1000, INT_MAX}) {
        QCOMPARE(backoff.ceiling(attempt), 60s);
        for (int i = 0; i < 200; ++i) {
            const auto delay = backoff.delay(attempt);
            QVERIFY(delay >= 0ms);
            QVERIFY(delay <= 60s);
        }
    }
    // Huge base and cap: the shift must not wrap either.
    Backoff huge(std::chrono::milliseconds(LLONG_MAX / 4), std::chrono::milliseconds(LLONG_MAX),
                 5);
    QCOMPARE(huge.ceiling(2).count(), LLONG_MAX / 4 * 2);
    QCOMPARE(huge.ceiling(3).count(), LLONG_MAX / 4 * 4);
    QCOMPARE(huge.ceiling(4).count(), LLONG_MAX);
    QCOMPARE(huge.ceiling(64).count(), LLONG_MAX);
    QVERIFY(huge.delay(64) >= 0ms);
}

void TestBackoff::nonPositiveAttemptIsFirst()
{
    Backoff backoff(200ms, 60s, 9);
    QCOMPARE(backoff.ceiling(0), 200ms);
    QCOMPARE(backoff.ceiling(-7), 200ms);
    for (int i = 0; i < 1000; ++i) {
        QVERIFY(backoff.delay(0) <= 200ms);
        QVERIFY(backoff.delay(INT_MIN) <= 200ms);
    }
}

void TestBackoff::spread()
{
    Backoff backoff(200ms, 60s, 11);
    std::set<qint64> distinct_ms;
    double sum_ms = 0;
    constexpr int kDraws = 20000;
    for (int i = 0; i < kDraws; ++i) {
        const qint64 delay_ms = backoff.delay(5).count(); // uniform over [0, 3200]
        distinct_ms.insert(delay_ms);
        sum_ms += static_cast<double>(delay_ms);
    }
    QVERIFY(distinct_ms.size() > 2000);
    const double mean_ms = sum_ms / kDraws;
    QVERIFY2(mean_ms > 1550 && mean_ms < 1650, qPrintable(QString::number(mean_ms)));
    // Both halves of the window are used.
    QVERIFY(*distinct_ms.begin() < 100);
    QVERIFY(*distinct_ms.rbegin() > 3100);
}

void TestBackoff::seeding()
{
    Backoff a(200ms, 60s, 1234);
    Backoff b(200ms, 60s, 1234);
    Backoff c(200ms, 60s, 4321);
    bool c_differs = false;
    for (int i = 0; i < 50; ++i) {
        const auto delay = a.delay(8);
        QCOMPARE(b.delay(8), delay);
        c_differs = c_differs || c.delay(8) != delay;
    }
    QVERIFY(c_differs);

    // Seed 0 picks a random seed: two instances do not march in lockstep.
    Backoff r1;
    Backoff r2;
    bool random_differs = false;
    for (int i = 0; i < 50 && !random_differs; ++i)
        random_differs = r1.delay(10) != r2.delay(10);
    QVERIFY(random_differs);
}

void TestBackoff::zeroBase()
{
    Backoff backoff(0ms, 60s, 1);
    for (int attempt = 1; attempt < 100; ++attempt)
        QCOMPARE(backoff.delay(attempt), 0ms);
    QCOMPARE(backoff.delay(3, 250ms), 250ms);
}

QTEST_APPLESS_MAIN(TestBackoff)
#include "tst_backoff.moc"
