// Integration (a): 10,000 events through the real broker and the simulated LLM server.
#include "engineundertest.h"
#include "integrationenv.h"
#include "llm/pricing.h"
#include "sim/oracle.h"

#include <QElapsedTimer>
#include <QJsonDocument>
#include <QTest>

#include <cmath>

using herder::metrics::EngineSnapshot;

class TestEnrichment : public QObject
{
    Q_OBJECT
private slots:
    void tenThousandEventsGiveTenThousandOutputs();
};

void TestEnrichment::tenThousandEventsGiveTenThousandOutputs()
{
    constexpr int kEvents = 10000;
    IntegrationEnv env;
    QString error;
    QVERIFY2(env.setUp({QStringLiteral("--latency-ms"), QStringLiteral("20"),
                        QStringLiteral("--jitter-ms"), QStringLiteral("5")},
                       &error),
             qPrintable(error));
    const QList<TestKafka::Record> inputs = IntegrationEnv::events(kEvents, 42);
    QVERIFY2(TestKafka::produce(env.source, inputs, &error), qPrintable(error));

    env.settings.concurrency = 64;
    QElapsedTimer clock;
    clock.start();
    EngineUnderTest run(env.settings);
    const EngineSnapshot &last = run.last;
    run.start();
    QTRY_VERIFY_WITH_TIMEOUT(last.enriched >= kEvents || !run.failed.isEmpty(), 240000);
    QVERIFY2(run.failed.isEmpty(), qPrintable(run.failure()));
    const double seconds = double(clock.elapsed()) / 1000.0;
    qInfo("THROUGHPUT: %d events enriched in %.2f s = %.0f msg/s (%.0f LLM requests/s), "
          "concurrency 64, simulated latency 20 ms",
          kEvents, seconds, kEvents / seconds, 2 * kEvents / seconds);
    QVERIFY(run.stop());
    QCOMPARE(last.enriched, quint64(kEvents));
    QCOMPARE(last.dead_lettered, quint64(0));
    QCOMPARE(last.retried, quint64(0));

    // Exactly one output per input id, with the labels the simulator gives for its text.
    const QList<TestKafka::Record> outputs = TestKafka::readAll(env.output, kEvents, 120000);
    QCOMPARE(outputs.size(), kEvents);
    QHash<QString, QString> textById;
    for (const auto &in : inputs) {
        const QJsonObject o = QJsonDocument::fromJson(in.value).object();
        textById.insert(o[u"id"].toString(), o[u"text"].toString());
    }
    const QStringList categories = herder::llm::TaskSpec::builtInIntent().labels;
    QSet<QString> seen;
    for (const auto &out : outputs) {
        const QJsonObject o = QJsonDocument::fromJson(out.value).object();
        const QString id = o[u"id"].toString();
        QVERIFY2(textById.contains(id), qPrintable(id));
        QVERIFY2(!seen.contains(id), qPrintable(QStringLiteral("duplicate output for ") + id));
        seen.insert(id);
        const QString text = textById.value(id);
        QCOMPARE(o[u"original"].toObject()[u"text"].toString(), text);
        const QJsonObject results = o[u"results"].toObject();
        QCOMPARE(results[u"sentiment"].toObject()[u"label"].toString(),
                 herder::sim::Oracle::sentiment(text));
        QCOMPARE(results[u"intent"].toObject()[u"label"].toString(),
                 herder::sim::Oracle::intent(text, categories));
        QCOMPARE(o[u"source"].toObject()[u"topic"].toString(), QString::fromUtf8(env.source));
    }
    QCOMPARE(seen.size(), kEvents);
    QVERIFY(TestKafka::readAll(env.dlq, 0, 5000, 1000).isEmpty());

    // Costs: the simulator's token counts times the price table, model by model.
    const OutputTotals totals = totalsOf(outputs);
    const QJsonObject byModel = env.sim.stats()[u"by_model"].toObject();
    const herder::llm::PricingTable prices = herder::llm::PricingTable::builtIn();
    QCOMPARE(byModel.size(), 2);
    for (auto it = byModel.begin(); it != byModel.end(); ++it) {
        const QString model = it.key();
        const qint64 prompt = it.value()[u"prompt_tokens"].toInteger();
        const qint64 completion = it.value()[u"completion_tokens"].toInteger();
        QCOMPARE(totals.input_tokens.value(model), prompt);
        QCOMPARE(totals.output_tokens.value(model), completion);
        const auto price = prices.price(model);
        QVERIFY(price.has_value());
        const double expected = (double(prompt) * price->input_usd_per_mtok +
                                 double(completion) * price->output_usd_per_mtok) / 1e6;
        QVERIFY2(std::abs(totals.cost_usd.value(model) - expected) <= 1e-9 * qMax(1.0, expected),
                 qPrintable(QStringLiteral("%1: outputs say %2, simulator tokens say %3")
                                .arg(model).arg(totals.cost_usd.value(model)).arg(expected)));
        QVERIFY(expected > 0);
    }

    // Every offset is committed once everything is written.
    QCOMPARE(TestKafka::committedSum(env.group, env.source, env.partitions),
             TestKafka::endOffsetSum(env.source, env.partitions));
}

QTEST_GUILESS_MAIN(TestEnrichment)
#include "tst_enrichment.moc"
