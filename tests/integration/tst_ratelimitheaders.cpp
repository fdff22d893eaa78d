// Integration: a provider that limits requests per minute per model and says how much is left
// in OpenAI's x-ratelimit-* headers. The engine reads them: past the limit's first burst its
// calls wait for the refill instead of going to be refused, each model on its own; the figures
// reach the snapshot and /metrics. A provider that sends no headers (DeepSeek, vLLM) gets
// refusals instead, and storms that hold: every event is still enriched.
#include "engineundertest.h"
#include "integrationenv.h"
#include "metrics/prometheusexposition.h"

#include <QTest>

using herder::config::ProcessingMode;
using herder::metrics::EngineSnapshot;

namespace {

constexpr int kRpm = 300;    // per model: a burst of 300, then 5 a second
constexpr int kEvents = 340; // a call per event for each of the two tasks' models

struct RunResult : SimProcess::Refusals
{
    EngineSnapshot last;
};

} // namespace

class TestRateLimitHeaders : public QObject
{
    Q_OBJECT
private slots:
    void callsWaitForWhatTheHeadersSayIsLeft();

private:
    RunResult run(bool headers);
};

RunResult TestRateLimitHeaders::run(bool headers)
{
    RunResult result;
    IntegrationEnv env;
    QString error;
    QStringList simArguments{QStringLiteral("--latency-ms"), QStringLiteral("20"),
                             QStringLiteral("--rpm-limit"), QString::number(kRpm)};
    if (!headers)
        simArguments << QStringLiteral("--no-rate-limit-headers");
    if (!env.setUp(simArguments, &error) ||
        !TestKafka::produce(env.source, IntegrationEnv::events(kEvents, 23), &error)) {
        qWarning("%s", qPrintable(error));
        return result;
    }
    env.settings.mode = ProcessingMode::PerTask;
    env.settings.concurrency = 32;
    env.settings.cache_max_entries = 0; // every event pays its calls: the counts stay exact
    EngineUnderTest engine(env.settings);
    engine.start();
    const bool settled = QTest::qWaitFor(
        [&] {
            return engine.last.enriched + engine.last.dead_lettered >= quint64(kEvents) ||
                   !engine.failed.isEmpty();
        },
        120000);
    if (!settled || !engine.failed.isEmpty())
        qWarning("engine did not settle: %s", qPrintable(engine.failure()));
    engine.stop();
    result.last = engine.last;
    static_cast<SimProcess::Refusals &>(result) = SimProcess::refusals(env.sim.stats());
    return result;
}

void TestRateLimitHeaders::callsWaitForWhatTheHeadersSayIsLeft()
{
    const RunResult read = run(true);
    qInfo("headers read: %lld requests, %lld answered 429 (%.1f%%)", read.requests,
          read.rate_limited, 100 * read.share());
    QCOMPARE(read.last.enriched, quint64(kEvents));
    QCOMPARE(read.last.dead_lettered, quint64(0));
    // 2 x 340 calls against 2 x 300 at once: 80 had to wait for the refill.
    QVERIFY(read.requests >= 2 * kEvents);
    QVERIFY2(read.share() < 0.02, qPrintable(QString::number(read.share())));
    QCOMPARE(read.last.models.size(), 2);
    const QByteArray metrics = herder::metrics::PrometheusExposition::render(read.last);
    for (const auto &m : read.last.models) {
        QCOMPARE(m.limit_requests, qint64(kRpm));
        QVERIFY2(m.remaining_requests >= 0 && m.remaining_requests < kRpm,
                 qPrintable(QString::number(m.remaining_requests)));
        const QByteArray sample = "herder_llm_ratelimit_limit{model=\"" + m.model.toUtf8() +
                                  "\",kind=\"requests\"} " + QByteArray::number(kRpm) + '\n';
        QVERIFY2(metrics.contains(sample), metrics.constData());
        const QByteArray remaining = "herder_llm_ratelimit_remaining{model=\"" +
                                     m.model.toUtf8() + "\",kind=\"requests\"} ";
        QVERIFY(metrics.contains(remaining));
    }

    // The same provider without headers: refused calls, storms that hold, nothing lost.
    const RunResult blind = run(false);
    qInfo("no headers: %lld requests, %lld answered 429 (%.1f%%)", blind.requests,
          blind.rate_limited, 100 * blind.share());
    QCOMPARE(blind.last.enriched, quint64(kEvents));
    QCOMPARE(blind.last.dead_lettered, quint64(0));
    for (const auto &m : blind.last.models)
        QVERIFY(!m.rateLimitsKnown());
    QVERIFY(!herder::metrics::PrometheusExposition::render(blind.last)
                 .contains("herder_llm_ratelimit_limit{"));
    // What reading the headers is worth: several times fewer refusals.
    QVERIFY2(blind.rate_limited > 5 * qMax<qint64>(1, read.rate_limited),
             qPrintable(QStringLiteral("%1 vs %2").arg(blind.rate_limited).arg(read.rate_limited)));
}

QTEST_GUILESS_MAIN(TestRateLimitHeaders)
#include "tst_ratelimitheaders.moc"
