#pragma once

#include "config/enginesettings.h"

#include <QByteArray>
#include <QString>

#include <optional>

namespace herder::ops {

/// The body of POST /api/v1/limits: {"concurrency": N, "rate_per_s": R, "mode": "batch",
/// "batch_size": B, "budget_hourly_usd": H, "budget_daily_usd": D}, each optional, in the
/// ranges the command line and the INI accept.
struct LimitsRequest
{
    static constexpr int kMaxConcurrency = 4096;
    static constexpr double kMaxRate_per_s = 1e6;
    static constexpr int kMaxBatchSize = 256;

    std::optional<int> concurrency;
    std::optional<double> rate_per_s; ///< 0: unlimited
    std::optional<config::ProcessingMode> mode;
    std::optional<int> batch_size;
    std::optional<double> budget_hourly_usd; ///< 0: no cap
    std::optional<double> budget_daily_usd;

    /// nullopt with *error when the body is malformed, out of range or names neither.
    static std::optional<LimitsRequest> parse(const QByteArray &body, QString *error);
};

} // namespace herder::ops
