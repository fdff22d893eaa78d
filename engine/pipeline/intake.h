#pragma once

#include "kafka/consumer.h"
#include "pipeline/backpressure.h"

#include <QObject>
#include <QTimer>

#include <functional>

namespace herder::pipeline {

/// When and how much the engine consumes: it polls the consumer on its wake-ups while the
/// messages in flight leave room, applies backpressure above the high-water mark, and pauses
/// the assigned partitions while any reason to hold consumption stands. Engine-thread only.
class Intake : public QObject
{
    Q_OBJECT
public:
    /// Why consumption is held; several can stand at once.
    enum Reason : unsigned {
        InflightFull = 1, Circuit = 2, Operator = 4, Stopping = 8, Budget = 16, Aborting = 32,
        Storm = 64
    };
    struct Hooks
    {
        std::function<int()> inflight;                           ///< messages in flight
        std::function<QList<kafka::TopicPartition>()> assigned; ///< the partitions to pause
        std::function<void(kafka::Message)> accept;           ///< one consumed message
    };

    Intake(int max_inflight_messages, Hooks hooks, QObject *parent = nullptr);

    /// Starts polling \a consumer (which outlives the intake's use of it).
    void start(kafka::Consumer *consumer);
    /// No more polls.
    void stop() { m_stopped = true; }

    void setPaused(Reason reason, bool on);
    bool paused() const { return m_paused != 0; }
    bool paused(Reason reason) const { return m_paused & reason; }
    /// Partitions just assigned start paused while consumption is held.
    void assigned(const QList<kafka::TopicPartition> &partitions);
    /// The number in flight changed: backpressure may throttle or resume.
    void inflightChanged();

private:
    void drain();
    void scheduleDrain();
    void onBackpressure(Backpressure::Action action);

    const int m_max_inflight;
    Hooks m_hooks;
    kafka::Consumer *m_consumer = nullptr;
    Backpressure m_backpressure;
    QTimer m_backpressure_timer{this};
    unsigned m_paused = 0;
    bool m_drain_scheduled = false;
    bool m_stopped = false;
};

} // namespace herder::pipeline
