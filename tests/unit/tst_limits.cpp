// config::Limits, the one value the operator's knobs travel in (toolbar, settings dialog, ops
// API -> Engine::applyLimits), and its wire form in POST /api/v1/limits.

#include "config/limits.h"
#include "ops/limitsrequest.h"

#include <QJsonDocument>
#include <QTest>

using herder::config::EngineSettings;
using herder::config::Limits;
using herder::config::ProcessingMode;
using herder::ops::LimitsRequest;

namespace {

EngineSettings settingsWith(int concurrency, double rate_per_s, ProcessingMode mode,
                            int batch_size, double hourly_usd, double daily_usd)
{
    EngineSettings s;
    s.concurrency = concurrency;
    s.rate_per_s = rate_per_s;
    s.mode = mode;
    s.batch_size = batch_size;
    s.budget_hourly_usd = hourly_usd;
    s.budget_daily_usd = daily_usd;
    return s;
}

} // namespace

class TestLimits : public QObject
{
    Q_OBJECT

private slots:
    void onlyTheFieldsSetChangeSettings();
    void clampedBringsEachFieldIntoItsRange();
    void mergeKeepsTheNewerValues();
    void ofTakesEveryField();
    void wireFormRoundTrips();
};

void TestLimits::onlyTheFieldsSetChangeSettings()
{
    EngineSettings s = settingsWith(7, 3, ProcessingMode::Combined, 9, 1, 2);
    const Limits l{.rate_per_s = 0, .batch_size = 32, .budget_daily_usd = 5};
    QVERIFY(!l.isEmpty());
    QVERIFY(Limits{}.isEmpty());
    l.applyTo(s);
    QCOMPARE(s.concurrency, 7);
    QCOMPARE(s.rate_per_s, 0.0); // 0 is a value (unlimited), not "unset"
    QCOMPARE(s.mode, ProcessingMode::Combined);
    QCOMPARE(s.batch_size, 32);
    QCOMPARE(s.budget_hourly_usd, 1.0);
    QCOMPARE(s.budget_daily_usd, 5.0);
}

void TestLimits::clampedBringsEachFieldIntoItsRange()
{
    const Limits low = Limits{.concurrency = 0, .rate_per_s = -1, .batch_size = 0,
                              .budget_hourly_usd = -5, .budget_daily_usd = -1}
                           .clamped();
    QCOMPARE(low.concurrency, std::optional(Limits::kConcurrency.min));
    QCOMPARE(low.rate_per_s, std::optional(0.0));
    QCOMPARE(low.batch_size, std::optional(1));
    QCOMPARE(low.budget_hourly_usd, std::optional(0.0));
    QCOMPARE(low.budget_daily_usd, std::optional(0.0));
    const Limits high = Limits{.concurrency = 100000, .batch_size = 1000}.clamped();
    QCOMPARE(high.concurrency, std::optional(4096));
    QCOMPARE(high.batch_size, std::optional(256));
    QVERIFY(!high.rate_per_s && !high.mode && !high.budget_hourly_usd); // unset stays unset
    const Limits inRange{.concurrency = 50, .mode = ProcessingMode::Batch, .batch_size = 16};
    QCOMPARE(inRange.clamped(), inRange);
}

void TestLimits::mergeKeepsTheNewerValues()
{
    Limits pending{.concurrency = 10, .mode = ProcessingMode::PerTask};
    pending.merge({.concurrency = 20, .batch_size = 4});
    QCOMPARE(pending, (Limits{.concurrency = 20, .mode = ProcessingMode::PerTask, .batch_size = 4}));
}

void TestLimits::ofTakesEveryField()
{
    const Limits l = Limits::of(settingsWith(12, 2.5, ProcessingMode::Batch, 8, 3, 30));
    QCOMPARE(l, (Limits{12, 2.5, ProcessingMode::Batch, 8, 3.0, 30.0}));
    EngineSettings other;
    l.applyTo(other);
    QCOMPARE(Limits::of(other), l);
}

void TestLimits::wireFormRoundTrips()
{
    const Limits sent{.rate_per_s = 0, .mode = ProcessingMode::Combined, .budget_hourly_usd = 1.5};
    const QJsonObject body = LimitsRequest::toJson(sent);
    QCOMPARE(body.size(), 3);
    QCOMPARE(body[u"mode"].toString(), QStringLiteral("combined"));
    QString error;
    const auto parsed =
        LimitsRequest::parse(QJsonDocument(body).toJson(QJsonDocument::Compact), &error);
    QVERIFY2(parsed, qPrintable(error));
    QCOMPARE(*parsed, sent);
    QCOMPARE(LimitsRequest::toJson({}), QJsonObject());
}

QTEST_APPLESS_MAIN(TestLimits)
#include "tst_limits.moc"
