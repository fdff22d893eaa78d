#include "control/limiter.h"

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
        return 1;
    }
    return 0;
}

void Limiter::enqueue(Start start, bool front)
{
    if (front)
        m_queue.push_front(std::move(start));
    else
        m_queue.push_back(std::move(start));
    pump();
}

void Limiter::release()
{
    --m_in_flight;
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
        Start start = std::move(m_queue.front());
        m_queue.pop_front();
        ++m_in_flight;
        start();
    }
    m_pumping = false;
}

} // namespace herder::control
