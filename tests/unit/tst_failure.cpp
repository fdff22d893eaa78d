#include "llm/failure.h"

#include <QDateTime>
#include <QLocale>
#include <QTest>

using namespace herder::llm;
using namespace Qt::StringLiterals;
using namespace std::chrono_literals;

Q_DECLARE_METATYPE(herder::llm::FailureClass)

namespace {

Failure http(int status, QByteArrayView body = {})
{
    return FailureClassifier::fromHttp(status, body, {}, {});
}

QByteArray httpDate(const QDateTime &utc)
{
    return QLocale::c().toString(utc.toUTC(), u"ddd, dd MMM yyyy hh:mm:ss 'GMT'"_s).toLatin1();
}

} // namespace

class TestFailure : public QObject
{
    Q_OBJECT

private slots:
    void namesAndDispositions()
    {
        const QList<std::pair<FailureClass, QString>> names{
            {FailureClass::Timeout, u"timeout"_s},
            {FailureClass::Connection, u"connection"_s},
            {FailureClass::RateLimited, u"rate_limited"_s},
            {FailureClass::ServerError, u"server_error"_s},
            {FailureClass::InvalidOutput, u"invalid_output"_s},
            {FailureClass::InvalidRequest, u"invalid_request"_s},
            {FailureClass::ContextLength, u"context_length_exceeded"_s},
            {FailureClass::ModelNotFound, u"model_not_found"_s},
            {FailureClass::Auth, u"auth"_s},
            {FailureClass::QuotaExhausted, u"quota_exhausted"_s},
            {FailureClass::InvalidPayload, u"invalid_payload"_s},
            {FailureClass::RetriesExhausted, u"retries_exhausted"_s},
        };
        for (const auto &[cls, name] : names) {
            QCOMPARE(className(cls), name);
            QCOMPARE(failureClassFromName(name), std::optional<FailureClass>(cls));
        }
        QVERIFY(!failureClassFromName(u"nope"));

        for (FailureClass cls : {FailureClass::Timeout, FailureClass::Connection,
                                 FailureClass::RateLimited, FailureClass::ServerError,
                                 FailureClass::InvalidOutput})
            QCOMPARE(disposition(cls), Disposition::Retry);
        for (FailureClass cls : {FailureClass::InvalidRequest, FailureClass::ContextLength,
                                 FailureClass::ModelNotFound, FailureClass::InvalidPayload,
                                 FailureClass::RetriesExhausted})
            QCOMPARE(disposition(cls), Disposition::Permanent);
        for (FailureClass cls : {FailureClass::Auth, FailureClass::QuotaExhausted})
            QCOMPARE(disposition(cls), Disposition::Systemic);
    }

    void httpStatus_data()
    {
        QTest::addColumn<int>("status");
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<FailureClass>("cls");
        QTest::addColumn<QString>("code");

        const QByteArray none;
        QTest::newRow("408") << 408 << none << FailureClass::Timeout << QString();
        QTest::newRow("409") << 409 << none << FailureClass::ServerError << QString();
        QTest::newRow("429 rate limit")
            << 429
            << QByteArray(R"({"error": {"message": "Rate limit reached for gpt-4o-mini on tokens per min: TPM", "type": "tokens", "param": null, "code": "rate_limit_exceeded"}})")
            << FailureClass::RateLimited << u"rate_limit_exceeded"_s;
        QTest::newRow("429 bare") << 429 << none << FailureClass::RateLimited << QString();
        QTest::newRow("429 quota")
            << 429
            << QByteArray(R"({"error": {"message": "You exceeded your current quota, please check your plan and billing details.", "type": "insufficient_quota", "param": null, "code": "insufficient_quota"}})")
            << FailureClass::QuotaExhausted << u"insufficient_quota"_s;
        QTest::newRow("429 quota type only")
            << 429 << QByteArray(R"({"error": {"message": "quota", "type": "insufficient_quota", "code": null}})")
            << FailureClass::QuotaExhausted << u"insufficient_quota"_s;
        QTest::newRow("402") << 402 << QByteArray(R"({"error": {"message": "Insufficient Balance"}})")
                             << FailureClass::QuotaExhausted << QString();
        QTest::newRow("500") << 500 << none << FailureClass::ServerError << QString();
        QTest::newRow("502 html") << 502 << QByteArray("<html><body>Bad Gateway</body></html>")
                                  << FailureClass::ServerError << QString();
        QTest::newRow("503") << 503 << QByteArray(R"({"error": {"message": "overloaded", "type": "server_error"}})")
                             << FailureClass::ServerError << u"server_error"_s;
        QTest::newRow("504") << 504 << none << FailureClass::ServerError << QString();
        QTest::newRow("401")
            << 401
            << QByteArray(R"({"error": {"message": "Incorrect API key provided: sk-proj-abcdefghijklmnop. You can find your API key in your account settings.", "type": "invalid_request_error", "param": null, "code": "invalid_api_key"}})")
            << FailureClass::Auth << u"invalid_api_key"_s;
        QTest::newRow("403") << 403 << none << FailureClass::Auth << QString();
        QTest::newRow("400 bad key (google)")
            << 400
            << QByteArray(R"([{"error": {"code": 400, "message": "API key not valid. Please pass a valid API key.", "status": "INVALID_ARGUMENT"}}])")
            << FailureClass::Auth << u"INVALID_ARGUMENT"_s;
        QTest::newRow("400")
            << 400
            << QByteArray(R"({"error": {"message": "Invalid value for 'temperature'", "type": "invalid_request_error", "param": "temperature", "code": null}})")
            << FailureClass::InvalidRequest << u"invalid_request_error"_s;
        QTest::newRow("400 context code")
            << 400
            << QByteArray(R"({"error": {"message": "This model's maximum context length is 128000 tokens.", "type": "invalid_request_error", "param": "messages", "code": "context_length_exceeded"}})")
            << FailureClass::ContextLength << u"context_length_exceeded"_s;
        QTest::newRow("400 context vllm")
            << 400
            << QByteArray(R"({"object": "error", "message": "This model's maximum context length is 4096 tokens. However, you requested 5000 tokens.", "type": "BadRequestError", "param": null, "code": 400})")
            << FailureClass::ContextLength << u"BadRequestError"_s;
        QTest::newRow("400 context in message")
            << 400 << QByteArray(R"({"message": "error: context_length_exceeded"})")
            << FailureClass::ContextLength << QString();
        QTest::newRow("413") << 413 << none << FailureClass::ContextLength << QString();
        QTest::newRow("404 openai")
            << 404
            << QByteArray(R"({"error": {"message": "The model `gpt-5x` does not exist or you do not have access to it.", "type": "invalid_request_error", "param": null, "code": "model_not_found"}})")
            << FailureClass::ModelNotFound << u"model_not_found"_s;
        QTest::newRow("404 vllm")
            << 404
            << QByteArray(R"({"object": "error", "message": "The model `x` does not exist.", "type": "NotFoundError", "param": null, "code": 404})")
            << FailureClass::ModelNotFound << u"NotFoundError"_s;
        QTest::newRow("404 bare") << 404 << QByteArray("Not Found") << FailureClass::ModelNotFound
                                  << QString();
        QTest::newRow("400 model_not_found")
            << 400 << QByteArray(R"({"error": {"message": "unknown model", "code": "model_not_found"}})")
            << FailureClass::ModelNotFound << u"model_not_found"_s;
        QTest::newRow("422") << 422 << QByteArray(R"({"detail": "field required"})")
                             << FailureClass::InvalidRequest << QString();
        QTest::newRow("418") << 418 << none << FailureClass::InvalidRequest << QString();
        QTest::newRow("302") << 302 << none << FailureClass::ServerError << QString();
        QTest::newRow("0") << 0 << none << FailureClass::Connection << QString();
        QTest::newRow("garbage 500") << 500 << QByteArray("\x00\xff\xfe{{{[[\"", 8)
                                     << FailureClass::ServerError << QString();
        QTest::newRow("garbage 400") << 400 << QByteArray("{\"error\": {\"message\": 12}")
                                     << FailureClass::InvalidRequest << QString();
        QTest::newRow("error string") << 400 << QByteArray(R"({"error": "bad things"})")
                                      << FailureClass::InvalidRequest << QString();
    }

    void httpStatus()
    {
        QFETCH(int, status);
        QFETCH(QByteArray, body);
        QFETCH(FailureClass, cls);
        QFETCH(QString, code);
        const Failure failure = http(status, body);
        QCOMPARE(className(failure.cls), className(cls));
        QCOMPARE(failure.http_status, status);
        QCOMPARE(failure.code, code);
        QVERIFY(!failure.message.isEmpty());
        QVERIFY(failure.message.size() <= 200);
        QVERIFY(!failure.message.contains(u'\n'));
        QVERIFY(!failure.retry_after);
    }

    void messages()
    {
        QCOMPARE(http(503, R"({"error": {"message": "Service overloaded"}})").message,
                 u"Service overloaded"_s);
        QCOMPARE(http(400, R"({"error": "bad things"})").message, u"bad things"_s);
        QCOMPARE(http(422, R"({"detail": "field required"})").message, u"field required"_s);
        QCOMPARE(http(502, "<html><body>Bad Gateway</body></html>").message, u"HTTP 502"_s);
        QCOMPARE(http(404, "Not Found\r\nmore").message, u"HTTP 404: Not Found more"_s);
        QCOMPARE(http(500).message, u"HTTP 500"_s);
        QCOMPARE(http(500, R"({"unrelated": true})").message, u"HTTP 500"_s);

        const QByteArray longBody =
            "{\"error\": {\"message\": \"" + QByteArray(1000, 'x') + "\"}}";
        const QString longMessage = http(400, longBody).message;
        QCOMPARE(longMessage.size(), 200);
        QVERIFY(longMessage.endsWith(u"..."_s));
    }

    void noSecretsInMessages()
    {
        const Failure key = http(401, R"({"error": {"message": "Incorrect API key provided: sk-proj-abcdefghijklmnop1234. See docs.", "code": "invalid_api_key"}})");
        QVERIFY2(!key.message.contains(u"abcdefghijklmnop"_s), qPrintable(key.message));
        QVERIFY(key.message.contains(u"[redacted]"_s));
        QVERIFY(key.message.startsWith(u"Incorrect API key provided: "_s));

        const Failure bearer = http(400, "echo: Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.secret");
        QVERIFY2(!bearer.message.contains(u"secret"_s), qPrintable(bearer.message));
        QVERIFY(bearer.message.contains(u"Bearer [redacted]"_s));

        const Failure google = http(400, R"({"error": {"message": "API key AIzaSyA1234567890abcdefghijklmnopq invalid"}})");
        QVERIFY2(!google.message.contains(u"AIza"_s), qPrintable(google.message));
        QCOMPARE(google.cls, FailureClass::InvalidRequest);

        const Failure param = FailureClassifier::fromNetwork(
            QNetworkReply::ConnectionRefusedError,
            u"Connection refused: https://x/v1?api_key=topsecret&b=1"_s, false);
        QVERIFY2(!param.message.contains(u"topsecret"_s), qPrintable(param.message));
    }

    void retryAfterSeconds()
    {
        Failure failure = FailureClassifier::fromHttp(429, {}, "7", {});
        QCOMPARE(failure.cls, FailureClass::RateLimited);
        QCOMPARE(failure.retry_after, std::optional(7000ms));
        failure = FailureClassifier::fromHttp(503, {}, " 0 ", {});
        QCOMPARE(failure.retry_after, std::optional(0ms));
        failure = FailureClassifier::fromHttp(429, {}, "1.5", {});
        QCOMPARE(failure.retry_after, std::optional(1500ms));
        failure = FailureClassifier::fromHttp(429, {}, "-3", {});
        QVERIFY(!failure.retry_after);
        failure = FailureClassifier::fromHttp(429, {}, "soon", {});
        QVERIFY(!failure.retry_after);
        failure = FailureClassifier::fromHttp(429, {}, "99999999999", {});
        QCOMPARE(failure.retry_after, std::optional(std::chrono::milliseconds(24h)));
    }

    void retryAfterMs()
    {
        Failure failure = FailureClassifier::fromHttp(429, {}, {}, "250");
        QCOMPARE(failure.retry_after, std::optional(250ms));
        // retry-after-ms is more precise and wins over Retry-After.
        failure = FailureClassifier::fromHttp(429, {}, "20", "1250.4");
        QCOMPARE(failure.retry_after, std::optional(1250ms));
        // A broken retry-after-ms falls back to Retry-After.
        failure = FailureClassifier::fromHttp(429, {}, "2", "abc");
        QCOMPARE(failure.retry_after, std::optional(2000ms));
    }

    void retryAfterHttpDate()
    {
        const QDateTime now = QDateTime::currentDateTimeUtc();
        Failure failure = FailureClassifier::fromHttp(503, {}, httpDate(now.addSecs(30)), {});
        QVERIFY(failure.retry_after);
        QVERIFY2(failure.retry_after->count() > 25'000 && failure.retry_after->count() <= 31'000,
                 qPrintable(QString::number(failure.retry_after->count())));
        // A date in the past: retry now.
        failure = FailureClassifier::fromHttp(503, {}, "Wed, 21 Oct 2015 07:28:00 GMT", {});
        QCOMPARE(failure.retry_after, std::optional(0ms));
        // The obsolete asctime form.
        const QByteArray asctime =
            QLocale::c().toString(now.addSecs(60), u"ddd MMM d hh:mm:ss yyyy"_s).toLatin1();
        failure = FailureClassifier::fromHttp(503, {}, asctime, {});
        QVERIFY2(failure.retry_after && failure.retry_after->count() > 55'000,
                 asctime.constData());
        failure = FailureClassifier::fromHttp(503, {}, "Wed, 99 Foo 2015 07:28:00 GMT", {});
        QVERIFY(!failure.retry_after);
    }

    void network_data()
    {
        QTest::addColumn<QNetworkReply::NetworkError>("error");
        QTest::addColumn<bool>("timedOut");
        QTest::addColumn<FailureClass>("cls");
        QTest::newRow("our timer") << QNetworkReply::OperationCanceledError << true
                                   << FailureClass::Timeout;
        QTest::newRow("timeout") << QNetworkReply::TimeoutError << false << FailureClass::Timeout;
        QTest::newRow("proxy timeout") << QNetworkReply::ProxyTimeoutError << false
                                       << FailureClass::Timeout;
        QTest::newRow("cancelled") << QNetworkReply::OperationCanceledError << false
                                   << FailureClass::Connection;
        QTest::newRow("refused") << QNetworkReply::ConnectionRefusedError << false
                                 << FailureClass::Connection;
        QTest::newRow("closed") << QNetworkReply::RemoteHostClosedError << false
                                << FailureClass::Connection;
        QTest::newRow("dns") << QNetworkReply::HostNotFoundError << false
                             << FailureClass::Connection;
        QTest::newRow("tls") << QNetworkReply::SslHandshakeFailedError << false
                             << FailureClass::Tls;
        QTest::newRow("temporary") << QNetworkReply::TemporaryNetworkFailureError << false
                                   << FailureClass::Connection;
        QTest::newRow("unknown") << QNetworkReply::UnknownNetworkError << false
                                 << FailureClass::Connection;
        QTest::newRow("auth") << QNetworkReply::AuthenticationRequiredError << false
                              << FailureClass::Auth;
        QTest::newRow("server") << QNetworkReply::ServiceUnavailableError << false
                                << FailureClass::ServerError;
        QTest::newRow("not found") << QNetworkReply::ContentNotFoundError << false
                                   << FailureClass::ModelNotFound;
        QTest::newRow("protocol") << QNetworkReply::ProtocolUnknownError << false
                                  << FailureClass::InvalidRequest;
    }

    void network()
    {
        QFETCH(QNetworkReply::NetworkError, error);
        QFETCH(bool, timedOut);
        QFETCH(FailureClass, cls);
        const Failure failure =
            FailureClassifier::fromNetwork(error, u"Some error\nstring"_s, timedOut);
        QCOMPARE(className(failure.cls), className(cls));
        QCOMPARE(failure.http_status, 0);
        QVERIFY(!failure.retry_after);
        QVERIFY(!failure.message.isEmpty());
        QVERIFY(!failure.message.contains(u'\n'));
        if (timedOut)
            QCOMPARE(failure.message, u"request timed out"_s);
        QVERIFY(!FailureClassifier::fromNetwork(error, {}, timedOut).message.isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestFailure)
#include "tst_failure.moc"
