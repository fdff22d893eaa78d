// RateLimits: OpenAI's x-ratelimit-* headers read into figures, durations in Go's syntax,
// and what providers that send nothing, or -1, or garbage, leave: unknown, never zero.
#include "llm/ratelimits.h"

#include <QHash>
#include <QTest>

using herder::llm::RateLimits;

class TestRateLimits : public QObject
{
    Q_OBJECT
private slots:
    void durations_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<qint64>("ms");
        QTest::newRow("seconds") << QByteArray("1s") << qint64(1000);
        QTest::newRow("minutes and zero seconds") << QByteArray("6m0s") << qint64(360000);
        QTest::newRow("milliseconds") << QByteArray("20ms") << qint64(20);
        QTest::newRow("fraction") << QByteArray("1m30.5s") << qint64(90500);
        QTest::newRow("hours") << QByteArray("1h2m3s") << qint64(3723000);
        QTest::newRow("microseconds round up") << QByteArray("250us") << qint64(1);
        QTest::newRow("micro sign") << QByteArray("1500\xc2\xb5s") << qint64(2);
        QTest::newRow("zero") << QByteArray("0s") << qint64(0);
        QTest::newRow("bare seconds") << QByteArray("2") << qint64(2000);
        QTest::newRow("bare fraction") << QByteArray(" 0.25 ") << qint64(250);
        QTest::newRow("empty") << QByteArray() << qint64(-1);
        QTest::newRow("unknown unit") << QByteArray("3d") << qint64(-1);
        QTest::newRow("no number") << QByteArray("ms") << qint64(-1);
        QTest::newRow("negative") << QByteArray("-1") << qint64(-1);
    }
    void durations()
    {
        QFETCH(QByteArray, text);
        QFETCH(qint64, ms);
        QCOMPARE(RateLimits::durationMs(text), ms);
    }

    void counts()
    {
        QCOMPARE(RateLimits::count("4999"), qint64(4999));
        QCOMPARE(RateLimits::count(" 0 "), qint64(0));
        QCOMPARE(RateLimits::count("-1"), qint64(-1)); // Azure: unknown
        QCOMPARE(RateLimits::count(""), qint64(-1));
        QCOMPARE(RateLimits::count("lots"), qint64(-1));
    }

    void openAiHeaders()
    {
        // As OpenAI sends them on a chat completion.
        const QHash<QByteArray, QByteArray> headers{
            {"x-ratelimit-limit-requests", "5000"},  {"x-ratelimit-limit-tokens", "160000"},
            {"x-ratelimit-remaining-requests", "4999"},
            {"x-ratelimit-remaining-tokens", "159976"},
            {"x-ratelimit-reset-requests", "12ms"}, {"x-ratelimit-reset-tokens", "6m0s"}};
        const RateLimits r =
            RateLimits::fromHeaders([&](const QByteArray &name) { return headers.value(name); });
        QCOMPARE(r.limit_requests, qint64(5000));
        QCOMPARE(r.remaining_requests, qint64(4999));
        QCOMPARE(r.reset_requests_ms, qint64(12));
        QCOMPARE(r.limit_tokens, qint64(160000));
        QCOMPARE(r.remaining_tokens, qint64(159976));
        QCOMPARE(r.reset_tokens_ms, qint64(360000));
        QVERIFY(r.requestsKnown() && r.tokensKnown() && r.any());
    }

    void gatewaySendsRemainingOnly()
    {
        // LiteLLM's proxy: remaining figures, nothing else.
        const QHash<QByteArray, QByteArray> headers{{"x-ratelimit-remaining-requests", "99"},
                                                    {"x-ratelimit-remaining-tokens", "-1"}};
        const RateLimits r =
            RateLimits::fromHeaders([&](const QByteArray &name) { return headers.value(name); });
        QCOMPARE(r.remaining_requests, qint64(99));
        QCOMPARE(r.limit_requests, qint64(-1));
        QCOMPARE(r.reset_requests_ms, qint64(-1));
        QVERIFY(r.requestsKnown());
        QVERIFY(!r.tokensKnown());
    }

    void noHeadersNoFigures()
    {
        // DeepSeek, vLLM, Ollama.
        const RateLimits r = RateLimits::fromHeaders([](const QByteArray &) { return QByteArray(); });
        QCOMPARE(r, RateLimits());
        QVERIFY(!r.any());
    }
};

QTEST_APPLESS_MAIN(TestRateLimits)
#include "tst_ratelimits.moc"
