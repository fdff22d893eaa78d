#pragma once

#include "sim/ratebucket.h"

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QString>

#include <chrono>
#include <utility>

namespace herder::sim {

// A provider's per-model requests-per-minute and tokens-per-minute limits, and the
// x-ratelimit-* headers OpenAI reports them with. OpenAI's rate-limit guide documents
//   x-ratelimit-limit-requests / -tokens      the limit (e.g. 60, 150000),
//   x-ratelimit-remaining-requests / -tokens  what is left before the limit is exhausted,
//   x-ratelimit-reset-requests / -tokens      "the time until the rate limit ... resets to its
//                                             initial state", i.e. until the bucket is full,
// with reset values like "1s", "6m0s", "12ms" (Go's time.Duration format). DeepSeek, vLLM and
// Ollama send none of them (`headers` off); the limits are enforced either way.
// A request is charged on admission and never refunded; a refused one is charged nothing.
class RateLimits
{
public:
    using Clock = RateBucket::Clock;
    using HeaderPairs = QList<std::pair<QByteArray, QByteArray>>;

    enum class Outcome { Admitted, RequestLimit, TokenLimit, TooLarge };

    struct Decision
    {
        Outcome outcome = Outcome::Admitted;
        QString message;           // the 429 message when refused
        HeaderPairs limitHeaders;  // x-ratelimit-*, when enabled
        HeaderPairs retryHeaders;  // Retry-After, retry-after-ms: on RequestLimit / TokenLimit
    };

    // 0 = no limit. A changed limit starts every model's bucket afresh, full.
    void configure(int rpm_limit, int tpm_limit, bool headers);

    // Admits one request for `model` costing `tokens` (TPM), or says why not.
    Decision admit(const QString &model, qint64 tokens, Clock::time_point now);
    // The x-ratelimit-* headers of `model` at `now` without charging anything (empty when
    // disabled or unlimited): for answers refused before the buckets are asked.
    HeaderPairs headers(const QString &model, Clock::time_point now);

    // `duration` (rounded up to whole milliseconds by the caller) the way Go's
    // time.Duration.String() prints it, as OpenAI's headers do: "0s", "12ms", "1.5s", "6m0s",
    // "1m30.5s", "1h0m0s".
    static QString formatDuration(std::chrono::milliseconds duration);

private:
    struct Buckets
    {
        RateBucket requests;
        RateBucket tokens;
    };

    Buckets &bucketsFor(const QString &model);

    int m_rpmLimit = 0;
    int m_tpmLimit = 0;
    bool m_headers = true;
    QHash<QString, Buckets> m_byModel;
};

} // namespace herder::sim
