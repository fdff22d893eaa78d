#pragma once

#include <QByteArrayView>
#include <QNetworkReply>
#include <QString>

#include <chrono>
#include <optional>

namespace herder::llm {

/// Why one LLM call failed.
enum class FailureClass {
    Timeout,
    Connection,
    RateLimited,
    ServerError,
    InvalidOutput,
    InvalidRequest,
    ContextLength,
    ModelNotFound,
    Auth,
    QuotaExhausted,
    Tls, ///< the provider's certificate is not trusted: every call would fail the same way
    InvalidPayload,
    RetriesExhausted
};

/// What the pipeline does about a failure: retry the message, give up on it (DLQ), or stop
/// calling the provider because every message would fail the same way.
enum class Disposition { Retry, Permanent, Systemic };

/// One classified failure. Safe to log and to put into DLQ headers: no secrets.
struct Failure
{
    FailureClass cls = FailureClass::ServerError;
    int http_status = 0;  ///< 0 when no HTTP answer
    QString code;         ///< provider error code if any ("invalid_api_key", "insufficient_quota")
    QString message;      ///< short, one line, no secrets, <= 200 chars
    std::optional<std::chrono::milliseconds> retry_after;
};

/// The stable snake_case name: "timeout", "rate_limited", "context_length_exceeded", ...
QString className(FailureClass cls);
/// The inverse of className(); nullopt for an unknown name.
std::optional<FailureClass> failureClassFromName(QStringView name);
/// Retry: Timeout, Connection, RateLimited, ServerError, InvalidOutput. Systemic: Auth,
/// QuotaExhausted. Permanent: the rest.
Disposition disposition(FailureClass cls);
/// The provider refusing or failing for now, not the message: Timeout, Connection,
/// RateLimited, ServerError. Such failures hold messages during a storm instead of spending
/// their attempts.
bool transient(FailureClass cls);

/// Maps HTTP and network errors of chat-completions calls to failures.
class FailureClassifier
{
public:
    /// Classify an HTTP answer that is not 2xx (status first, then the body's error code):
    /// 408 timeout, 409 server error, 429 rate limit, 5xx server error -> retry; 429 (or any
    /// status) with code insufficient_quota, and 402 -> QuotaExhausted; 401/403, or an
    /// invalid-key code/message -> Auth; 400 -> InvalidRequest, or ContextLength when
    /// code/message says so (413 too); 404 or code model_not_found -> ModelNotFound; other
    /// 4xx -> InvalidRequest. Reads OpenAI {"error":{"message","type","code"}} and flat vLLM
    /// {"object":"error","message":...,"code":...} bodies; garbage bodies are fine.
    /// retry_after from `retry-after-ms` (ms) or else `Retry-After` (seconds or HTTP-date);
    /// pass empty views for absent headers.
    static Failure fromHttp(int http_status, QByteArrayView body, QByteArrayView retry_after_header,
                            QByteArrayView retry_after_ms_header);
    /// Network-level: timeout (\a timed_out: our timer aborted the reply, or TimeoutError) vs
    /// connection errors. Call fromHttp() instead whenever the reply carries an HTTP status.
    static Failure fromNetwork(QNetworkReply::NetworkError error, const QString &error_string,
                               bool timed_out);

    /// Parses the two retry headers (see fromHttp); nullopt when absent or unparsable.
    static std::optional<std::chrono::milliseconds>
    retryAfter(QByteArrayView retry_after_header, QByteArrayView retry_after_ms_header);
    /// One line, secrets (Bearer tokens, sk-... keys, api_key= values) redacted, <= 200 chars.
    static QString sanitize(const QString &text);
};

} // namespace herder::llm
