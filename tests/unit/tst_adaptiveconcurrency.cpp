// AdaptiveConcurrency on a synthetic clock: slow start, additive increase, multiplicative
// decrease on 429s and on a latency rise, the operator's cap and the floor of 1, and a closed
// loop against a provider that rate-limits above a fixed request rate.

#include "control/adaptiveconcurrency.h"

#include <QTest>

#include <algorithm>

using herder::control::AdaptiveConcurrency;
using namespace std::chrono_literals;

namespace {

using Clock = AdaptiveConcurrency::Clock;
const Clock::time_point t0 = Clock::time_point() + 1000s;

/// Feeds one interval's calls (spread over its first half) and returns the time the next
/// interval starts; the limit reacts to an interval when the first call of the next one comes.
struct Feeder
{
    AdaptiveConcurrency &ac;
    Clock::time_point now = t0;
    int changes = 0;

    void window(int ok, int rate_limited = 0, double latency_ms = 40, bool saturated = true)
    {
        const int calls = ok + rate_limited;
        for (int i = 0; i < calls; ++i) {
            AdaptiveConcurrency::Outcome o;
            o.rate_limited = i < rate_limited;
            o.answered = !o.rate_limited;
            o.latency_ms = latency_ms;
            o.saturated = saturated;
            if (ac.record(o, now + std::chrono::microseconds(i)))
                ++changes;
        }
        now += 1s;
    }
    /// One call that only closes the interval before it.
    void close() { window(1, 0, 40, false); }
};

} // namespace

class TestAdaptiveConcurrency : public QObject
{
    Q_OBJECT

private slots:
    void startsLowAndDoublesUpToTheCap();
    void rateLimitCutsThenGrowsByOne();
    void noGrowthWithoutPressure();
    void latencyRiseCuts();
    void fewSamplesSayNothingAboutLatency();
    void neverBelowOne();
    void operatorCapBinds();
    void closedLoopKeepsRateLimitsRare();
    void slowStartFollowsTheRoundTrip();
};

void TestAdaptiveConcurrency::startsLowAndDoublesUpToTheCap()
{
    AdaptiveConcurrency ac(40, t0);
    QCOMPARE(ac.limit(), 4);
    Feeder f{ac};
    const QList<int> expected{4, 8, 16, 32, 40, 40};
    QList<int> seen;
    for (int i = 0; i < expected.size(); ++i) {
        f.window(20);
        seen << ac.limit();
    }
    // The first interval's outcome shows when the second begins.
    QCOMPARE(seen, (QList<int>{4, 8, 16, 32, 40, 40}));

    AdaptiveConcurrency small(2, t0);
    QCOMPARE(small.limit(), 2);
}

void TestAdaptiveConcurrency::rateLimitCutsThenGrowsByOne()
{
    AdaptiveConcurrency ac(64, t0);
    Feeder f{ac};
    f.window(20); // 4, -> 8 when the next interval begins
    f.window(20); // -> 16
    QCOMPARE(ac.limit(), 8);
    f.window(10, 5); // 429s in the interval run at 16
    QCOMPARE(ac.limit(), 16);
    f.window(20);
    QCOMPARE(ac.limit(), 11); // floor(16 * 0.7)
    QCOMPARE(ac.lastDecrease(), "429");
    f.window(20);
    QCOMPARE(ac.limit(), 12); // after a setback: +1, no more doubling
    f.window(20);
    QCOMPARE(ac.limit(), 13);
}

void TestAdaptiveConcurrency::noGrowthWithoutPressure()
{
    AdaptiveConcurrency ac(64, t0);
    Feeder f{ac};
    for (int i = 0; i < 5; ++i)
        f.window(20, 0, 40, false);
    QCOMPARE(ac.limit(), 4);
    QCOMPARE(f.changes, 0);
    // An idle stretch closes only one interval, and an empty one changes nothing.
    f.now += 30s;
    f.window(20, 0, 40, true);
    f.close();
    QCOMPARE(ac.limit(), 8);
}

void TestAdaptiveConcurrency::latencyRiseCuts()
{
    AdaptiveConcurrency ac(64, t0);
    Feeder f{ac};
    for (int i = 0; i < 4; ++i)
        f.window(20, 0, 40); // 4 -> 8 -> 16 -> 32 -> 64
    QCOMPARE(ac.limit(), 32);
    f.window(20, 0, 70); // below twice the best median: still growing
    QCOMPARE(ac.limit(), 64);
    f.window(20, 0, 100); // 2.5 x the best median of 40 ms
    f.close();
    QCOMPARE(ac.limit(), 44); // floor(64 * 0.7)
    QCOMPARE(ac.lastDecrease(), "latency");
}

void TestAdaptiveConcurrency::fewSamplesSayNothingAboutLatency()
{
    AdaptiveConcurrency ac(64, t0);
    Feeder f{ac};
    f.window(20, 0, 40);
    QCOMPARE(ac.limit(), 4);
    f.window(3, 0, 500); // too few answers for a median: counts as a good interval
    f.close();
    QCOMPARE(ac.limit(), 16);
}

void TestAdaptiveConcurrency::neverBelowOne()
{
    AdaptiveConcurrency ac(64, t0);
    Feeder f{ac};
    for (int i = 0; i < 10; ++i)
        f.window(0, 5);
    f.close();
    QCOMPARE(ac.limit(), 1);
}

void TestAdaptiveConcurrency::operatorCapBinds()
{
    AdaptiveConcurrency ac(64, t0);
    Feeder f{ac};
    for (int i = 0; i < 6; ++i)
        f.window(20);
    QCOMPARE(ac.limit(), 64);
    ac.setCap(10);
    QCOMPARE(ac.limit(), 10); // at once
    f.window(20);
    f.window(20);
    QCOMPARE(ac.limit(), 10);
    ac.setCap(12);
    QCOMPARE(ac.limit(), 10); // a higher cap is room to grow, not a jump
    f.window(20);
    f.window(20);
    f.window(20);
    QCOMPARE(ac.limit(), 12);
    ac.setCap(0);
    QCOMPARE(ac.cap(), 1);
    QCOMPARE(ac.limit(), 1);
}

void TestAdaptiveConcurrency::closedLoopKeepsRateLimitsRare()
{
    // A provider that answers in 50 ms and allows 200 requests/s: 10 in flight is the most it
    // sustains. The engine always has work waiting.
    constexpr int kLatencyMs = 50;
    constexpr int kAllowedPerS = 200;
    AdaptiveConcurrency ac(64, t0);
    Clock::time_point now = t0;
    int calls = 0;
    int limited = 0;
    QList<int> limits;
    for (int i = 0; i < 120; ++i, now += 1s) {
        AdaptiveConcurrency::Outcome o{false, true, kLatencyMs, true};
        ac.record(o, now); // closes the previous interval: this one runs at the new limit
        const int offered = ac.limit() * 1000 / kLatencyMs;
        for (int n = 1; n < offered; ++n) {
            o.rate_limited = n > kAllowedPerS;
            o.answered = !o.rate_limited;
            ac.record(o, now + std::chrono::microseconds(n));
        }
        calls += offered;
        limited += std::max(0, offered - kAllowedPerS);
        limits << ac.limit();
    }
    const QList<int> settled = limits.mid(20);
    const int low = *std::min_element(settled.begin(), settled.end());
    const int high = *std::max_element(settled.begin(), settled.end());
    qInfo("limits after settling: %d..%d; rate-limited %d of %d calls", low, high, limited, calls);
    QVERIFY2(low >= 7 && high <= 11, qPrintable(QStringLiteral("%1..%2").arg(low).arg(high)));
    QVERIFY(double(limited) / calls < 0.05);
    QVERIFY(limited > 0); // it keeps probing for more
}

void TestAdaptiveConcurrency::slowStartFollowsTheRoundTrip()
{
    // Every slot busy, each call answered after latency_ms: `limit` answers per round trip.
    // Returns the limit after `span`, and how many times it went up.
    const auto run = [](double latency_ms, std::chrono::milliseconds span, int *raises) {
        AdaptiveConcurrency ac(64, t0);
        const auto step = std::chrono::microseconds(qint64(latency_ms * 1000));
        *raises = 0;
        for (Clock::time_point now = t0; now < t0 + span; now += step) {
            const int answers = ac.limit();
            for (int i = 0; i < answers; ++i) {
                const AdaptiveConcurrency::Outcome o{false, true, latency_ms, true};
                if (ac.record(o, now + step * i / answers))
                    ++*raises;
            }
        }
        return ac.limit();
    };
    int raises = 0;
    // 40 ms: at the cap of 64 within half a second (one interval per second took four).
    QCOMPARE(run(40, 500ms, &raises), 64);
    QCOMPARE(raises, 4);
    // 5 ms: the 100 ms floor keeps it from outrunning what it can measure.
    QCOMPARE(run(5, 250ms, &raises), 16);
    // 2 s: an interval ends long before two round trips; one doubling per interval (at 1, 2
    // and 3 s, the answers of the second round trip reaching to 4 s), as before.
    QCOMPARE(run(2000, 3000ms, &raises), 32);
    QCOMPARE(raises, 3);
}

QTEST_APPLESS_MAIN(TestAdaptiveConcurrency)
#include "tst_adaptiveconcurrency.moc"
