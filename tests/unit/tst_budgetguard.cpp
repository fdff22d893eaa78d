#include "control/budgetguard.h"

#include <QTest>

using herder::control::BudgetGuard;

namespace {

// 2026-12-03 10:15:00 UTC: 45 minutes before the hour rolls, 13 h 45 min before the day does.
constexpr qint64 kT0 = 1796292900000;
constexpr qint64 kMinute = 60 * 1000;

} // namespace

class TestBudgetGuard : public QObject
{
    Q_OBJECT
private slots:
    void noCapNeverExhausts();
    void hourlyCapReachedThenRollsOver();
    void dailyCapOutlastsTheHour();
    void raisingTheCapRelieves();
    void reasonNamesTheCapAndTheSpending();
};

void TestBudgetGuard::noCapNeverExhausts()
{
    BudgetGuard guard;
    guard.spend(1e6, kT0);
    QVERIFY(!guard.exhausted(kT0));
    QCOMPARE(guard.msUntilRelief(kT0), qint64(0));
    QVERIFY(guard.reason(kT0).isEmpty());
    QCOMPARE(guard.spentThisHour(kT0), 1e6);
}

void TestBudgetGuard::hourlyCapReachedThenRollsOver()
{
    BudgetGuard guard(1.0, 0);
    guard.spend(0.6, kT0);
    QVERIFY(!guard.exhausted(kT0));
    guard.spend(0.4, kT0 + kMinute);
    QVERIFY(guard.exhausted(kT0 + kMinute));
    QCOMPARE(guard.msUntilRelief(kT0 + kMinute), 44 * kMinute);
    QVERIFY(guard.exhausted(kT0 + 44 * kMinute));
    // 11:00 UTC: a new hour, nothing spent in it yet.
    QVERIFY(!guard.exhausted(kT0 + 45 * kMinute));
    QCOMPARE(guard.spentThisHour(kT0 + 45 * kMinute), 0.0);
    QCOMPARE(guard.spentToday(kT0 + 45 * kMinute), 1.0);
}

void TestBudgetGuard::dailyCapOutlastsTheHour()
{
    BudgetGuard guard(1.0, 1.5);
    guard.spend(1.0, kT0);
    QCOMPARE(guard.msUntilRelief(kT0), 45 * kMinute);
    guard.spend(0.5, kT0 + 45 * kMinute);
    QVERIFY(guard.exhausted(kT0 + 45 * kMinute));
    // The day rolls at 00:00 UTC: 13 h 45 min after the start.
    QCOMPARE(guard.msUntilRelief(kT0 + 45 * kMinute), (13 * 60) * kMinute);
    QVERIFY(guard.exhausted(kT0 + (13 * 60 + 44) * kMinute));
    QVERIFY(!guard.exhausted(kT0 + (13 * 60 + 45) * kMinute));
}

void TestBudgetGuard::raisingTheCapRelieves()
{
    BudgetGuard guard(0.5, 0);
    guard.spend(0.5, kT0);
    QVERIFY(guard.exhausted(kT0));
    guard.setCaps(2.0, 0);
    QVERIFY(!guard.exhausted(kT0));
    guard.setCaps(0, 0);
    guard.spend(100, kT0);
    QVERIFY(!guard.exhausted(kT0));
    QCOMPARE(guard.hourlyCap(), 0.0);
    guard.setCaps(-1, -2); // a negative cap means none, never a cap already exceeded
    QVERIFY(!guard.exhausted(kT0));
}

void TestBudgetGuard::reasonNamesTheCapAndTheSpending()
{
    BudgetGuard guard(0.25, 10);
    guard.spend(0.3, kT0);
    QCOMPARE(guard.reason(kT0),
             QStringLiteral("hourly budget of $0.25 reached ($0.3000 spent); paused until 11:00 UTC "
                            "or a higher cap"));
    guard.setCaps(0, 0.3);
    QCOMPARE(guard.reason(kT0),
             QStringLiteral("daily budget of $0.30 reached ($0.3000 spent); paused until "
                            "2026-12-04 00:00 UTC or a higher cap"));
}

QTEST_APPLESS_MAIN(TestBudgetGuard)
#include "tst_budgetguard.moc"
