#include "pipeline/backpressure.h"

#include <QtGlobal>

namespace herder::pipeline {

Backpressure::Backpressure(int high_water) : m_high(qMax(1, high_water)) {}

void Backpressure::setHighWater(int high_water)
{
    m_high = qMax(1, high_water);
}

Backpressure::Action Backpressure::update(int inflight)
{
    if (m_state == State::Open && inflight >= m_high) {
        m_state = State::Throttled;
        return Action::Throttle;
    }
    if (m_state != State::Open && inflight <= lowWater()) {
        m_state = State::Open;
        return Action::Resume;
    }
    return Action::None;
}

Backpressure::Action Backpressure::graceElapsed()
{
    if (m_state != State::Throttled)
        return Action::None;
    m_state = State::Paused;
    return Action::Pause;
}

} // namespace herder::pipeline
