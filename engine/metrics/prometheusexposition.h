#pragma once

#include "metrics/enginesnapshot.h"

#include <QByteArray>

namespace herder::metrics {

/// The headless engine's /metrics page: an EngineSnapshot as Prometheus text (format 0.0.4)
/// under the herder_* names the design fixes.
class PrometheusExposition
{
public:
    static constexpr const char *kContentType = "text/plain; version=0.0.4; charset=utf-8";

    static QByteArray render(const EngineSnapshot &snapshot);
};

} // namespace herder::metrics
