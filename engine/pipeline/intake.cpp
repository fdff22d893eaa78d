#include "pipeline/intake.h"

namespace herder::pipeline {
namespace {

// How long backpressure only stops polling before it pauses the partitions (see Backpressure):
// well above the tens of ms a full window takes to drain, well below any rebalance timeout.
constexpr int kBackpressureGraceMs = 500;

} // namespace

Intake::Intake(int max_inflight_messages, Hooks hooks, QObject *parent)
    : QObject(parent),
      m_max_inflight(max_inflight_messages),
      m_hooks(std::move(hooks)),
      m_backpressure(max_inflight_messages)
{
    m_backpressure_timer.setSingleShot(true);
    connect(&m_backpressure_timer, &QTimer::timeout, this,
            [this] { onBackpressure(m_backpressure.graceElapsed()); });
}

void Intake::start(kafka::Consumer *consumer)
{
    m_consumer = consumer;
    connect(consumer, &kafka::Consumer::messagesReady, this, &Intake::drain);
    // The queue may already hold events (the rebalance) from before the notifier existed.
    QTimer::singleShot(0, this, &Intake::drain);
}

void Intake::drain()
{
    m_drain_scheduled = false;
    if (!m_consumer || m_stopped)
        return;
    // Throttled: what librdkafka prefetched waits in its queue until there is room again.
    if (m_backpressure.state() == Backpressure::State::Throttled)
        return;
    // While paused, polling still serves rebalances; paused partitions deliver nothing.
    const int room = qMax(1, m_max_inflight - m_hooks.inflight());
    const int handed = m_consumer->poll(room, m_hooks.accept);
    inflightChanged();
    // The wake-up fires only when the queue turns non-empty: if we stopped early, come back.
    if (handed >= room && m_backpressure.open())
        scheduleDrain();
}

void Intake::scheduleDrain()
{
    if (m_drain_scheduled)
        return;
    m_drain_scheduled = true;
    QTimer::singleShot(0, this, &Intake::drain);
}

void Intake::setPaused(Reason reason, bool on)
{
    const unsigned before = m_paused;
    m_paused = on ? (m_paused | reason) : (m_paused & ~reason);
    if (!m_consumer || bool(before) == bool(m_paused))
        return;
    const QList<kafka::TopicPartition> assigned = m_hooks.assigned();
    if (m_paused) {
        m_consumer->pause(assigned);
    } else {
        m_consumer->resume(assigned);
        scheduleDrain();
    }
}

void Intake::assigned(const QList<kafka::TopicPartition> &partitions)
{
    if (m_paused)
        m_consumer->pause(partitions);
}

void Intake::inflightChanged()
{
    onBackpressure(m_backpressure.update(m_hooks.inflight()));
}

void Intake::onBackpressure(Backpressure::Action action)
{
    switch (action) {
    case Backpressure::Action::None:
        break;
    case Backpressure::Action::Throttle:
        m_backpressure_timer.start(kBackpressureGraceMs);
        break;
    case Backpressure::Action::Pause:
        setPaused(InflightFull, true);
        break;
    case Backpressure::Action::Resume:
        m_backpressure_timer.stop();
        if (m_paused & InflightFull)
            setPaused(InflightFull, false);
        else
            scheduleDrain();
        break;
    }
}

} // namespace herder::pipeline
