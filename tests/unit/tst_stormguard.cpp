// StormGuard: a run of transient failures begins a storm, an answer ends it, and the hold
// between tries follows the provider's Retry-After or a capped doubling backoff.
#include "control/stormguard.h"

#include <QTest>

using herder::control::StormGuard;
using Ms = StormGuard::Ms;

class TestStormGuard : public QObject
{
    Q_OBJECT
private slots:
    void aRunOfTransientFailuresBeginsAStorm()
    {
        StormGuard guard(3);
        QCOMPARE(guard.onTransient(std::nullopt), false);
        QCOMPARE(guard.onTransient(std::nullopt), false);
        QVERIFY(!guard.storming());
        QCOMPARE(guard.hold(), Ms(0));
        QCOMPARE(guard.onTransient(std::nullopt), true);
        QVERIFY(guard.storming());
        QCOMPARE(guard.onTransient(std::nullopt), false); // already storming: no change
        QCOMPARE(guard.failedProbes(), 0);
    }

    void anAnswerResetsTheRunAndEndsTheStorm()
    {
        StormGuard guard(3);
        guard.onTransient(std::nullopt);
        guard.onTransient(std::nullopt);
        QCOMPARE(guard.onAnswered(), false); // no storm to end, but the run starts over
        guard.onTransient(std::nullopt);
        guard.onTransient(std::nullopt);
        QVERIFY(!guard.storming());
        QCOMPARE(guard.onTransient(std::nullopt), true);
        QCOMPARE(guard.onAnswered(), true);
        QVERIFY(!guard.storming());
        QCOMPARE(guard.failedProbes(), 0);
        QCOMPARE(guard.hold(), Ms(0));
    }

    void holdDoublesUpToTheCap()
    {
        StormGuard guard(1, Ms(500), Ms(3000));
        guard.onTransient(std::nullopt);
        QCOMPARE(guard.hold(), Ms(500));
        for (int i = 0; i < 10; ++i) // failures of calls already in flight: no doubling
            guard.onTransient(std::nullopt);
        QCOMPARE(guard.hold(), Ms(500));
        guard.probeFailed();
        QCOMPARE(guard.hold(), Ms(1000));
        guard.probeFailed();
        QCOMPARE(guard.hold(), Ms(2000));
        guard.probeFailed();
        QCOMPARE(guard.hold(), Ms(3000));
        for (int i = 0; i < 100; ++i) // no overflow however long it lasts
            guard.probeFailed();
        QCOMPARE(guard.hold(), Ms(3000));
    }

    void retryAfterRulesWhileTheProviderSendsIt()
    {
        StormGuard guard(1, Ms(500), Ms(30000));
        guard.onTransient(Ms(2000));
        QCOMPARE(guard.hold(), Ms(2000));
        // Failed probes do not double a hold the provider sets: back when it says, not later.
        for (int i = 0; i < 5; ++i)
            guard.probeFailed();
        guard.onTransient(Ms(1000));
        QCOMPARE(guard.hold(), Ms(1000));
        guard.onTransient(Ms(10)); // not a busy loop
        QCOMPARE(guard.hold(), Ms(100));
        guard.onTransient(Ms(3600 * 1000)); // an hour: capped
        QCOMPARE(guard.hold(), Ms(30000));
        guard.onTransient(std::nullopt); // a timeout says nothing: the provider's word stands
        QCOMPARE(guard.hold(), Ms(30000));
        guard.onAnswered();
        guard.onTransient(std::nullopt); // a new storm of 5xx without it: the backoff
        QCOMPARE(guard.hold(), Ms(500));
    }
};

QTEST_GUILESS_MAIN(TestStormGuard)
#include "tst_stormguard.moc"
