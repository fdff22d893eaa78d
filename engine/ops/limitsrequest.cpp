#include "ops/limitsrequest.h"

#include "ops/jsonbody.h"

namespace herder::ops {

std::optional<config::Limits> LimitsRequest::parse(const QByteArray &body, QString *error)
{
    const auto object = JsonBody::object(body, error);
    if (!object)
        return std::nullopt;
    using config::Limits;
    Limits request;
    for (auto it = object->begin(); it != object->end(); ++it) {
        if (it.key() == u"concurrency") {
            const auto n = JsonBody::integer(it.value(), Limits::kConcurrency.min, Limits::kConcurrency.max);
            if (!n) {
                *error = QStringLiteral("concurrency must be an integer from %1 to %2")
                             .arg(Limits::kConcurrency.min)
                             .arg(Limits::kConcurrency.max);
                return std::nullopt;
            }
            request.concurrency = int(*n);
        } else if (it.key() == u"rate_per_s") {
            const double r = it.value().toDouble(-1);
            if (!it.value().isDouble() || !Limits::kRate_per_s.contains(r)) {
                *error = QStringLiteral("rate_per_s must be a number from 0 (unlimited) to %1")
                             .arg(Limits::kRate_per_s.max);
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
            const auto n = JsonBody::integer(it.value(), Limits::kBatchSize.min, Limits::kBatchSize.max);
            if (!n) {
                *error = QStringLiteral("batch_size must be an integer from %1 to %2")
                             .arg(Limits::kBatchSize.min)
                             .arg(Limits::kBatchSize.max);
                return std::nullopt;
            }
            request.batch_size = int(*n);
        } else if (it.key() == u"budget_hourly_usd" || it.key() == u"budget_daily_usd") {
            const double usd = it.value().toDouble(-1);
            if (!it.value().isDouble() || !Limits::kBudget_usd.contains(usd)) {
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
    if (request.isEmpty()) {
        *error = QStringLiteral("give concurrency, rate_per_s, mode, batch_size, "
                                "budget_hourly_usd or budget_daily_usd");
        return std::nullopt;
    }
    return request;
}

QJsonObject LimitsRequest::toJson(const config::Limits &limits)
{
    QJsonObject body;
    if (limits.concurrency)
        body.insert(QStringLiteral("concurrency"), *limits.concurrency);
    if (limits.rate_per_s)
        body.insert(QStringLiteral("rate_per_s"), *limits.rate_per_s);
    if (limits.mode)
        body.insert(QStringLiteral("mode"), config::modeName(*limits.mode));
    if (limits.batch_size)
        body.insert(QStringLiteral("batch_size"), *limits.batch_size);
    if (limits.budget_hourly_usd)
        body.insert(QStringLiteral("budget_hourly_usd"), *limits.budget_hourly_usd);
    if (limits.budget_daily_usd)
        body.insert(QStringLiteral("budget_daily_usd"), *limits.budget_daily_usd);
    return body;
}

} // namespace herder::ops
