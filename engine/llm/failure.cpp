#include "llm/failure.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLocale>
#include <QRegularExpression>

#include <array>
#include <cmath>

namespace herder::llm {

using namespace Qt::StringLiterals;

namespace {

constexpr qsizetype kMaxMessage = 200;
constexpr double kMaxRetryAfterMs = 24.0 * 3600 * 1000; // a day: beyond that it is nonsense

struct ClassName
{
    FailureClass cls;
    QLatin1String name;
};

constexpr std::array<ClassName, 13> kClassNames{{
    {FailureClass::Timeout, QLatin1String("timeout")},
    {FailureClass::Connection, QLatin1String("connection")},
    {FailureClass::RateLimited, QLatin1String("rate_limited")},
    {FailureClass::ServerError, QLatin1String("server_error")},
    {FailureClass::InvalidOutput, QLatin1String("invalid_output")},
    {FailureClass::InvalidRequest, QLatin1String("invalid_request")},
    {FailureClass::ContextLength, QLatin1String("context_length_exceeded")},
    {FailureClass::ModelNotFound, QLatin1String("model_not_found")},
    {FailureClass::Auth, QLatin1String("auth")},
    {FailureClass::QuotaExhausted, QLatin1String("quota_exhausted")},
    {FailureClass::Tls, QLatin1String("tls")},
    {FailureClass::InvalidPayload, QLatin1String("invalid_payload")},
    {FailureClass::RetriesExhausted, QLatin1String("retries_exhausted")},
}};

struct ErrorBody
{
    QString message;
    QString code;
};

QString stringOf(const QJsonValue &value)
{
    return value.isString() ? value.toString() : QString();
}

// OpenAI {"error":{"message","type","code"}}, vLLM {"object":"error","message","type","code"},
// Google [{"error":{"code":400,"message","status"}}], proxies {"error":"..."} or {"detail":"..."}.
ErrorBody parseErrorBody(QByteArrayView body)
{
    ErrorBody out;
    const QJsonDocument doc =
        QJsonDocument::fromJson(QByteArray::fromRawData(body.data(), body.size()));
    QJsonObject obj = doc.object();
    if (doc.isArray() && !doc.array().isEmpty())
        obj = doc.array().first().toObject();
    if (obj.isEmpty())
        return out;

    const QJsonValue error = obj.value(u"error");
    QJsonObject source = obj;
    if (error.isObject())
        source = error.toObject();
    else if (error.isString())
        out.message = error.toString();
    if (out.message.isEmpty())
        out.message = stringOf(source.value(u"message"));
    if (out.message.isEmpty())
        out.message = stringOf(obj.value(u"detail"));
    // A string code is the useful one (vLLM and Google put the HTTP status number there).
    out.code = stringOf(source.value(u"code"));
    if (out.code.isEmpty())
        out.code = stringOf(source.value(u"type"));
    if (out.code.isEmpty())
        out.code = stringOf(source.value(u"status"));
    return out;
}

bool isQuotaCode(const QString &code)
{
    return code == u"insufficient_quota" || code == u"billing_hard_limit_reached"
           || code == u"billing_not_active" || code == u"insufficient_balance";
}

bool isAuthError(const QString &code, const QString &message)
{
    if (code == u"invalid_api_key" || code == u"invalid_authentication"
        || code == u"authentication_error" || code == u"unauthenticated")
        return true;
    // Some providers answer a bad key with a plain 400.
    return message.contains(u"api key not valid", Qt::CaseInsensitive)
           || message.contains(u"invalid api key", Qt::CaseInsensitive)
           || message.contains(u"incorrect api key", Qt::CaseInsensitive);
}

bool isContextLength(const QString &code, const QString &message)
{
    return code == u"context_length_exceeded"
           || message.contains(u"context_length_exceeded", Qt::CaseInsensitive)
           || message.contains(u"maximum context length", Qt::CaseInsensitive)
           || message.contains(u"context window", Qt::CaseInsensitive);
}

FailureClass classifyHttp(int status, const QString &code, const QString &message)
{
    if (status <= 0)
        return FailureClass::Connection;
    if (status == 401 || status == 403)
        return FailureClass::Auth;
    if (status == 402 || isQuotaCode(code))
        return FailureClass::QuotaExhausted;
    if (status == 408)
        return FailureClass::Timeout;
    if (status == 429)
        return FailureClass::RateLimited;
    if (status >= 500 || status < 400 || status == 409)
        return FailureClass::ServerError; // 409: a provider-side lock; others: retry, bounded
    if (isAuthError(code, message))
        return FailureClass::Auth;
    if (status == 404 || code == u"model_not_found")
        return FailureClass::ModelNotFound;
    if (status == 413 || isContextLength(code, message))
        return FailureClass::ContextLength;
    return FailureClass::InvalidRequest;
}

std::optional<std::chrono::milliseconds> fromMs(double ms)
{
    if (!std::isfinite(ms) || ms < 0)
        return std::nullopt;
    return std::chrono::milliseconds(std::llround(std::min(ms, kMaxRetryAfterMs)));
}

std::optional<double> parseNumber(QByteArrayView text)
{
    bool ok = false;
    const double value = QByteArray::fromRawData(text.data(), text.size()).toDouble(&ok);
    if (!ok)
        return std::nullopt;
    return value;
}

// HTTP-date (RFC 9110): IMF-fixdate, and the obsolete asctime form, always GMT.
QDateTime parseHttpDate(QByteArrayView text)
{
    const QString value = QString::fromLatin1(text).simplified();
    const QLocale c = QLocale::c(); // English day and month names whatever the user's locale
    QDateTime dt = c.toDateTime(value, u"ddd, dd MMM yyyy hh:mm:ss 'GMT'"_s);
    if (!dt.isValid())
        dt = c.toDateTime(value, u"ddd MMM d hh:mm:ss yyyy"_s);
    if (!dt.isValid())
        return QDateTime::fromString(value, Qt::RFC2822Date);
    return QDateTime(dt.date(), dt.time(), Qt::UTC);
}

} // namespace

QString className(FailureClass cls)
{
    for (const ClassName &entry : kClassNames) {
        if (entry.cls == cls)
            return entry.name;
    }
    return u"unknown"_s;
}

std::optional<FailureClass> failureClassFromName(QStringView name)
{
    for (const ClassName &entry : kClassNames) {
        if (name == entry.name)
            return entry.cls;
    }
    return std::nullopt;
}

Disposition disposition(FailureClass cls)
{
    switch (cls) {
    case FailureClass::Timeout:
    case FailureClass::Connection:
    case FailureClass::RateLimited:
    case FailureClass::ServerError:
    case FailureClass::InvalidOutput:
        return Disposition::Retry;
    case FailureClass::Auth:
    case FailureClass::QuotaExhausted:
    case FailureClass::Tls:
        return Disposition::Systemic;
    case FailureClass::InvalidRequest:
    case FailureClass::ContextLength:
    case FailureClass::ModelNotFound:
    case FailureClass::InvalidPayload:
    case FailureClass::RetriesExhausted:
        return Disposition::Permanent;
    }
    return Disposition::Permanent;
}

bool transient(FailureClass cls)
{
    return cls == FailureClass::Timeout || cls == FailureClass::Connection ||
           cls == FailureClass::RateLimited || cls == FailureClass::ServerError;
}

QString FailureClassifier::sanitize(const QString &text)
{
    // Error paths only, so regexes are affordable; static so they compile once.
    static const QRegularExpression bearer(u"(?i)\\b(bearer\\s+)\\S+"_s);
    static const QRegularExpression key(
        u"\\b(?:sk|pk|rk)-[A-Za-z0-9_\\-.*]{6,}|\\bAIza[0-9A-Za-z_\\-]{20,}"_s);
    static const QRegularExpression param(u"(?i)\\b((?:api[_-]?)?key=)[^&\\s\"']+"_s);

    QString out = text.left(4 * kMaxMessage); // bound the work on huge bodies
    for (QChar &ch : out) {
        if (ch.unicode() < 0x20 || ch.unicode() == 0x7f)
            ch = u' ';
    }
    out = out.simplified();
    out.replace(bearer, u"\\1[redacted]"_s);
    out.replace(key, u"[redacted]"_s);
    out.replace(param, u"\\1[redacted]"_s);
    if (out.size() > kMaxMessage)
        out = out.left(kMaxMessage - 3) + u"..."_s;
    return out;
}

std::optional<std::chrono::milliseconds>
FailureClassifier::retryAfter(QByteArrayView retry_after_header,
                              QByteArrayView retry_after_ms_header)
{
    const QByteArrayView ms = retry_after_ms_header.trimmed();
    if (!ms.isEmpty()) {
        if (const std::optional<double> value = parseNumber(ms)) {
            if (auto out = fromMs(*value))
                return out;
        }
    }
    const QByteArrayView header = retry_after_header.trimmed();
    if (header.isEmpty())
        return std::nullopt;
    if (const std::optional<double> seconds = parseNumber(header))
        return fromMs(*seconds * 1000.0);
    const QDateTime when = parseHttpDate(header);
    if (!when.isValid())
        return std::nullopt;
    // A date in the past means "now".
    return fromMs(double(std::max<qint64>(0, QDateTime::currentDateTimeUtc().msecsTo(when))));
}

Failure FailureClassifier::fromHttp(int http_status, QByteArrayView body,
                                    QByteArrayView retry_after_header,
                                    QByteArrayView retry_after_ms_header)
{
    const ErrorBody parsed = parseErrorBody(body);
    Failure failure;
    failure.http_status = http_status;
    failure.code = sanitize(parsed.code).left(64);
    failure.cls = classifyHttp(http_status, failure.code, parsed.message);
    failure.retry_after = retryAfter(retry_after_header, retry_after_ms_header);

    const QString status = u"HTTP "_s + QString::number(http_status);
    if (!parsed.message.trimmed().isEmpty()) {
        failure.message = sanitize(parsed.message);
    } else {
        // Not a JSON error: quote a text body, but not an HTML error page.
        const QByteArrayView text = body.trimmed();
        const bool quotable = !text.isEmpty() && !text.startsWith('<') && !text.startsWith('{')
                              && !text.startsWith('[');
        const QByteArrayView head = text.first(std::min<qsizetype>(text.size(), 4 * kMaxMessage));
        failure.message = quotable ? sanitize(status + u": "_s + QString::fromUtf8(head)) : status;
    }
    return failure;
}

Failure FailureClassifier::fromNetwork(QNetworkReply::NetworkError error,
                                       const QString &error_string, bool timed_out)
{
    Failure failure;
    failure.http_status = 0;
    if (timed_out || error == QNetworkReply::TimeoutError
        || error == QNetworkReply::ProxyTimeoutError) {
        failure.cls = FailureClass::Timeout;
        // After our own abort the reply says "Operation canceled": not worth repeating.
        failure.message = timed_out ? u"request timed out"_s : sanitize(error_string);
        if (failure.message.isEmpty())
            failure.message = u"request timed out"_s;
        return failure;
    }
    switch (error) {
    case QNetworkReply::AuthenticationRequiredError:
    case QNetworkReply::ContentAccessDenied:
    case QNetworkReply::ProxyAuthenticationRequiredError:
        failure.cls = FailureClass::Auth;
        break;
    case QNetworkReply::ContentNotFoundError:
        failure.cls = FailureClass::ModelNotFound;
        break;
    case QNetworkReply::SslHandshakeFailedError:
        // Verification stays on: an untrusted certificate needs the operator (llm/ca_file),
        // and retrying would only feed the DLQ.
        failure.cls = FailureClass::Tls;
        break;
    case QNetworkReply::ContentConflictError:
    case QNetworkReply::InternalServerError:
    case QNetworkReply::OperationNotImplementedError:
    case QNetworkReply::ServiceUnavailableError:
    case QNetworkReply::UnknownServerError:
        failure.cls = FailureClass::ServerError;
        break;
    case QNetworkReply::ContentOperationNotPermittedError:
    case QNetworkReply::ContentGoneError:
    case QNetworkReply::UnknownContentError:
    case QNetworkReply::ProtocolUnknownError:
    case QNetworkReply::ProtocolInvalidOperationError:
        failure.cls = FailureClass::InvalidRequest;
        break;
    default: // refused, closed, DNS, TLS, proxy, cancelled, protocol failure, unknown
        failure.cls = FailureClass::Connection;
        break;
    }
    failure.message = sanitize(error_string);
    if (failure.message.isEmpty())
        failure.message = u"network error "_s + QString::number(int(error));
    return failure;
}

} // namespace herder::llm
