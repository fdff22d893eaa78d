#pragma once

#include "config/limits.h"

#include <QByteArray>
#include <QJsonObject>
#include <QString>

#include <optional>

namespace herder::ops {

/// The body of POST /api/v1/limits: {"concurrency": N, "rate_per_s": R, "mode": "batch",
/// "batch_size": B, "budget_hourly_usd": H, "budget_daily_usd": D}, each optional, in the
/// ranges config::Limits gives (those the command line and the INI accept).
class LimitsRequest
{
public:
    /// nullopt with *error when the body is malformed, out of range or names no field.
    static std::optional<config::Limits> parse(const QByteArray &body, QString *error);
    /// The fields `limits` sets, as parse() reads them.
    static QJsonObject toJson(const config::Limits &limits);
};

} // namespace herder::ops
