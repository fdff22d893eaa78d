// AdaptiveConcurrency on a synthetic clock and a synthetic engine-thread CPU clock: slow start,
// additive increase, multiplicative decrease on 429s (at once, once per round trip) and on a
// latency rise (by a factor and a slack, never while the engine thread was the bottleneck), the
// operator's cap and the floor of 1, and a closed loop against a provider that rate-limits
// above a fixed request rate.

#include "control/adaptiveconcurrency.h"

#include <QTest>

#include <algorithm>
#include <map>

using herder::control::AdaptiveConcurrency;
using namespace std::chrono_literals;

namespace {

using Clock = AdaptiveConcurrency::Clock;
const Clock::time_point t0 = Clock::time_point() + 1000s;

/// Feeds one interval's calls (answered ones first, then 429s, spread over its first few
/// microseconds) and returns the time the next interval starts; the limit reacts to an interval
/// when the first call of the next one comes. The engine thread is busy for `busy_share` of it,
/// and for `call_busy_ms` of each call's latency.
struct Feeder
{
    AdaptiveConcurrency &ac;
    Clock::time_point now = t0;
    int changes = 0;
    double busy_share = 0;
    double call_busy_ms = 0;
    std::chrono::nanoseconds engine_busy{0};

    void window(int ok, int rate_limited = 0, double latency_ms = 40, bool saturated = true)
    {
        const int calls = ok + rate_limited;
        for (int i = 0; i < calls; ++i) {
            AdaptiveConcurrency::Outcome o;
            o.rate_limited = i >= ok;
            o.answered = !o.rate_limited;
            o.latency_ms = latency_ms;
            o.engine_busy_ms = call_busy_ms;
            o.saturated = saturated;
            const auto at = std::chrono::microseconds(i);
            if (ac.record(o, now + at, engine_busy + busyFor(at)))
                ++changes;
        }
        now += 1s;
        engine_busy += busyFor(1s);
    }
    /// One call that only closes the interval before it.
    void close() { window(1, 0, 40, false); }

    std::chrono::nanoseconds busyFor(std::chrono::nanoseconds wall) const
    {
        return std::chrono::nanoseconds(qint64(double(wall.count()) * busy_share));
    }
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
    void closedLoopSettlesNearTheLimit();
    void slowStartFollowsTheRoundTrip();
    void rateLimitCutsAtOnceOncePerRoundTrip();
    void smallRiseOverAFastBaselineIsJitter();
    void busyEngineThreadIsNotTheProvider();
    void busyIntervalsStayOutOfTheBaseline();
    void repliesThatWaitedForUsAreNotARise();
    void bigOvershootTakesOneBigStep();
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
    // Grows to 16 with its first call; its first 429 cuts at once. 400 answers a second at
    // 40 ms keep 16 busy: Little's law asks for no deeper cut.
    f.window(400, 5);
    QCOMPARE(ac.limit(), 13); // floor(16 * 0.85)
    QCOMPARE(ac.lastDecrease(), "429");
    f.window(20); // the cut came 400 us into the interval, which lasts a second from it
    QCOMPARE(ac.limit(), 13);
    f.window(20);
    QCOMPARE(ac.limit(), 14); // after a setback: +1, no more doubling
    f.window(20);
    QCOMPARE(ac.limit(), 15);
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
    QCOMPARE(ac.limit(), 54); // floor(64 * 0.85)
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
        f.window(0, 5); // each interval's first 429 cuts at once
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

void TestAdaptiveConcurrency::closedLoopSettlesNearTheLimit()
{
    // A provider that answers in 45-55 ms and allows 200 requests in each clock second, as
    // herder-sim's --max-rps counts them (refused ones too): about 10 in flight is the most it
    // sustains. A slot is refilled as soon as its answer is in; work is always waiting.
    constexpr int kAllowedPerS = 200;
    AdaptiveConcurrency ac(64, t0);
    std::multimap<Clock::time_point, bool> in_flight; // answer time -> refused
    qint64 second = -1;
    int this_second = 0;
    int sent = 0;
    const auto send = [&](Clock::time_point at) {
        const qint64 s = std::chrono::duration_cast<std::chrono::seconds>(at - t0).count();
        this_second = s == second ? this_second + 1 : 1;
        second = s;
        const auto latency = 45ms + std::chrono::milliseconds(sent++ % 11);
        in_flight.emplace(at + latency, this_second > kAllowedPerS);
    };
    for (int i = 0; i < ac.limit(); ++i)
        send(t0);
    int answered = 0;
    int refused = 0;
    int low = 64;
    int high = 0;
    while (!in_flight.empty() && in_flight.begin()->first < t0 + 120s) {
        const auto [at, rate_limited] = *in_flight.begin();
        in_flight.erase(in_flight.begin());
        const double latency_ms = 50;
        ac.record({rate_limited, !rate_limited, latency_ms, true}, at);
        if (at >= t0 + 20s) { // after slow start and the first cuts
            ++(rate_limited ? refused : answered);
            low = std::min(low, ac.limit());
            high = std::max(high, ac.limit());
        }
        while (int(in_flight.size()) < ac.limit())
            send(at);
    }
    const double answered_per_s = answered / 100.0;
    const double refused_share = double(refused) / (answered + refused);
    qInfo("limits after settling: %d..%d; %.0f answered/s of %d allowed, %.2f%% refused", low,
          high, answered_per_s, kAllowedPerS, 100 * refused_share);
    QVERIFY2(answered_per_s >= 0.9 * kAllowedPerS, qPrintable(QString::number(answered_per_s)));
    QVERIFY2(refused_share < 0.05, qPrintable(QString::number(refused_share)));
    QVERIFY(refused > 0); // it keeps probing for more
    QVERIFY2(low >= 6 && high <= 12, qPrintable(QStringLiteral("%1..%2").arg(low).arg(high)));
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

void TestAdaptiveConcurrency::rateLimitCutsAtOnceOncePerRoundTrip()
{
    AdaptiveConcurrency::Tuning tuning;
    tuning.decrease_factor = 0.5;
    AdaptiveConcurrency ac(64, t0, tuning);
    Feeder f{ac};
    f.window(20);
    f.window(20);
    f.window(20);
    QCOMPARE(ac.limit(), 16);
    const Clock::time_point start = f.now;
    const auto call = [&](bool rate_limited, Clock::duration sent, Clock::duration answered) {
        const double latency_ms =
            std::chrono::duration<double, std::milli>(answered - sent).count();
        return ac.record({rate_limited, !rate_limited, latency_ms, true}, start + answered);
    };
    QVERIFY(call(false, 0ms, 40ms)); // closes the third interval: 32
    QCOMPARE(ac.limit(), 32);
    for (int i = 0; i < 800; ++i) // what 32 slots answer in a second at 40 ms
        QVERIFY(!call(false, 0ms, 40ms + i * 70us));
    // A tenth of the way into the interval, not at its end.
    QVERIFY(call(true, 60ms, 100ms));
    QCOMPARE(ac.limit(), 16);
    QCOMPARE(ac.lastDecrease(), "429");
    // Sent before that cut, at 32, or within a round trip after it: the same overshoot.
    QVERIFY(!call(true, 80ms, 120ms));
    QVERIFY(!call(true, 139ms, 179ms));
    // Sent later, within the second after the cut: refused at 16, but a per-second limit
    // refuses until its second is over whatever we send, so it waits for the interval's end.
    for (int i = 0; i < 400; ++i) // what 16 slots answer in a second
        QVERIFY(!call(false, 0ms, 102ms + i * 2400us));
    QVERIFY(!call(true, 600ms, 640ms));
    QCOMPARE(ac.limit(), 16);
    // A second after the cut: 16 is too many as well; 2 of 402 calls refused, 400 answers in
    // the last second (16 in flight at 40 ms): the usual step.
    QVERIFY(call(true, 1060ms, 1100ms));
    QCOMPARE(ac.limit(), 8);
    // A second after that, the answer to a call sent before the cut is still stale: the
    // interval that began with the cut met no fresh 429, so it grows by one.
    QVERIFY(!call(false, 1500ms, 1540ms));
    QVERIFY(call(true, 1090ms, 2110ms));
    QCOMPARE(ac.limit(), 9);
    QCOMPARE(ac.lastDecrease(), "429");
}

void TestAdaptiveConcurrency::smallRiseOverAFastBaselineIsJitter()
{
    AdaptiveConcurrency ac(64, t0);
    Feeder f{ac};
    for (int i = 0; i < 4; ++i)
        f.window(20, 0, 0.5); // a provider that answers in half a millisecond
    QCOMPARE(ac.limit(), 32);
    f.window(20, 0, 12); // 24 x the baseline, but 11.5 ms: jitter, not overload
    f.close();
    QCOMPARE(ac.limit(), 64);
    QCOMPARE(ac.lastDecrease(), "");
    f.window(20, 0, 25); // 24.5 ms above it
    f.close();
    QCOMPARE(ac.limit(), 54);
    QCOMPARE(ac.lastDecrease(), "latency");
}

void TestAdaptiveConcurrency::busyEngineThreadIsNotTheProvider()
{
    AdaptiveConcurrency ac(64, t0);
    Feeder f{ac};
    for (int i = 0; i < 4; ++i)
        f.window(20, 0, 40);
    QCOMPARE(ac.limit(), 32);
    f.busy_share = 0.9; // replies wait for the engine thread
    f.window(20, 0, 120);
    f.window(20, 0, 120);
    QCOMPARE(ac.limit(), 64);
    QCOMPARE(ac.lastEngineBusyShare(), 0.9);
    QCOMPARE(ac.lastDecrease(), "");
    f.window(540, 1, 120); // a 429 is the provider's word whatever the engine thread does
    QCOMPARE(ac.limit(), 54);
    QCOMPARE(ac.lastDecrease(), "429");
    f.busy_share = 0.5; // the same latency with an engine thread to spare: the provider's
    f.window(20, 0, 120);
    f.window(20, 0, 120); // closes the interval that began with the 429 (busy 0.9, then 0.5)
    QVERIFY(qAbs(ac.lastEngineBusyShare() - 0.7) < 0.001);
    QCOMPARE(ac.limit(), 45); // floor(54 * 0.85)
    QCOMPARE(ac.lastDecrease(), "latency");
}

void TestAdaptiveConcurrency::busyIntervalsStayOutOfTheBaseline()
{
    // 15 ms answers from busy intervals, then 40 ms ones from idle intervals: the idle ones
    // are 2.7 x and 25 ms above the busy median, but only the idle ones make the baseline.
    const auto run = [](double busy_share) {
        AdaptiveConcurrency ac(64, t0);
        Feeder f{ac};
        f.busy_share = busy_share;
        for (int i = 0; i < 3; ++i)
            f.window(20, 0, 15);
        f.busy_share = 0.1;
        for (int i = 0; i < 3; ++i)
            f.window(20, 0, 40);
        f.close();
        return ac.limit();
    };
    QCOMPARE(run(0.95), 64); // doubled every interval
    QCOMPARE(run(0.5), 18);  // 32 -> 27 -> 22 -> 18: each idle interval is above 15 ms
}

void TestAdaptiveConcurrency::repliesThatWaitedForUsAreNotARise()
{
    // The engine thread is busy for half of each interval, in bursts: the answers of a wave
    // wait behind each other, so calls take 120 ms of which the engine thread was busy 85.
    AdaptiveConcurrency ac(64, t0);
    Feeder f{ac};
    f.busy_share = 0.5;
    for (int i = 0; i < 4; ++i)
        f.window(20, 0, 40, true);
    QCOMPARE(ac.limit(), 32);
    f.call_busy_ms = 85;
    f.window(20, 0, 120); // 35 ms left for the provider: no rise
    f.window(20, 0, 120);
    QCOMPARE(ac.limit(), 64);
    QCOMPARE(ac.lastDecrease(), "");
    f.call_busy_ms = 30; // 90 ms that were not ours: the provider slowed down
    f.window(20, 0, 120);
    f.close();
    QCOMPARE(ac.limit(), 54);
    QCOMPARE(ac.lastDecrease(), "latency");
}

void TestAdaptiveConcurrency::bigOvershootTakesOneBigStep()
{
    // Slow start reached 64 against a provider that takes a third of that: the first 429 cuts
    // by the usual step, the interval after it shows how much more is refused.
    AdaptiveConcurrency ac(64, t0);
    Feeder f{ac};
    for (int i = 0; i < 5; ++i)
        f.window(20);
    f.window(1600); // 64 in flight at 40 ms
    QCOMPARE(ac.limit(), 64);
    const Clock::time_point start = f.now;
    const auto call = [&](bool rate_limited, Clock::duration answered) {
        return ac.record({rate_limited, !rate_limited, 40, true}, start + answered);
    };
    QVERIFY(call(true, 0ms)); // 1 refused of 1601 at 64: the usual step
    QCOMPARE(ac.limit(), 54);
    for (int i = 0; i < 1350; ++i) // 54 in flight: 70% refused, all sent after the cut
        QVERIFY(!call(i % 10 < 7, 100ms + i * 600us));
    QCOMPARE(ac.limit(), 54);
    QVERIFY(call(false, 1000ms));
    // floor(54 * 0.3): 405 answers a second keep 16 busy; not 0.85 a second for 8 seconds.
    QCOMPARE(ac.limit(), 16);
    QCOMPARE(ac.lastDecrease(), "429");
    for (int ms = 1100; ms < 2000; ms += 100)
        QVERIFY(!call(false, std::chrono::milliseconds(ms)));
    QVERIFY(call(false, 2000ms));
    QCOMPARE(ac.limit(), 17); // +1 for an interval without a 429
}

QTEST_APPLESS_MAIN(TestAdaptiveConcurrency)
#include "tst_adaptiveconcurrency.moc"
