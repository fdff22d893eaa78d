#pragma once

namespace herder::pipeline {

/// Decides when consumption stops for backpressure, in two steps. At the high-water mark of
/// messages in flight the engine first only stops polling: what librdkafka prefetched stays in
/// its queue (bounded by queued.max.messages.kbytes) and is there at once when room comes
/// back. Pausing the partitions makes librdkafka drop that prefetch and fetch it again after
/// the resume, which held batch mode to a few thousand messages/s, so the partitions are
/// paused only when the stop outlasts a grace period: a consumer that does not poll for long
/// misses rebalances and max.poll.interval.ms. Both steps end at the low-water mark, 3/4 of
/// the high one. Not thread-safe: the engine thread owns it.
class Backpressure
{
public:
    enum class State { Open = 1, Throttled, Paused };
    enum class Action {
        None = 1,
        Throttle, ///< stop polling and start the grace period
        Pause,    ///< the grace period is over: pause the partitions
        Resume    ///< poll again (and resume the partitions if they were paused)
    };

    explicit Backpressure(int high_water);

    void setHighWater(int high_water);
    int highWater() const { return m_high; }
    int lowWater() const { return m_high * 3 / 4; }

    /// The number of messages in flight changed (or the high-water mark did).
    Action update(int inflight);
    /// The grace period that began with Throttle is over.
    Action graceElapsed();

    State state() const { return m_state; }
    /// Whether polling should hand out messages now.
    bool open() const { return m_state == State::Open; }

private:
    int m_high;
    State m_state = State::Open;
};

} // namespace herder::pipeline
