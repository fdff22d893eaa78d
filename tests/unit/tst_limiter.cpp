// Limiter (concurrency cap, rate limit, gate, queue order) on a real event loop, and the
// CircuitBreaker state machine.

#include "control/circuitbreaker.h"
#include "control/limiter.h"

#include <QElapsedTimer>
#include <QList>
#include <QTest>
#include <QTimer>

#include <algorithm>

using namespace Qt::StringLiterals;
using herder::control::CircuitBreaker;
using herder::control::Limiter;

namespace {

/// Calls that stay in flight until the test releases them.
struct Held
{
    explicit Held(Limiter &limiter) : m_limiter(limiter) {}

    Limiter::Start start(int id)
    {
        return [this, id] {
            ++running;
            maxRunning = std::max(maxRunning, running);
            order << id;
        };
    }
    void releaseOne()
    {
        --running;
        m_limiter.release();
    }

    int running = 0;
    int maxRunning = 0;
    QList<int> order; // ids in the order they started

private:
    Limiter &m_limiter;
};

/// Lanes whose holds the test sets; it counts what started in each.
struct TestLanes : Limiter::Lanes
{
    std::chrono::milliseconds wait(int lane, qint64 tokens) override
    {
        asked_tokens = tokens;
        return hold[lane];
    }
    void started(int lane, qint64 tokens) override { started_tokens[lane] += tokens; }

    std::chrono::milliseconds hold[2]{};
    qint64 started_tokens[2]{};
    qint64 asked_tokens = 0;
};

} // namespace

class TestLimiter : public QObject
{
    Q_OBJECT

private slots:
    void neverMoreThanTheCap_data();
    void neverMoreThanTheCap();
    void raisingTheCapStartsMoreAtOnce();
    void loweringTheCapHoldsToTheNewCap();
    void closedGateStartsNothing();
    void probeGateLetsExactlyOneThrough();
    void frontGoesFirst();
    void aHeldLaneLetsOtherLanesPass();
    void probeSkipsSuspectCalls();
    void probeDoesNotWaitForCallsSentBefore();
    void rateLimitSpreadsStarts();
    void raisingTheRateLive();

    void breakerSystemicOpensWithReason();
    void breakerRunOfFailuresOpens();
    void breakerSuccessResetsTheRun();
    void breakerCooldownHalfOpenThenFailureReopens();
    void breakerHalfOpenSuccessCloses();
    void breakerCustomThreshold();
    void breakerUnusableAnswersOfKnownRecordsCountNothing();
    void breakerUnusableAnswersOfNewRecordsOpenWithReason();
};

void TestLimiter::neverMoreThanTheCap_data()
{
    QTest::addColumn<int>("cap");
    QTest::newRow("1") << 1;
    QTest::newRow("8") << 8;
    QTest::newRow("99") << 99;
    QTest::newRow("100") << 100;
    QTest::newRow("500") << 500;
}

void TestLimiter::neverMoreThanTheCap()
{
    QFETCH(int, cap);
    Limiter limiter(cap, 0);
    int running = 0;
    int maxRunning = 0;
    int started = 0;
    int finished = 0;
    int maxInFlight = 0;
    for (int i = 0; i < 100; ++i) {
        limiter.enqueue([&] {
            ++started;
            ++running;
            maxRunning = std::max(maxRunning, running);
            maxInFlight = std::max(maxInFlight, limiter.inFlight());
            // Each call finishes on a later turn of the event loop.
            QTimer::singleShot(0, &limiter, [&] {
                --running;
                ++finished;
                limiter.release();
            });
        });
    }
    // Unlimited rate: the first `cap` start synchronously, the rest wait.
    QCOMPARE(started, std::min(cap, 100));
    QCOMPARE(limiter.inFlight(), std::min(cap, 100));
    QCOMPARE(limiter.queued(), 100 - std::min(cap, 100));

    QTRY_COMPARE_WITH_TIMEOUT(finished, 100, 10000);
    QCOMPARE(started, 100);
    QCOMPARE(maxRunning, std::min(cap, 100));
    QCOMPARE(maxInFlight, std::min(cap, 100));
    QCOMPARE(running, 0);
    QCOMPARE(limiter.inFlight(), 0);
    QCOMPARE(limiter.queued(), 0);
}

void TestLimiter::raisingTheCapStartsMoreAtOnce()
{
    Limiter limiter(4, 0);
    Held held(limiter);
    for (int i = 0; i < 20; ++i)
        limiter.enqueue(held.start(i));
    QCOMPARE(held.running, 4);
    QCOMPARE(limiter.queued(), 16);

    limiter.setConcurrency(10);
    QCOMPARE(limiter.concurrency(), 10);
    QCOMPARE(held.running, 10); // at once, no event loop needed
    QCOMPARE(limiter.inFlight(), 10);
    QCOMPARE(limiter.queued(), 10);

    for (int i = 0; i < 20; ++i)
        held.releaseOne();
    QCOMPARE(held.order.size(), 20);
    QCOMPARE(held.maxRunning, 10);
    QCOMPARE(limiter.inFlight(), 0);
    QCOMPARE(limiter.queued(), 0);
}

void TestLimiter::loweringTheCapHoldsToTheNewCap()
{
    Limiter limiter(10, 0);
    Held held(limiter);
    for (int i = 0; i < 30; ++i)
        limiter.enqueue(held.start(i));
    QCOMPARE(held.running, 10);

    limiter.setConcurrency(3);
    QCOMPARE(limiter.concurrency(), 3);
    // The ten already running carry on; nothing new starts until fewer than 3 are in flight.
    QCOMPARE(held.running, 10);
    for (int i = 0; i < 7; ++i) {
        held.releaseOne();
        QCOMPARE(held.order.size(), 10);
    }
    QCOMPARE(held.running, 3);
    held.releaseOne();
    QCOMPARE(held.running, 3);
    QCOMPARE(held.order.size(), 11);

    // From here on it holds to 3.
    held.maxRunning = held.running;
    while (limiter.inFlight() > 0)
        held.releaseOne();
    QCOMPARE(held.order.size(), 30);
    QCOMPARE(held.maxRunning, 3);
    QCOMPARE(limiter.queued(), 0);

    // Zero or less is treated as 1, never as "stop".
    limiter.setConcurrency(0);
    QCOMPARE(limiter.concurrency(), 1);
}

void TestLimiter::closedGateStartsNothing()
{
    Limiter limiter(8, 0);
    Held held(limiter);
    limiter.enqueue(held.start(0));
    limiter.enqueue(held.start(1));
    QCOMPARE(held.running, 2);

    limiter.setGate(Limiter::Gate::Closed);
    QCOMPARE(limiter.gate(), Limiter::Gate::Closed);
    for (int i = 2; i < 7; ++i)
        limiter.enqueue(held.start(i));
    QCOMPARE(held.running, 2); // closing does not cancel what runs, but starts nothing
    held.releaseOne();
    held.releaseOne();
    QCoreApplication::processEvents();
    QCOMPARE(held.order.size(), 2);
    QCOMPARE(limiter.inFlight(), 0);
    QCOMPARE(limiter.queued(), 5);

    limiter.setGate(Limiter::Gate::Open);
    QCOMPARE(held.running, 5);
    QCOMPARE(held.order, (QList<int>{0, 1, 2, 3, 4, 5, 6}));
    QCOMPARE(limiter.queued(), 0);
}

void TestLimiter::probeGateLetsExactlyOneThrough()
{
    Limiter limiter(8, 0);
    Held held(limiter);
    limiter.setGate(Limiter::Gate::Closed);
    for (int i = 0; i < 5; ++i)
        limiter.enqueue(held.start(i));
    QCOMPARE(held.running, 0);

    limiter.setGate(Limiter::Gate::Probe);
    QCOMPARE(held.running, 1);
    QCOMPARE(held.order, QList<int>{0});
    QCoreApplication::processEvents();
    limiter.setGate(Limiter::Gate::Probe); // setting it again lets no second one through
    QCOMPARE(held.running, 1);
    QCOMPARE(limiter.queued(), 4);

    // The probe failed: the breaker reopens before the release.
    limiter.setGate(Limiter::Gate::Closed);
    held.releaseOne();
    QCOMPARE(held.running, 0);
    QCOMPARE(limiter.queued(), 4);

    // Next probe, success: opening lets the rest go up to the cap.
    limiter.setGate(Limiter::Gate::Probe);
    QCOMPARE(held.running, 1);
    limiter.setGate(Limiter::Gate::Open);
    QCOMPARE(held.running, 4); // the first probe finished; the other four all run now
    QCOMPARE(held.order, (QList<int>{0, 1, 2, 3, 4}));
    QCOMPARE(limiter.queued(), 0);
}

void TestLimiter::probeDoesNotWaitForCallsSentBefore()
{
    Limiter limiter(8, 0);
    Held held(limiter);
    for (int i = 0; i < 3; ++i) // in flight when the gate closes, hanging
        limiter.enqueue(held.start(i));
    limiter.setGate(Limiter::Gate::Closed);
    for (int i = 3; i < 6; ++i)
        limiter.enqueue(held.start(i));
    QCOMPARE(held.running, 3);

    limiter.setGate(Limiter::Gate::Probe);
    QCOMPARE(held.running, 4); // the probe went beside the three
    QCOMPARE(held.order, (QList<int>{0, 1, 2, 3}));
    // One of those three ends: still only the one probe.
    held.releaseOne();
    QCOMPARE(held.running, 3);
    QCOMPARE(limiter.queued(), 2);
    // The probe failed: closed before its release; the next probe goes beside the two left.
    limiter.setGate(Limiter::Gate::Closed);
    held.releaseOne();
    QCOMPARE(held.running, 2);
    limiter.setGate(Limiter::Gate::Probe);
    QCOMPARE(held.running, 3);
    QCOMPARE(limiter.queued(), 1);
}

void TestLimiter::probeSkipsSuspectCalls()
{
    Limiter limiter(8, 0);
    Held held(limiter);
    limiter.setGate(Limiter::Gate::Closed);
    limiter.enqueue(held.start(0), false, true); // a record whose answers failed before
    limiter.enqueue(held.start(1), false, true);
    limiter.enqueue(held.start(2));
    limiter.enqueue(held.start(3), true, true); // front, but suspect too

    // The probe is the first call not known to fail, wherever it waits.
    limiter.setGate(Limiter::Gate::Probe);
    QCOMPARE(held.order, QList<int>{2});
    limiter.setGate(Limiter::Gate::Closed);
    held.releaseOne();

    // Only suspects left: one of them probes rather than none.
    limiter.setGate(Limiter::Gate::Probe);
    QCOMPARE(held.order, (QList<int>{2, 3}));
    QCOMPARE(held.running, 1);

    // An open gate keeps the queue's order.
    limiter.setGate(Limiter::Gate::Open);
    QCOMPARE(held.order, (QList<int>{2, 3, 0, 1}));
}

void TestLimiter::frontGoesFirst()
{
    Limiter limiter(1, 0);
    Held held(limiter);
    limiter.setGate(Limiter::Gate::Closed);
    limiter.enqueue(held.start(1));
    limiter.enqueue(held.start(2));
    limiter.enqueue(held.start(3), true);
    limiter.enqueue(held.start(4));
    limiter.enqueue(held.start(5), true);
    limiter.setGate(Limiter::Gate::Open);
    QCOMPARE(held.order, QList<int>{5});
    while (limiter.inFlight() > 0)
        held.releaseOne();
    QCOMPARE(held.order, (QList<int>{5, 3, 1, 2, 4}));
    QCOMPARE(held.maxRunning, 1);
}

void TestLimiter::aHeldLaneLetsOtherLanesPass()
{
    Limiter limiter(8, 0);
    TestLanes lanes;
    limiter.setLanes(&lanes);
    Held held(limiter);
    lanes.hold[0] = std::chrono::milliseconds(30);
    limiter.enqueue(held.start(0), false, false, 0, 100);
    limiter.enqueue(held.start(1), false, false, 1, 7);
    limiter.enqueue(held.start(2), false, false, 0, 100);
    limiter.enqueue(held.start(3)); // no lane: never held
    limiter.enqueue(held.start(4), false, false, 1, 7);
    // Lane 0's calls wait; the others keep their order past them.
    QCOMPARE(held.order, (QList<int>{1, 3, 4}));
    QCOMPARE(lanes.started_tokens[1], qint64(14));
    QCOMPARE(lanes.started_tokens[0], qint64(0));
    QCOMPARE(limiter.queued(), 2);

    // Nothing else happens: the lane's own timer starts its calls when its hold ends.
    lanes.hold[0] = std::chrono::milliseconds(0);
    QTRY_COMPARE_WITH_TIMEOUT(held.order, (QList<int>{1, 3, 4, 0, 2}), 2000);
    QCOMPARE(lanes.started_tokens[0], qint64(200));
    QCOMPARE(lanes.asked_tokens, qint64(100));
}

void TestLimiter::rateLimitSpreadsStarts()
{
    // 50/s with a burst of 5: about 55 starts in the first second, never all 100.
    Limiter limiter(1000, 50);
    QCOMPARE(limiter.rate(), 50.0);
    QElapsedTimer clock;
    QList<qint64> startedAt;
    int finished = 0;
    clock.start();
    for (int i = 0; i < 100; ++i) {
        limiter.enqueue([&] {
            startedAt << clock.elapsed();
            QTimer::singleShot(0, &limiter, [&] {
                ++finished;
                limiter.release();
            });
        });
    }
    QVERIFY2(startedAt.size() >= 5 && startedAt.size() <= 6,
             qPrintable(u"%1 started at once"_s.arg(startedAt.size())));

    QTRY_VERIFY_WITH_TIMEOUT(clock.elapsed() >= 1000, 5000);
    const auto inFirstSecond =
        std::count_if(startedAt.begin(), startedAt.end(), [](qint64 t) { return t < 1000; });
    QVERIFY2(inFirstSecond >= 40 && inFirstSecond <= 70,
             qPrintable(u"%1 started in the first second"_s.arg(inFirstSecond)));
    QVERIFY(startedAt.size() < 100);

    QTRY_COMPARE_WITH_TIMEOUT(finished, 100, 15000);
    QCOMPARE(startedAt.size(), 100);
    // 100 starts at 50/s with a burst of 5 take at least (100 - 5) / 50 = 1.9 s.
    QVERIFY2(startedAt.last() >= 1800, qPrintable(QString::number(startedAt.last())));
}

void TestLimiter::raisingTheRateLive()
{
    // 2/s would take ~50 s for 100 calls; raising to unlimited starts the rest at once.
    Limiter limiter(1000, 2);
    Held held(limiter);
    for (int i = 0; i < 100; ++i)
        limiter.enqueue(held.start(i));
    QCOMPARE(held.running, 1); // burst max(1, 2/10) = 1
    limiter.setRate(0);
    QCOMPARE(limiter.rate(), 0.0);
    QCOMPARE(held.running, 100);
    QCOMPARE(limiter.queued(), 0);
    while (limiter.inFlight() > 0)
        held.releaseOne();
}

// --- CircuitBreaker ---------------------------------------------------------------------------

void TestLimiter::breakerSystemicOpensWithReason()
{
    CircuitBreaker breaker;
    QCOMPARE(breaker.state(), CircuitBreaker::State::Closed);
    QVERIFY(breaker.reason().isEmpty());

    QCOMPARE(breaker.onSystemic(u"401 invalid API key"_s), true);
    QCOMPARE(breaker.state(), CircuitBreaker::State::Open);
    QCOMPARE(breaker.reason(), u"401 invalid API key"_s);

    QCOMPARE(breaker.onSystemic(u"401 invalid API key"_s), false); // same reason: no change
    QCOMPARE(breaker.onSystemic(u"quota exhausted"_s), true);       // new reason is news
    QCOMPARE(breaker.reason(), u"quota exhausted"_s);
    QCOMPARE(breaker.state(), CircuitBreaker::State::Open);

    // Ordinary failures while open change nothing.
    for (int i = 0; i < 30; ++i)
        QCOMPARE(breaker.onFailure(), false);
    QCOMPARE(breaker.state(), CircuitBreaker::State::Open);
    QCOMPARE(breaker.reason(), u"quota exhausted"_s);
}

void TestLimiter::breakerRunOfFailuresOpens()
{
    CircuitBreaker breaker;
    for (int i = 1; i < 25; ++i) {
        QCOMPARE(breaker.onFailure(), false);
        QCOMPARE(breaker.state(), CircuitBreaker::State::Closed);
    }
    QCOMPARE(breaker.onFailure(), true);
    QCOMPARE(breaker.state(), CircuitBreaker::State::Open);
    QCOMPARE(breaker.reason(), u"25 failed calls in a row"_s);
    QCOMPARE(breaker.onFailure(), false);
    QCOMPARE(breaker.state(), CircuitBreaker::State::Open);
}

void TestLimiter::breakerSuccessResetsTheRun()
{
    CircuitBreaker breaker;
    for (int i = 0; i < 24; ++i)
        QCOMPARE(breaker.onFailure(), false);
    QCOMPARE(breaker.onSuccess(), false); // closed stays closed: no change
    for (int i = 0; i < 24; ++i)
        QCOMPARE(breaker.onFailure(), false);
    QCOMPARE(breaker.state(), CircuitBreaker::State::Closed);
    QCOMPARE(breaker.onFailure(), true);
    QCOMPARE(breaker.state(), CircuitBreaker::State::Open);
}

void TestLimiter::breakerCooldownHalfOpenThenFailureReopens()
{
    CircuitBreaker breaker;
    QCOMPARE(breaker.onCooldownElapsed(), false); // closed: nothing to cool down
    QCOMPARE(breaker.state(), CircuitBreaker::State::Closed);

    QCOMPARE(breaker.onSystemic(u"503 upstream down"_s), true);
    QCOMPARE(breaker.onCooldownElapsed(), true);
    QCOMPARE(breaker.state(), CircuitBreaker::State::HalfOpen);
    QCOMPARE(breaker.reason(), u"503 upstream down"_s);
    QCOMPARE(breaker.onCooldownElapsed(), false); // already half-open

    // The probe fails: open again, same reason, and a new cool-down can half-open it.
    QCOMPARE(breaker.onFailure(), true);
    QCOMPARE(breaker.state(), CircuitBreaker::State::Open);
    QCOMPARE(breaker.reason(), u"503 upstream down"_s);
    QCOMPARE(breaker.onCooldownElapsed(), true);
    QCOMPARE(breaker.state(), CircuitBreaker::State::HalfOpen);

    // A systemic failure of the probe reopens too, even with the same reason.
    QCOMPARE(breaker.onSystemic(u"503 upstream down"_s), true);
    QCOMPARE(breaker.state(), CircuitBreaker::State::Open);
}

void TestLimiter::breakerHalfOpenSuccessCloses()
{
    CircuitBreaker breaker;
    for (int i = 0; i < 25; ++i)
        breaker.onFailure();
    QCOMPARE(breaker.state(), CircuitBreaker::State::Open);
    QCOMPARE(breaker.onCooldownElapsed(), true);
    QCOMPARE(breaker.onSuccess(), true);
    QCOMPARE(breaker.state(), CircuitBreaker::State::Closed);
    QVERIFY(breaker.reason().isEmpty());
    QCOMPARE(breaker.onSuccess(), false);

    // Closed again with a fresh run: 24 failures do not open it.
    for (int i = 0; i < 24; ++i)
        QCOMPARE(breaker.onFailure(), false);
    QCOMPARE(breaker.state(), CircuitBreaker::State::Closed);

    // A success while still open (a late reply) closes it as well.
    QCOMPARE(breaker.onSystemic(u"x"_s), true);
    QCOMPARE(breaker.onSuccess(), true);
    QCOMPARE(breaker.state(), CircuitBreaker::State::Closed);
}

void TestLimiter::breakerCustomThreshold()
{
    CircuitBreaker breaker(3);
    QCOMPARE(breaker.onFailure(), false);
    QCOMPARE(breaker.onFailure(), false);
    QCOMPARE(breaker.onFailure(), true);
    QCOMPARE(breaker.reason(), u"3 failed calls in a row"_s);
}

void TestLimiter::breakerUnusableAnswersOfKnownRecordsCountNothing()
{
    // Prompt-injected records failing again and again: their failures, not the provider's.
    CircuitBreaker breaker(3);
    for (int i = 0; i < 100; ++i)
        QCOMPARE(breaker.onUnusableAnswer(true), false);
    QCOMPARE(breaker.state(), CircuitBreaker::State::Closed);

    // Nor do they decide a half-open probe, either way.
    QCOMPARE(breaker.onSystemic(u"401"_s), true);
    QCOMPARE(breaker.onCooldownElapsed(), true);
    QCOMPARE(breaker.onUnusableAnswer(true), false);
    QCOMPARE(breaker.state(), CircuitBreaker::State::HalfOpen);
    // A record new to failing does: the model still does not follow the format.
    QCOMPARE(breaker.onUnusableAnswer(false), true);
    QCOMPARE(breaker.state(), CircuitBreaker::State::Open);
}

void TestLimiter::breakerUnusableAnswersOfNewRecordsOpenWithReason()
{
    CircuitBreaker breaker(3);
    QCOMPARE(breaker.onUnusableAnswer(false), false);
    QCOMPARE(breaker.onUnusableAnswer(false), false);
    QCOMPARE(breaker.onSuccess(), false); // a usable answer between them resets the run
    QCOMPARE(breaker.onUnusableAnswer(false), false);
    QCOMPARE(breaker.onUnusableAnswer(true), false); // neither counts nor resets
    QCOMPARE(breaker.onUnusableAnswer(false), false);
    QCOMPARE(breaker.onFailure(), false); // a failed call is another run
    QCOMPARE(breaker.onUnusableAnswer(false), true);
    QCOMPARE(breaker.state(), CircuitBreaker::State::Open);
    QCOMPARE(breaker.reason(), u"unusable answers for 3 different records in a row: the model "
                               u"does not follow the answer format"_s);
}

QTEST_GUILESS_MAIN(TestLimiter)
#include "tst_limiter.moc"
