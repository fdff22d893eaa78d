#pragma once

#include <QtGlobal>

/// The ops API's routes and sizes, shared by OpsServer and OpsClient so the two cannot drift.
namespace herder::ops::api {

inline constexpr char kHealthz[] = "/healthz";
inline constexpr char kReadyz[] = "/readyz";
inline constexpr char kMetrics[] = "/metrics";
inline constexpr char kStatus[] = "/api/v1/status";
inline constexpr char kLimits[] = "/api/v1/limits";
inline constexpr char kPause[] = "/api/v1/pause";
inline constexpr char kResume[] = "/api/v1/resume";
inline constexpr char kDlq[] = "/api/v1/dlq";
inline constexpr char kDlqReplay[] = "/api/v1/dlq/replay";

/// The largest page GET /api/v1/dlq answers.
inline constexpr qsizetype kMaxDlqPage = 1000;

} // namespace herder::ops::api
