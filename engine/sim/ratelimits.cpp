#include "sim/ratelimits.h"

#include <algorithm>
#include <cmath>

using namespace Qt::StringLiterals;

namespace herder::sim {

namespace {

using std::chrono::milliseconds;

// The organization OpenAI names in its rate-limit messages; clients only ever display it.
constexpr auto kOrganization = "org-herder-sim"_L1;

// Rounded up: a client that waits this long finds what it was told it would.
milliseconds ceilMs(RateBucket::Clock::duration duration)
{
    return std::chrono::ceil<milliseconds>(duration);
}

qint64 wholeLeft(const RateBucket &bucket, RateBucket::Clock::time_point now)
{
    return static_cast<qint64>(std::floor(bucket.available(now)));
}

void appendDimension(RateLimits::HeaderPairs &headers, QByteArrayView suffix,
                     const RateBucket &bucket, RateBucket::Clock::time_point now)
{
    headers.append({"x-ratelimit-limit-"_ba + suffix,
                    QByteArray::number(static_cast<qint64>(bucket.capacity()))});
    headers.append({"x-ratelimit-remaining-"_ba + suffix,
                    QByteArray::number(wholeLeft(bucket, now))});
    headers.append({"x-ratelimit-reset-"_ba + suffix,
                    RateLimits::formatDuration(ceilMs(bucket.timeUntilFull(now))).toLatin1()});
}

// OpenAI's wording, e.g. "Rate limit reached for gpt-4o-mini in organization org-x on requests
// per min (RPM): Limit 600, Used 600, Requested 1. Please try again in 100ms. Visit ...".
QString limitMessage(const QString &model, QLatin1StringView dimension, qint64 limit,
                     qint64 used, qint64 requested, milliseconds wait)
{
    return u"Rate limit reached for %1 in organization %2 on %3: Limit %4, Used %5, Requested "
           u"%6. Please try again in %7. Visit https://platform.openai.com/account/rate-limits "
           u"to learn more."_s
        .arg(model, kOrganization, dimension)
        .arg(limit)
        .arg(used)
        .arg(requested)
        .arg(RateLimits::formatDuration(wait));
}

RateLimits::HeaderPairs retryHeaders(milliseconds wait)
{
    const qint64 wait_ms = std::max<qint64>(1, wait.count());
    const qint64 wait_s = (wait_ms + 999) / 1000;
    return {{"Retry-After"_ba, QByteArray::number(wait_s)},
            {"retry-after-ms"_ba, QByteArray::number(wait_ms)}};
}

} // namespace

void RateLimits::configure(int rpm_limit, int tpm_limit, bool headers)
{
    if (rpm_limit != m_rpmLimit || tpm_limit != m_tpmLimit)
        m_byModel.clear();
    m_rpmLimit = rpm_limit;
    m_tpmLimit = tpm_limit;
    m_headers = headers;
}

RateLimits::Buckets &RateLimits::bucketsFor(const QString &model)
{
    auto it = m_byModel.find(model);
    if (it == m_byModel.end())
        it = m_byModel.insert(model, Buckets{RateBucket(m_rpmLimit), RateBucket(m_tpmLimit)});
    return *it;
}

RateLimits::HeaderPairs RateLimits::headers(const QString &model, Clock::time_point now)
{
    HeaderPairs result;
    if (!m_headers || (m_rpmLimit <= 0 && m_tpmLimit <= 0))
        return result;
    const Buckets &buckets = bucketsFor(model);
    if (buckets.requests.limited())
        appendDimension(result, "requests", buckets.requests, now);
    if (buckets.tokens.limited())
        appendDimension(result, "tokens", buckets.tokens, now);
    return result;
}

RateLimits::Decision RateLimits::admit(const QString &model, qint64 tokens, Clock::time_point now)
{
    Decision decision;
    Buckets &buckets = bucketsFor(model);
    const auto requested = static_cast<double>(tokens);

    // timeUntil() is zero for an unlimited bucket and for one that holds the cost.
    if (const auto wait_requests = buckets.requests.timeUntil(1.0, now);
        wait_requests > Clock::duration::zero()) {
        const milliseconds wait = ceilMs(wait_requests);
        decision.outcome = Outcome::RequestLimit;
        decision.message = limitMessage(model, "requests per min (RPM)"_L1, m_rpmLimit,
                                        m_rpmLimit - wholeLeft(buckets.requests, now), 1, wait);
        decision.retryHeaders = retryHeaders(wait);
    } else if (buckets.tokens.limited() && requested > buckets.tokens.capacity()) {
        // No wait helps: OpenAI answers "Request too large" and names no retry time.
        decision.outcome = Outcome::TooLarge;
        decision.message =
            u"Request too large for %1 in organization %2 on tokens per min (TPM): Limit %3, "
            u"Requested %4. The input or output tokens must be reduced in order to run "
            u"successfully. Visit https://platform.openai.com/account/rate-limits to learn "
            u"more."_s.arg(model, kOrganization)
                .arg(m_tpmLimit)
                .arg(tokens);
    } else if (const auto wait_tokens = buckets.tokens.timeUntil(requested, now);
               wait_tokens > Clock::duration::zero()) {
        const milliseconds wait = ceilMs(wait_tokens);
        decision.outcome = Outcome::TokenLimit;
        decision.message = limitMessage(model, "tokens per min (TPM)"_L1, m_tpmLimit,
                                        m_tpmLimit - wholeLeft(buckets.tokens, now), tokens, wait);
        decision.retryHeaders = retryHeaders(wait);
    } else {
        // Both checked before either is charged: a refused request costs nothing.
        buckets.requests.tryTake(1.0, now);
        buckets.tokens.tryTake(requested, now);
    }
    decision.limitHeaders = headers(model, now);
    return decision;
}

QString RateLimits::formatDuration(milliseconds duration)
{
    const qint64 total_ms = duration.count();
    if (total_ms <= 0)
        return u"0s"_s;
    if (total_ms < 1000)
        return QString::number(total_ms) + u"ms"_s;
    const qint64 hours = total_ms / 3'600'000;
    const qint64 minutes = total_ms / 60'000 % 60;
    const qint64 seconds = total_ms / 1000 % 60;
    const qint64 fraction_ms = total_ms % 1000;
    QString text;
    if (hours > 0)
        text += QString::number(hours) + u'h';
    if (hours > 0 || minutes > 0)
        text += QString::number(minutes) + u'm';
    text += QString::number(seconds);
    if (fraction_ms > 0) {
        QString digits = u"%1"_s.arg(fraction_ms, 3, 10, QChar(u'0'));
        while (digits.endsWith(u'0'))
            digits.chop(1);
        text += u'.' + digits;
    }
    return text + u's';
}

} // namespace herder::sim
