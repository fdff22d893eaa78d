#include "control/limiter.h"

#include <algorithm>

namespace herder::control {

Limiter::Limiter(int concurrency, double rate_per_s, QObject *parent)
    : QObject(parent), m_concurrency(qMax(1, concurrency)), m_bucket(rate_per_s)
{
    m_rate_timer.setSingleShot(true);
    m_rate_timer.setTimerType(Qt::PreciseTimer);
    connect(&m_rate_timer, &QTimer::timeout, this, &Limiter::pump);
    m_lane_timer.setSingleShot(true);
    m_lane_timer.setTimerType(Qt::PreciseTimer);
    connect(&m_lane_timer, &QTimer::timeout, this, &Limiter::pump);
}


void Limiter::setConcurrency(int concurrency)
{
    m_concurrency = qMax(1, concurrency);
    pump();
}

void Limiter::setRate(double rate_per_s)
{
    m_bucket.setRate(rate_per_s);
    pump();
}

void Limiter::setGate(Gate gate)
{
    // The probe does not wait for calls sent before (hung ones may take a timeout to end):
    // they do not count against it while they finish. The probe's own outcome moves the gate
    // on before its slot frees, so a release in probe mode is one of theirs.
    if (gate == Gate::Probe && m_gate != Gate::Probe)
        m_before_probe = m_in_flight;
    m_gate = gate;
    pump();
}

int Limiter::allowed() const
{
    switch (m_gate) {
    case Gate::Open:
        return m_concurrency;
    case Gate::Closed:
        return 0;
    case Gate::Probe:
        return 1 + m_before_probe;
    }
    return 0;
}

void Limiter::enqueue(Start start, bool front, bool suspect, int lane, qint64 tokens)
{
    if (front)
        m_queue.push_front({std::move(start), suspect, lane, tokens});
    else
        m_queue.push_back({std::move(start), suspect, lane, tokens});
    pump();
}

bool Limiter::laneHolds(const Queued &q, std::chrono::milliseconds &soonest)
{
    if (q.lane < 0 || !m_lanes)
        return false;
    const auto wait = m_lanes->wait(q.lane, q.tokens);
    if (wait <= std::chrono::milliseconds::zero())
        return false;
    soonest = std::min(soonest, wait);
    return true;
}

std::deque<Limiter::Queued>::iterator Limiter::next()
{
    // Without lanes' holds this is the front (or the first clean call) at once; a held
    // lane costs a walk past its calls, which is what holding it means.
    auto soonest = std::chrono::milliseconds::max();
    auto any = m_queue.end();
    for (auto it = m_queue.begin(); it != m_queue.end(); ++it) {
        if (laneHolds(*it, soonest))
            continue;
        if (m_gate != Gate::Probe || !it->suspect)
            return it;
        if (any == m_queue.end())
            any = it;
    }
    if (any == m_queue.end() && soonest != std::chrono::milliseconds::max()) {
        const int ms = int(std::min<qint64>(soonest.count(), 60000));
        if (!m_lane_timer.isActive() || m_lane_timer.remainingTime() > ms)
            m_lane_timer.start(ms);
    }
    return any;
}

void Limiter::release()
{
    --m_in_flight;
    if (m_gate == Gate::Probe && m_before_probe > 0)
        --m_before_probe;
    pump();
}

void Limiter::pump()
{
    // A started call may finish synchronously and call release() -> pump(); the outer loop
    // carries on instead of recursing.
    if (m_pumping)
        return;
    m_pumping = true;
    while (!m_queue.empty() && m_in_flight < allowed()) {
        const auto it = next();
        if (it == m_queue.end())
            break; // every queued call's lane holds; the lane timer pumps again
        const auto now = TokenBucket::Clock::now();
        if (!m_bucket.tryTake(now)) {
            const auto wait = m_bucket.timeUntilAvailable(now);
            const int wait_ms =
                int(std::chrono::ceil<std::chrono::milliseconds>(wait).count());
            if (!m_rate_timer.isActive())
                m_rate_timer.start(qMax(1, wait_ms));
            break;
        }
        Start start = std::move(it->start);
        if (it->lane >= 0 && m_lanes)
            m_lanes->started(it->lane, it->tokens);
        m_queue.erase(it);
        ++m_in_flight;
        start();
    }
    m_pumping = false;
}

} // namespace herder::control
