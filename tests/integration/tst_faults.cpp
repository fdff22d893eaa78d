// Integration (b): transient faults (5% HTTP 500, 5% HTTP 429 with Retry-After) lose nothing
// and dead-letter nothing: every input ends as exactly one output record, retries go
// in-process first and then through the retry topic, a 429's Retry-After is honoured on both
// paths, and a message that keeps failing transiently reaches the DLQ only once its retry
// window ([limits] retry_window_s) is over, however few attempts that took.
#include "engineundertest.h"
#include "integrationenv.h"
#include "llm/taskspec.h"
#include "sim/oracle.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using herder::metrics::EngineSnapshot;

namespace {

constexpr int kRetryAfterMs = 1000; // the simulator's --retry-after-s 1
// Record timestamps and herder-not-before come from the same wall clock, a few ms apart.
constexpr qint64 kClockSlackMs = 20;

QString idOf(const QByteArray &json)
{
    return QJsonDocument::fromJson(json).object()[u"id"].toString();
}

QString errorClassOf(const QByteArray &last_error)
{
    return QString::fromUtf8(last_error.left(last_error.indexOf(':')));
}

struct Input
{
    QByteArray key, value, origin;
    QString text;
};

// The source topic read back, so each id's partition/offset (its herder-origin) is known.
QHash<QString, Input> readInputs(const QByteArray &topic, int count)
{
    QHash<QString, Input> byId;
    for (const TestKafka::Record &r : TestKafka::readAll(topic, count, 60000)) {
        const QJsonObject o = QJsonDocument::fromJson(r.value).object();
        byId.insert(o[u"id"].toString(),
                    {r.key, r.value,
                     topic + '/' + QByteArray::number(r.partition) + '/' + QByteArray::number(r.offset),
                     o[u"text"].toString()});
    }
    return byId;
}

qint64 committedSum(const IntegrationEnv &env, const QByteArray &topic)
{
    return TestKafka::committedSum(env.group, topic, env.partitions);
}

} // namespace

class TestFaults : public QObject
{
    Q_OBJECT
private slots:
    void transientFaultsLoseNothing();
    void rateLimitedCallsWaitForRetryAfter();
};

void TestFaults::transientFaultsLoseNothing()
{
    constexpr int kEvents = 2000;
    constexpr int kMaxAttempts = 8;
    constexpr int kRetryBaseMs = 50;
    IntegrationEnv env;
    QString error;
    QVERIFY2(env.setUp({QStringLiteral("--latency-ms"), QStringLiteral("20"),
                        QStringLiteral("--jitter-ms"), QStringLiteral("5"),
                        QStringLiteral("--rate-500"), QStringLiteral("0.05"),
                        QStringLiteral("--rate-429"), QStringLiteral("0.05"),
                        QStringLiteral("--retry-after-s"), QStringLiteral("1"),
                        QStringLiteral("--seed"), QStringLiteral("11")},
                       &error),
             qPrintable(error));
    QVERIFY2(TestKafka::produce(env.source, IntegrationEnv::events(kEvents, 4242), &error),
             qPrintable(error));
    const QHash<QString, Input> inputs = readInputs(env.source, kEvents);
    QCOMPARE(inputs.size(), kEvents);

    env.settings.concurrency = 64;
    env.settings.retry_base_ms = kRetryBaseMs;
    env.settings.max_attempts = kMaxAttempts;
    // One quick retry in process, then the retry topic: a message whose calls fail twice in a
    // row (~2% of them at a 10% fault rate) takes the retry topic, so this run surely uses it.
    env.settings.in_process_retries = 1;
    EngineUnderTest run(env.settings);
    const EngineSnapshot &last = run.last;
    QElapsedTimer clock;
    clock.start();
    run.start();
    QTRY_VERIFY_WITH_TIMEOUT((last.enriched + last.dead_lettered == quint64(kEvents) &&
                              last.inflight_messages == 0 && last.held_retries == 0) ||
                                 !run.failed.isEmpty(),
                             90000);
    QVERIFY2(run.failed.isEmpty(), qPrintable(run.failure()));
    qInfo("%d events settled in %.1f s: %llu enriched, %llu retried via topic, %llu dead-lettered",
          kEvents, double(clock.elapsed()) / 1000.0, last.enriched, last.retried,
          last.dead_lettered);
    QVERIFY(run.stop());
    QCOMPARE(last.consumed, quint64(kEvents));
    QCOMPARE(last.invalid, quint64(0));
    QCOMPARE(last.enriched + last.dead_lettered, quint64(kEvents));
    // Transient faults spend time, not attempts: none of these good events is dead-lettered,
    // though a 10% fault rate fails some of them more often than max_attempts would allow.
    QCOMPARE(last.dead_lettered, quint64(0));

    // The faults really happened, both kinds.
    const QJsonObject stats = env.sim.stats();
    QVERIFY(SimProcess::countWithStatus(stats, QStringLiteral("429")) > 0);
    QVERIFY(SimProcess::countWithStatus(stats, QStringLiteral("500")) > 0);

    // Exactly one output or DLQ record per input id: none lost, none twice.
    const QList<TestKafka::Record> outputs = TestKafka::readAll(env.output, int(last.enriched), 60000);
    const QList<TestKafka::Record> dlq = TestKafka::readAll(env.dlq, int(last.dead_lettered), 20000, 1000);
    QCOMPARE(outputs.size(), int(last.enriched));
    QCOMPARE(dlq.size(), int(last.dead_lettered));
    QCOMPARE(outputs.size() + dlq.size(), kEvents);
    const QStringList categories = herder::llm::TaskSpec::builtInIntent().labels;
    QSet<QString> seen;
    for (const auto &out : outputs) {
        const QJsonObject o = QJsonDocument::fromJson(out.value).object();
        const QString id = o[u"id"].toString();
        QVERIFY2(inputs.contains(id), qPrintable(id));
        QVERIFY2(!seen.contains(id), qPrintable(QStringLiteral("duplicate output for ") + id));
        seen.insert(id);
        // Retried tasks were answered in full, not patched together from failed calls.
        const QString text = inputs[id].text;
        const QJsonObject results = o[u"results"].toObject();
        QCOMPARE(results[u"sentiment"].toObject()[u"label"].toString(),
                 herder::sim::Oracle::sentiment(text));
        QCOMPARE(results[u"intent"].toObject()[u"label"].toString(),
                 herder::sim::Oracle::intent(text, categories));
    }
    for (const auto &d : dlq) {
        const QString id = idOf(d.value);
        QVERIFY2(inputs.contains(id), qPrintable(id));
        QVERIFY2(!seen.contains(id), qPrintable(QStringLiteral("DLQ and output (or DLQ twice) for ") + id));
        seen.insert(id);
        QCOMPARE(d.value, inputs[id].value); // the original bytes
        QCOMPARE(d.header("herder-error-class"), QByteArray("retries_exhausted"));
        QCOMPARE(d.header("herder-attempts").toInt(), kMaxAttempts);
        QCOMPARE(d.header("herder-origin"), inputs[id].origin);
    }
    QCOMPARE(seen.size(), kEvents);

    // The retry topic was used; each record is the original bytes plus the retry headers, and
    // its herder-not-before honours Retry-After when a 429 sent it there.
    const QList<TestKafka::Record> retries = TestKafka::readAll(env.retry, int(last.retried), 20000, 1000);
    QVERIFY(last.retried > 0);
    QCOMPARE(retries.size(), int(last.retried));
    int rateLimited = 0;
    for (const auto &r : retries) {
        const QString id = idOf(r.value);
        QVERIFY2(inputs.contains(id), qPrintable(id));
        QCOMPARE(r.value, inputs[id].value);
        QCOMPARE(r.key, inputs[id].key);
        QCOMPARE(r.header("herder-origin"), inputs[id].origin);
        bool ok = false;
        const int attempt = r.header("herder-attempt").toInt(&ok);
        QVERIFY2(ok && attempt >= 2, r.header("herder-attempt").constData());
        QCOMPARE(r.header("herder-transient-attempts").toInt(), attempt);
        QVERIFY(r.header("herder-transient-since").toLongLong() > 0);
        const qint64 notBefore = r.header("herder-not-before").toLongLong(&ok);
        QVERIFY2(ok, r.header("herder-not-before").constData());
        QVERIFY(r.timestamp_ms > 0);
        const qint64 wait = notBefore - r.timestamp_ms;
        const QString cls = errorClassOf(r.header("herder-last-error"));
        const QString detail = QStringLiteral("%1: attempt %2, last error '%3', not-before is %4 ms "
                                              "after the record's timestamp")
                                   .arg(id).arg(attempt)
                                   .arg(QString::fromUtf8(r.header("herder-last-error")))
                                   .arg(wait);
        if (cls == u"rate_limited") {
            ++rateLimited;
            QVERIFY2(wait >= kRetryAfterMs - kClockSlackMs, qPrintable(detail));
        } else {
            // No 429 in the deciding round: plain jittered backoff, within its ceiling.
            QVERIFY2(cls == u"server_error", qPrintable(detail));
            const qint64 ceiling = qint64(kRetryBaseMs) << (attempt - 1);
            QVERIFY2(wait >= -kClockSlackMs && wait <= ceiling + kClockSlackMs, qPrintable(detail));
        }
    }
    qInfo("%lld retry-topic records, %d of them after a 429", qint64(retries.size()), rateLimited);
    QVERIFY2(rateLimited > 0, "no 429 ever sent a message to the retry topic");

    // Everything is committed, on the source and on the retry topic.
    QCOMPARE(committedSum(env, env.source), TestKafka::endOffsetSum(env.source, env.partitions));
    QCOMPARE(committedSum(env, env.retry), TestKafka::endOffsetSum(env.retry, env.partitions));
}

// Every call is answered 429 with Retry-After: 2 s. One message, both tasks every round, one
// in-process retry per delivery, max_attempts 2 and a 5 s retry window: it is tried at about
// 0, 2 (in process), 4 (from the retry topic) and 6 s (in process), and only then, its window
// over, dead-lettered: four rounds where max_attempts alone would have allowed two.
//
// If the engine honours Retry-After, a message sends its next round no earlier than 2 s after
// the 429s came back, so (a) any stretch of time shorter than that holds at most one round,
// i.e. 2 requests at the simulator, and (b) first to last request spans at least 3 x 2 s. With
// only the configured backoff (base 50 ms) the in-process rounds would come within ~100 ms,
// failing both. Its eight failed calls stay below a storm's run (ten), so no storm hold does
// the waiting for the engine.
void TestFaults::rateLimitedCallsWaitForRetryAfter()
{
    constexpr int kEvents = 1;
    constexpr int kTasks = 2;
    constexpr int kRounds = 4;
    constexpr int kMaxAttempts = 2;
    constexpr int kRetryAfterLongMs = 2000;
    constexpr int kRetryWindowMs = 5000;
    constexpr int kWindowMs = 1800; // shorter than Retry-After with room for polling jitter
    IntegrationEnv env;
    QString error;
    QVERIFY2(env.setUp({QStringLiteral("--latency-ms"), QStringLiteral("20"),
                        QStringLiteral("--jitter-ms"), QStringLiteral("5"),
                        QStringLiteral("--tail-probability"), QStringLiteral("0"),
                        QStringLiteral("--retry-after-s"), QStringLiteral("2")},
                       &error),
             qPrintable(error));
    QVERIFY(env.sim.setConfig({{QStringLiteral("rate_429"), 1.0}}));
    QCOMPARE(env.sim.stats()[u"config"].toObject()[u"rate_429"].toDouble(), 1.0);
    QVERIFY2(TestKafka::produce(env.source, IntegrationEnv::events(kEvents, 99), &error),
             qPrintable(error));
    const QHash<QString, Input> inputs = readInputs(env.source, kEvents);
    QCOMPARE(inputs.size(), kEvents);

    env.settings.retry_base_ms = 50;
    env.settings.max_attempts = kMaxAttempts;
    env.settings.in_process_retries = 1;
    env.settings.retry_window_ms = kRetryWindowMs;
    EngineUnderTest run(env.settings);
    const EngineSnapshot &last = run.last;

    // The simulator's request count over time. `before` is read before asking and `after` once
    // answered, so the simulator's count is exact for some instant in [before, after].
    struct Sample
    {
        qint64 before, after, requests;
    };
    QList<Sample> samples;
    QElapsedTimer clock;
    clock.start();
    const auto sample = [&] {
        const qint64 before = clock.elapsed();
        const qint64 requests = env.sim.stats()[u"requests_total"].toInteger();
        samples.append({before, clock.elapsed(), requests});
        return true;
    };
    run.start();
    QTRY_VERIFY_WITH_TIMEOUT(sample() && ((last.dead_lettered == quint64(kEvents) &&
                                           last.inflight_messages == 0) ||
                                          !run.failed.isEmpty()),
                             60000);
    QVERIFY2(run.failed.isEmpty(), qPrintable(run.failure()));
    sample();
    QVERIFY(run.stop());

    // Exactly four rounds of both tasks, all answered 429.
    const QJsonObject stats = env.sim.stats();
    constexpr qint64 kAllRequests = qint64(kEvents) * kTasks * kRounds;
    QCOMPARE(stats[u"requests_total"].toInteger(), kAllRequests);
    QCOMPARE(SimProcess::countWithStatus(stats, QStringLiteral("429")), kAllRequests);

    // (a) No window shorter than Retry-After holds more than one round per message. The two
    // counts were taken at most samples[j].after - samples[i].before apart.
    for (qsizetype i = 0; i < samples.size(); ++i)
        for (qsizetype j = i + 1; j < samples.size() && samples[j].after - samples[i].before < kWindowMs; ++j)
            QVERIFY2(samples[j].requests - samples[i].requests <= kEvents * kTasks,
                     qPrintable(QStringLiteral("%1 requests within %2 ms (at %3 ms): Retry-After "
                                               "allows at most %4")
                                    .arg(samples[j].requests - samples[i].requests)
                                    .arg(samples[j].after - samples[i].before)
                                    .arg(samples[i].before)
                                    .arg(kEvents * kTasks)));
    // (b) From the last instant with no request yet to the first with all of them.
    qint64 noneYet = -1, allDone = -1;
    for (const Sample &s : samples) {
        if (s.requests == 0)
            noneYet = s.before;
        if (s.requests == kAllRequests && allDone < 0)
            allDone = s.after;
    }
    QVERIFY(noneYet >= 0 && allDone > noneYet);
    qInfo("%lld requests spread over <= %lld ms (%lld samples)", kAllRequests, allDone - noneYet,
          qint64(samples.size()));
    QVERIFY2(allDone - noneYet >= (kRounds - 1) * kRetryAfterLongMs,
             qPrintable(QStringLiteral("%1 rounds within %2 ms").arg(kRounds).arg(allDone - noneYet)));

    // The retry-topic hop waited Retry-After too.
    const QList<TestKafka::Record> retries = TestKafka::readAll(env.retry, kEvents, 20000, 1000);
    QCOMPARE(retries.size(), kEvents);
    for (const auto &r : retries) {
        const QString id = idOf(r.value);
        QVERIFY2(inputs.contains(id), qPrintable(id));
        QCOMPARE(r.value, inputs[id].value);
        QCOMPARE(r.header("herder-attempt"), QByteArray("2")); // max_attempts, yet retried
        QCOMPARE(r.header("herder-transient-attempts"), QByteArray("2"));
        QCOMPARE(r.header("herder-origin"), inputs[id].origin);
        QVERIFY(r.header("herder-last-error").startsWith("rate_limited: "));
        const qint64 wait = r.header("herder-not-before").toLongLong() - r.timestamp_ms;
        QVERIFY2(wait >= kRetryAfterLongMs - kClockSlackMs, qPrintable(QString::number(wait)));
    }
    // Then the DLQ, with the original bytes, once its retry window was over.
    const QList<TestKafka::Record> dlq = TestKafka::readAll(env.dlq, kEvents, 20000, 1000);
    QCOMPARE(dlq.size(), kEvents);
    QSet<QString> seen;
    for (const auto &d : dlq) {
        const QString id = idOf(d.value);
        QVERIFY2(inputs.contains(id) && !seen.contains(id), qPrintable(id));
        seen.insert(id);
        QCOMPARE(d.value, inputs[id].value);
        QCOMPARE(d.header("herder-error-class"), QByteArray("retries_exhausted"));
        QCOMPARE(d.header("herder-http-status"), QByteArray("429"));
        QCOMPARE(d.header("herder-attempts").toInt(), kRounds);
        QVERIFY2(d.header("herder-error").startsWith("rate_limited for ") &&
                     d.header("herder-error").contains("past the retry window"),
                 d.header("herder-error").constData());
    }
    QCOMPARE(TestKafka::endOffsetSum(env.output, env.partitions), qint64(0));
    QCOMPARE(committedSum(env, env.source), qint64(kEvents));
}

QTEST_GUILESS_MAIN(TestFaults)
#include "tst_faults.moc"
