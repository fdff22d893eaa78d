#include "control/modelquotas.h"

#include <algorithm>

namespace herder::control {

int ModelQuotas::lane(const QString &model)
{
    // A handful of models: a walk beats a hash.
    for (size_t i = 0; i < m_lanes.size(); ++i)
        if (m_lanes[i].model == model)
            return int(i);
    Lane fresh;
    fresh.model = model;
    m_lanes.push_back(std::move(fresh));
    return int(m_lanes.size() - 1);
}

std::chrono::milliseconds ModelQuotas::wait(int lane, qint64 tokens)
{
    Lane &l = at(lane);
    if (!l.requests.known() && !l.tokens.known())
        return std::chrono::milliseconds::zero();
    const auto now = HeaderQuota::Clock::now();
    return std::max(l.requests.wait(1, now), l.tokens.wait(double(tokens), now));
}

void ModelQuotas::started(int lane, qint64 tokens)
{
    Lane &l = at(lane);
    l.requests.spend(1);
    l.tokens.spend(double(tokens));
    ++l.sent.calls;
    l.sent.tokens += double(tokens);
}

void ModelQuotas::heard(int lane, const Mark &mark, qint64 remaining_requests,
                        qint64 limit_requests, qint64 reset_requests_ms, qint64 remaining_tokens,
                        qint64 limit_tokens, qint64 reset_tokens_ms)
{
    Lane &l = at(lane);
    if (mark.calls < l.heard_calls)
        return; // answers overtake each other: this one is older than what we know
    l.heard_calls = mark.calls;
    const auto now = HeaderQuota::Clock::now();
    // A figure the answer did not give keeps what an earlier answer said of it.
    if (remaining_requests >= 0)
        l.requests.heard(remaining_requests, limit_requests, reset_requests_ms, now,
                         double(l.sent.calls - mark.calls));
    if (remaining_tokens >= 0)
        l.tokens.heard(remaining_tokens, limit_tokens, reset_tokens_ms, now,
                       l.sent.tokens - mark.tokens);
}

} // namespace herder::control
