#include "ops/limitsrequest.h"

#include "ops/jsonbody.h"

namespace herder::ops {

std::optional<LimitsRequest> LimitsRequest::parse(const QByteArray &body, QString *error)
{
    const auto object = JsonBody::object(body, error);
    if (!object)
        return std::nullopt;
    LimitsRequest request;
    for (auto it = object->begin(); it != object->end(); ++it) {
        if (it.key() == u"concurrency") {
            const auto n = JsonBody::integer(it.value(), 1, kMaxConcurrency);
            if (!n) {
                *error = QStringLiteral("concurrency must be an integer from 1 to %1")
                             .arg(kMaxConcurrency);
                return std::nullopt;
            }
            request.concurrency = int(*n);
        } else if (it.key() == u"rate_per_s") {
            const double r = it.value().toDouble(-1);
            if (!it.value().isDouble() || !(r >= 0 && r <= kMaxRate_per_s)) {
                *error = QStringLiteral("rate_per_s must be a number from 0 (unlimited) to %1")
                             .arg(kMaxRate_per_s);
                return std::nullopt;
            }
            request.rate_per_s = r;
        } else if (it.key() == u"mode") {
            request.mode = config::modeFromName(it.value().toString());
            if (!it.value().isString() || !request.mode) {
                *error = QStringLiteral("mode must be one of per-task, combined, batch");
                return std::nullopt;
            }
        } else if (it.key() == u"batch_size") {
            const auto n = JsonBody::integer(it.value(), 1, kMaxBatchSize);
            if (!n) {
                *error = QStringLiteral("batch_size must be an integer from 1 to %1")
                             .arg(kMaxBatchSize);
                return std::nullopt;
            }
            request.batch_size = int(*n);
        } else if (it.key() == u"budget_hourly_usd" || it.key() == u"budget_daily_usd") {
            const double usd = it.value().toDouble(-1);
            if (!it.value().isDouble() || !(usd >= 0 && usd <= 1e9)) {
                *error = QStringLiteral("%1 must be a number of dollars from 0 (no cap) to 1e9")
                             .arg(it.key());
                return std::nullopt;
            }
            (it.key() == u"budget_hourly_usd" ? request.budget_hourly_usd
                                              : request.budget_daily_usd) = usd;
        } else {
            *error = QStringLiteral("unknown field '%1' (allowed: concurrency, rate_per_s, mode, "
                                    "batch_size, budget_hourly_usd, budget_daily_usd)")
                         .arg(it.key());
            return std::nullopt;
        }
    }
    if (!request.concurrency && !request.rate_per_s && !request.mode && !request.batch_size &&
        !request.budget_hourly_usd && !request.budget_daily_usd) {
        *error = QStringLiteral("give concurrency, rate_per_s, mode, batch_size, "
                                "budget_hourly_usd or budget_daily_usd");
        return std::nullopt;
    }
    return request;
}

} // namespace herder::ops
