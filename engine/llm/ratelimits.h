#pragma once

#include <QByteArray>
#include <QByteArrayView>

#include <functional>

namespace herder::llm {

/// What one answer said about the provider's rate limits: OpenAI's x-ratelimit-* headers,
/// which Azure, Groq and gateways such as LiteLLM send too. Each figure is -1 when not said:
/// DeepSeek, vLLM and Ollama send none, Azure sends -1 when it does not know.
struct RateLimits
{
    qint64 limit_requests = -1;
    qint64 remaining_requests = -1;
    qint64 reset_requests_ms = -1; ///< until the request limit is whole again
    qint64 limit_tokens = -1;
    qint64 remaining_tokens = -1;
    qint64 reset_tokens_ms = -1;

    bool requestsKnown() const { return remaining_requests >= 0; }
    bool tokensKnown() const { return remaining_tokens >= 0; }
    bool any() const { return requestsKnown() || tokensKnown(); }

    /// \a header gives a reply header's value by its (lower-case) name, empty when absent.
    static RateLimits fromHeaders(const std::function<QByteArray(const QByteArray &)> &header);
    /// A count header: a non-negative integer, else -1 (absent, "-1", garbage).
    static qint64 count(QByteArrayView text);
    /// A reset header as milliseconds: Go's duration syntax as OpenAI sends it ("1s", "6m0s",
    /// "20ms", "1m30.5s", "250us"), or a bare number of seconds; -1 when unreadable.
    static qint64 durationMs(QByteArrayView text);

    bool operator==(const RateLimits &) const = default;
};

} // namespace herder::llm
