#pragma once

#include "control/headerquota.h"
#include "control/limiter.h"

#include <QString>

#include <vector>

namespace herder::control {

/// The limiter's lanes: one per model, each with the request and token quotas its answers'
/// headers told. A model whose provider sends no headers never holds a call.
/// Engine-thread only.
class ModelQuotas : public Limiter::Lanes
{
public:
    struct Lane
    {
        QString model;
        HeaderQuota requests;
        HeaderQuota tokens;
    };

    /// The lane of \a model, made on first use.
    int lane(const QString &model);
    Lane &at(int lane) { return m_lanes[size_t(lane)]; }
    const std::vector<Lane> &lanes() const { return m_lanes; }

    std::chrono::milliseconds wait(int lane, qint64 tokens) override;
    void started(int lane, qint64 tokens) override;

private:
    std::vector<Lane> m_lanes;
};

} // namespace herder::control
