// HeaderQuota: what an answer's headers said is left, counted down by what we send and
// refilled at the rate the reset time implies; it holds a call only when the provider would
// refuse it, and never when the provider said nothing.
#include "control/headerquota.h"
#include "control/modelquotas.h"

#include <QTest>

using herder::control::HeaderQuota;
using herder::control::ModelQuotas;
using Ms = HeaderQuota::Ms;

class TestHeaderQuota : public QObject
{
    Q_OBJECT
private slots:
    void unknownNeverHolds()
    {
        HeaderQuota q;
        const auto t = HeaderQuota::Clock::now();
        QVERIFY(!q.known());
        q.spend(1e9);
        QCOMPARE(q.wait(1e9, t), Ms(0));
        q.heard(-1, 100, 1000, t); // Azure's -1: unknown
        QVERIFY(!q.known());
        QCOMPARE(q.wait(1, t), Ms(0));
    }

    void sendsUntilWhatIsLeftThenWaitsForTheRefill()
    {
        // 600 a minute: one every 100 ms. Two left, 5.8 s until all 600 are back.
        HeaderQuota q;
        const auto t = HeaderQuota::Clock::now();
        q.heard(2, 600, 59800, t);
        QCOMPARE(q.wait(1, t), Ms(0));
        q.spend(1);
        QCOMPARE(q.wait(1, t), Ms(0));
        q.spend(1);
        QCOMPARE(q.left(t), 0.0);
        QCOMPARE(q.wait(1, t), Ms(100));
        // 40 ms later, 60 ms to go; 100 ms later one more may go.
        QCOMPARE(q.wait(1, t + Ms(40)), Ms(60));
        QCOMPARE(q.wait(1, t + Ms(100)), Ms(0));
        // Never more than the limit, however long it was.
        QCOMPARE(q.left(t + std::chrono::hours(1)), 600.0 - 2);
    }

    void aNewAnswerReplacesOurCount()
    {
        HeaderQuota q;
        const auto t = HeaderQuota::Clock::now();
        q.heard(1, 600, 59900, t);
        q.spend(1);
        QVERIFY(q.wait(1, t) > Ms(0));
        q.heard(50, 600, 55000, t); // the provider counted our calls: 50 left
        QCOMPARE(q.left(t), 50.0);
        QCOMPARE(q.wait(50, t), Ms(0));
        QVERIFY(q.wait(51, t) > Ms(0));
    }

    void tokensWaitForTheirWholeEstimate()
    {
        // 60,000 tokens a minute (1 per ms); 1,000 left; a call of 3,000 waits 2 s.
        HeaderQuota q;
        const auto t = HeaderQuota::Clock::now();
        q.heard(1000, 60000, 59000, t);
        QCOMPARE(q.wait(1000, t), Ms(0));
        QCOMPARE(q.wait(3000, t), Ms(2000));
        // Bigger than the whole limit: it waits for the limit, then goes.
        QCOMPARE(q.wait(1e6, t), Ms(59000));
    }

    void withoutARefillRateTheResetBringsEverythingBack()
    {
        // A limit unknown (a gateway's remaining only): nothing left holds until the reset.
        HeaderQuota q;
        const auto t = HeaderQuota::Clock::now();
        q.heard(0, -1, 2000, t);
        QCOMPARE(q.wait(1, t), Ms(2000));
        QCOMPARE(q.wait(1, t + Ms(1500)), Ms(500));
        QCOMPARE(q.wait(1, t + Ms(2000)), Ms(0));
        q.spend(100);
        QCOMPARE(q.wait(1, t + Ms(2000)), Ms(0));
        // No reset either: what it said holds for a second.
        q.heard(0, -1, -1, t);
        QCOMPARE(q.wait(1, t), Ms(1000));
        QCOMPARE(q.wait(1, t + Ms(1000)), Ms(0));
    }

    void callsSentAfterTheAnsweredOneStillCount()
    {
        // Three calls go; the first one's answer says 2 left of 600 (a refill of 100 ms per
        // call). The two sent after it may not be in that count: they use those 2 up.
        ModelQuotas quotas;
        const int lane = quotas.lane(QStringLiteral("m"));
        QCOMPARE(quotas.lane(QStringLiteral("other")), 1);
        QCOMPARE(quotas.lane(QStringLiteral("m")), lane);
        quotas.started(lane, 10);
        const ModelQuotas::Mark first = quotas.at(lane).sent;
        quotas.started(lane, 10);
        const ModelQuotas::Mark second = quotas.at(lane).sent;
        quotas.started(lane, 10);
        quotas.heard(lane, first, 2, 600, 59800, -1, -1, -1);
        QVERIFY(quotas.wait(lane, 10) > Ms(50));
        QCOMPARE(quotas.wait(1, 10), Ms(0)); // another model's lane knows nothing

        // The second call's answer, older news than a later one, is not heard once that is.
        const ModelQuotas::Mark third = quotas.at(lane).sent;
        quotas.heard(lane, third, 100, 600, 50000, -1, -1, -1);
        QCOMPARE(quotas.wait(lane, 10), Ms(0));
        quotas.heard(lane, second, 0, 600, 60000, -1, -1, -1);
        QCOMPARE(quotas.wait(lane, 10), Ms(0));
        QCOMPARE(quotas.at(lane).requests.left(HeaderQuota::Clock::now()) >= 100, true);
    }
};

QTEST_APPLESS_MAIN(TestHeaderQuota)
#include "tst_headerquota.moc"
