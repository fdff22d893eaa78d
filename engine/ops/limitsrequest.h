#pragma once

#include <QByteArray>
#include <QString>

#include <optional>

namespace herder::ops {

/// The body of POST /api/v1/limits: {"concurrency": N, "rate_per_s": R}, either optional,
/// in the ranges the command line accepts.
struct LimitsRequest
{
    static constexpr int kMaxConcurrency = 4096;
    static constexpr double kMaxRate_per_s = 1e6;

    std::optional<int> concurrency;
    std::optional<double> rate_per_s; ///< 0: unlimited

    /// nullopt with *error when the body is malformed, out of range or names neither.
    static std::optional<LimitsRequest> parse(const QByteArray &body, QString *error);
};

} // namespace herder::ops
