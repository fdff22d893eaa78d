#include "control/modelquotas.h"

#include <algorithm>

namespace herder::control {

int ModelQuotas::lane(const QString &model)
{
    // A handful of models: a walk beats a hash.
    for (size_t i = 0; i < m_lanes.size(); ++i)
        if (m_lanes[i].model == model)
            return int(i);
    m_lanes.push_back({model, {}, {}});
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
}

} // namespace herder::control
