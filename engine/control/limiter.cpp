#include "control/limiter.h"

#include <algorithm>

namespace herder::control {

Limiter::Limiter(int concurrency, double rate_per_s, QObject *parent)
    : QObject(parent), m_concurrency(qMax(1, concurrency)), m_bucket(rate_per_s)
{
    m_rate_timer.setSingleShot(true);
    m_rate_timer.setTimerType(Qt::PreciseTimer);
    connect(&m_rate_timer, &QTimer::timeout, this, &Limiter::pump);
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

void Limiter::enqueue(Start start, bool front, bool suspect)
{
    if (front)
        m_queue.push_front({std::move(start), suspect});
    else
        m_queue.push_back({std::move(start), suspect});
    pump();
}

std::deque<Limiter::Queued>::iterator Limiter::next()
{
    if (m_gate != Gate::Probe)
        return m_queue.begin();
    const auto clean = std::find_if(m_queue.begin(), m_queue.end(),
                                    [](const Queued &q) { return !q.suspect; });
    return clean != m_queue.end() ? clean : m_queue.begin();
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
        const auto now = TokenBucket::Clock::now();
        if (!m_bucket.tryTake(now)) {
            const auto wait = m_bucket.timeUntilAvailable(now);
            const int wait_ms =
                int(std::chrono::ceil<std::chrono::milliseconds>(wait).count());
            if (!m_rate_timer.isActive())
                m_rate_timer.start(qMax(1, wait_ms));
            break;
        }
        const auto it = next();
        Start start = std::move(it->start);
        m_queue.erase(it);
        ++m_in_flight;
        start();
    }
    m_pumping = false;
}

} // namespace herder::control
