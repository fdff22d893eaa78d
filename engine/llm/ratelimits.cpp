#include "llm/ratelimits.h"

#include <cmath>

namespace herder::llm {

RateLimits RateLimits::fromHeaders(const std::function<QByteArray(const QByteArray &)> &header)
{
    RateLimits r;
    r.limit_requests = count(header(QByteArrayLiteral("x-ratelimit-limit-requests")));
    r.remaining_requests = count(header(QByteArrayLiteral("x-ratelimit-remaining-requests")));
    r.reset_requests_ms = durationMs(header(QByteArrayLiteral("x-ratelimit-reset-requests")));
    r.limit_tokens = count(header(QByteArrayLiteral("x-ratelimit-limit-tokens")));
    r.remaining_tokens = count(header(QByteArrayLiteral("x-ratelimit-remaining-tokens")));
    r.reset_tokens_ms = durationMs(header(QByteArrayLiteral("x-ratelimit-reset-tokens")));
    return r;
}

qint64 RateLimits::count(QByteArrayView text)
{
    bool ok = false;
    const qint64 value = text.trimmed().toLongLong(&ok);
    return ok && value >= 0 ? value : -1;
}

qint64 RateLimits::durationMs(QByteArrayView text)
{
    text = text.trimmed();
    if (text.isEmpty())
        return -1;
    bool bare = false;
    const double seconds = text.toDouble(&bare);
    if (bare)
        return seconds >= 0 && std::isfinite(seconds) ? qint64(std::ceil(seconds * 1000)) : -1;

    // Go's time.Duration::String(): number-unit pairs, largest unit first ("1h2m3.5s").
    double ms = 0;
    qsizetype i = 0;
    while (i < text.size()) {
        const qsizetype start = i;
        while (i < text.size() && ((text[i] >= '0' && text[i] <= '9') || text[i] == '.'))
            ++i;
        bool ok = false;
        const double number = text.sliced(start, i - start).toDouble(&ok);
        if (!ok)
            return -1;
        const qsizetype unit = i;
        while (i < text.size() && !((text[i] >= '0' && text[i] <= '9') || text[i] == '.'))
            ++i;
        const QByteArrayView name = text.sliced(unit, i - unit);
        double scale = 0;
        if (name == "h")
            scale = 3600e3;
        else if (name == "m")
            scale = 60e3;
        else if (name == "s")
            scale = 1e3;
        else if (name == "ms")
            scale = 1;
        else if (name == "us" || name == "\xc2\xb5s")
            scale = 1e-3;
        else if (name == "ns")
            scale = 1e-6;
        else
            return -1;
        ms += number * scale;
    }
    return qint64(std::ceil(ms));
}

} // namespace herder::llm
