// Integration: adaptive concurrency against a provider that answers 429 (with Retry-After)
// above a request rate. Adaptive, the engine finds a concurrency the provider sustains: few
// calls are rate-limited and every event is enriched. With a fixed high cap instead, a much
// larger share of calls is refused.
#include "engineundertest.h"
#include "integrationenv.h"

#include <QJsonDocument>
#include <QTest>

using herder::config::AdaptiveMode;
using herder::metrics::EngineSnapshot;

namespace {

constexpr int kAllowedPerS = 300; // the simulator's --max-rps
constexpr int kCap = 64;

using RunResult = SimProcess::Refusals;

} // namespace

class TestAdaptive : public QObject
{
    Q_OBJECT
private slots:
    void adaptiveKeepsRateLimitsRare();

private:
    /// Runs \a events through an engine with the given adaptive setting until every one is
    /// settled (enriched or dead-lettered), or until it made \a stop_after_requests calls when
    /// that is not 0; returns the simulator's counts.
    RunResult run(AdaptiveMode adaptive, int events, EngineSnapshot *last_out,
                  quint64 stop_after_requests = 0);
};

RunResult TestAdaptive::run(AdaptiveMode adaptive, int events, EngineSnapshot *last_out,
                             quint64 stop_after_requests)
{
    RunResult result;
    IntegrationEnv env;
    QString error;
    const bool up = env.setUp({QStringLiteral("--latency-ms"), QStringLiteral("40"),
                               QStringLiteral("--jitter-ms"), QStringLiteral("5"),
                               QStringLiteral("--max-rps"), QString::number(kAllowedPerS),
                               QStringLiteral("--retry-after-s"), QStringLiteral("1")},
                              &error);
    if (!up) {
        qWarning("%s", qPrintable(error));
        return result;
    }
    if (!TestKafka::produce(env.source, IntegrationEnv::events(events, 11), &error)) {
        qWarning("%s", qPrintable(error));
        return result;
    }
    env.settings.concurrency = kCap;
    env.settings.adaptive = adaptive;
    env.settings.cache_max_entries = 0; // every event pays its calls: the counts stay exact
    env.settings.max_attempts = 8;
    env.settings.retry_cap_ms = 4000;
    EngineUnderTest engine(env.settings);
    const EngineSnapshot &last = engine.last;
    engine.start();
    const bool settled = QTest::qWaitFor(
        [&] {
            quint64 requests = 0;
            for (const auto &model : last.models)
                requests += model.requests;
            return last.enriched + last.dead_lettered >= quint64(events) ||
                   (stop_after_requests > 0 && requests >= stop_after_requests) ||
                   !engine.failed.isEmpty();
        },
        200000);
    if (!settled || !engine.failed.isEmpty())
        qWarning("engine did not settle: %s", qPrintable(engine.failure()));
    engine.stop();
    *last_out = last;
    return SimProcess::refusals(env.sim.stats());
}

void TestAdaptive::adaptiveKeepsRateLimitsRare()
{
    constexpr int kEvents = 2500;
    EngineSnapshot on;
    const RunResult adaptive = run(AdaptiveMode::On, kEvents, &on);
    qInfo("adaptive: %lld requests, %lld answered 429 (%.1f%%), ended at concurrency %d of %d",
          adaptive.requests, adaptive.rate_limited, 100 * adaptive.share(),
          on.effective_concurrency, on.concurrency_cap);
    QVERIFY(on.adaptive);
    QCOMPARE(on.enriched, quint64(kEvents));
    QCOMPARE(on.dead_lettered, quint64(0));
    QVERIFY(adaptive.requests >= 2 * kEvents);
    QVERIFY2(adaptive.share() < 0.10, qPrintable(QString::number(adaptive.share())));
    QVERIFY(on.effective_concurrency >= 1 && on.effective_concurrency < kCap);

    // The fixed cap's share shows within its first two thousand calls; waiting out every retry of
    // a storm it made itself would only add minutes.
    constexpr int kFixedEvents = 800;
    EngineSnapshot off;
    const RunResult fixed = run(AdaptiveMode::Off, kFixedEvents, &off, 2000);
    qInfo("fixed cap %d: %lld requests, %lld answered 429 (%.1f%%)", kCap, fixed.requests,
          fixed.rate_limited, 100 * fixed.share());
    QVERIFY(!off.adaptive);
    QCOMPARE(off.effective_concurrency, kCap);
    QVERIFY(fixed.requests >= 2000);
    QVERIFY2(fixed.share() > 2 * adaptive.share(),
             qPrintable(QStringLiteral("fixed %1 vs adaptive %2")
                            .arg(fixed.share())
                            .arg(adaptive.share())));
}

QTEST_GUILESS_MAIN(TestAdaptive)
#include "tst_adaptive.moc"
