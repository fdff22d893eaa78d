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
    /// How much a lane had sent when a call went: an answer's figures cover that call and
    /// the ones before it.
    struct Mark
    {
        qint64 calls = 0;
        double tokens = 0;
    };
    struct Lane
    {
        QString model;
        HeaderQuota requests;
        HeaderQuota tokens;
        Mark sent;              ///< in all, this call's included once it started
        qint64 heard_calls = 0; ///< the mark of the latest call whose answer was heard
    };

    /// The lane of \a model, made on first use.
    int lane(const QString &model);
    Lane &at(int lane) { return m_lanes[size_t(lane)]; }
    const std::vector<Lane> &lanes() const { return m_lanes; }

    /// An answer to the call that went at \a mark said this; an older answer than one
    /// already heard says nothing new. \a remaining etc. as HeaderQuota::heard().
    void heard(int lane, const Mark &mark, qint64 remaining_requests, qint64 limit_requests,
               qint64 reset_requests_ms, qint64 remaining_tokens, qint64 limit_tokens,
               qint64 reset_tokens_ms);

    std::chrono::milliseconds wait(int lane, qint64 tokens) override;
    void started(int lane, qint64 tokens) override;

private:
    std::vector<Lane> m_lanes;
};

} // namespace herder::control
