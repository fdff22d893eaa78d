// Integration: the response cache. Events whose text was answered before (an at-least-once
// redelivery, a DLQ replay, or the same message sent twice) are enriched from the cache: the
// simulator sees one call per unique text and task, every event still gets its output, and the
// cached results carry the labels, the model and "cached": true at no cost.
#include "engineundertest.h"
#include "integrationenv.h"
#include "llm/taskspec.h"
#include "sim/oracle.h"

#include <QJsonDocument>
#include <QTest>

#include <cmath>

using herder::llm::TaskSpec;
using herder::metrics::EngineSnapshot;

namespace {

constexpr int kUnique = 200;
constexpr int kTasks = 2;

/// kUnique events with distinct texts, and as many copies under new ids.
void makeEvents(QList<TestKafka::Record> *originals, QList<TestKafka::Record> *copies)
{
    QSet<QString> texts;
    for (const TestKafka::Record &r : IntegrationEnv::events(4 * kUnique, 7)) {
        QJsonObject o = QJsonDocument::fromJson(r.value).object();
        if (texts.contains(o[u"text"].toString()))
            continue;
        texts.insert(o[u"text"].toString());
        originals->append(r);
        o[u"id"] = QString(QStringLiteral("copy-") + o[u"id"].toString());
        copies->append({r.key, QJsonDocument(o).toJson(QJsonDocument::Compact), {}, -1, -1});
        if (originals->size() == kUnique)
            return;
    }
}

} // namespace

class TestCache : public QObject
{
    Q_OBJECT
private slots:
    void duplicatesAreServedFromTheCache_data();
    void duplicatesAreServedFromTheCache();
};

void TestCache::duplicatesAreServedFromTheCache_data()
{
    QTest::addColumn<int>("max_entries");
    QTest::newRow("cache on") << 100000;
    QTest::newRow("cache off") << 0;
}

void TestCache::duplicatesAreServedFromTheCache()
{
    QFETCH(int, max_entries);
    const bool cached = max_entries > 0;
    IntegrationEnv env;
    QString error;
    QVERIFY2(env.setUp({QStringLiteral("--latency-ms"), QStringLiteral("10"),
                        QStringLiteral("--jitter-ms"), QStringLiteral("2")},
                       &error),
             qPrintable(error));
    QList<TestKafka::Record> originals, copies;
    makeEvents(&originals, &copies);
    QCOMPARE(originals.size(), kUnique);

    env.settings.cache_max_entries = max_entries;
    EngineUnderTest run(env.settings);
    const EngineSnapshot &last = run.last;
    run.start();
    // The copies go in once the originals are answered, as a redelivery or replay would.
    QVERIFY2(TestKafka::produce(env.source, originals, &error), qPrintable(error));
    QTRY_VERIFY_WITH_TIMEOUT(last.enriched >= quint64(kUnique) || !run.failed.isEmpty(), 60000);
    QVERIFY2(run.failed.isEmpty(), qPrintable(run.failure()));
    QVERIFY2(TestKafka::produce(env.source, copies, &error), qPrintable(error));
    QTRY_VERIFY_WITH_TIMEOUT(last.enriched >= quint64(2 * kUnique), 60000);
    QVERIFY(run.stop());

    const int expectedRequests = (cached ? 1 : 2) * kUnique * kTasks;
    QCOMPARE(env.sim.stats()[u"requests_total"].toInteger(), qint64(expectedRequests));
    QCOMPARE(last.enriched, quint64(2 * kUnique));
    QCOMPARE(last.dead_lettered, quint64(0));
    QCOMPARE(last.cache_hits, quint64(cached ? kUnique * kTasks : 0));
    QCOMPARE(last.cache_misses, quint64(cached ? kUnique * kTasks : 0));

    const QList<TestKafka::Record> outputs = TestKafka::readAll(env.output, 2 * kUnique, 60000);
    QCOMPARE(outputs.size(), 2 * kUnique);
    const QStringList categories = TaskSpec::builtInIntent().labels;
    QHash<QString, double> paidByModel;  // what the originals cost, per model
    QHash<QString, int> cachedByModel;
    QSet<QString> ids;
    for (const TestKafka::Record &out : outputs) {
        const QJsonObject o = QJsonDocument::fromJson(out.value).object();
        const QString id = o[u"id"].toString();
        QVERIFY2(!ids.contains(id), qPrintable(id));
        ids.insert(id);
        const bool copy = id.startsWith(u"copy-");
        const QString text = o[u"original"].toObject()[u"text"].toString();
        const QJsonObject results = o[u"results"].toObject();
        QCOMPARE(results.size(), kTasks);
        QCOMPARE(results[u"sentiment"].toObject()[u"label"].toString(),
                 herder::sim::Oracle::sentiment(text));
        QCOMPARE(results[u"intent"].toObject()[u"label"].toString(),
                 herder::sim::Oracle::intent(text, categories));
        for (auto it = results.begin(); it != results.end(); ++it) {
            const QJsonObject r = it.value().toObject();
            const QString model = r[u"model"].toString();
            QVERIFY(!model.isEmpty());
            QCOMPARE(r[u"cached"].toBool(), cached && copy);
            if (cached && copy) {
                QCOMPARE(r[u"cost_usd"].toDouble(), 0.0);
                QCOMPARE(r[u"input_tokens"].toInteger(), qint64(0));
                ++cachedByModel[model];
            } else {
                QVERIFY(r[u"cost_usd"].toDouble() > 0);
                if (!copy)
                    paidByModel[model] += r[u"cost_usd"].toDouble();
            }
        }
    }
    QCOMPARE(ids.size(), 2 * kUnique);

    // Per model: every copy hit, and what it saved is what its original paid.
    double saved = 0;
    for (const herder::metrics::ModelStats &m : last.models) {
        QCOMPARE(m.cache_hits, quint64(cachedByModel.value(m.model)));
        if (cached) {
            QCOMPARE(int(m.cache_hits), kUnique);
            const double paid = paidByModel.value(m.model);
            QVERIFY2(std::abs(m.cache_saved_usd - paid) <= 1e-9 * qMax(1.0, paid),
                     qPrintable(QStringLiteral("%1 saved %2, paid %3")
                                    .arg(m.model).arg(m.cache_saved_usd).arg(paid)));
        }
        saved += m.cache_saved_usd;
    }
    QVERIFY(std::abs(last.cache_saved_usd - saved) <= 1e-12);
    QCOMPARE(last.cache_saved_usd > 0, cached);
    const QJsonObject summary = last.toJson();
    QCOMPARE(summary[u"cache_hits"].toInteger(), qint64(last.cache_hits));
    QCOMPARE(TestKafka::committedSum(env.group, env.source, env.partitions),
             TestKafka::endOffsetSum(env.source, env.partitions));
}

QTEST_GUILESS_MAIN(TestCache)
#include "tst_cache.moc"
