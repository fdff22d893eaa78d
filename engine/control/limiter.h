#pragma once

#include "control/tokenbucket.h"

#include <QObject>
#include <QTimer>

#include <chrono>
#include <deque>
#include <functional>

namespace herder::control {

/// Starts queued LLM calls while fewer than the concurrency cap are in flight and the rate
/// limit has a token. Both limits change live. A gate lets the circuit breaker stop calls or
/// let exactly one probe through; the probe is the first queued call not marked suspect (one
/// carrying a record whose answers failed before), so a poison record cannot decide it. The
/// probe does not wait for calls sent before it (hung ones may take their timeout to end).
/// Calls may belong to lanes (one per model) that their own limits hold: a held lane's
/// calls wait while other lanes' calls go past them. Engine-thread only.
class Limiter : public QObject
{
    Q_OBJECT
public:
    enum class Gate { Open = 1, Closed, Probe };
    using Start = std::function<void()>;

    /// The limits of each lane: how long a call must wait, and that it went.
    class Lanes
    {
    public:
        virtual ~Lanes() = default;
        /// Zero: a call of \a lane needing \a tokens may go now.
        virtual std::chrono::milliseconds wait(int lane, qint64 tokens) = 0;
        virtual void started(int lane, qint64 tokens) = 0;
    };

    Limiter(int concurrency, double rate_per_s, QObject *parent = nullptr);

    void setConcurrency(int concurrency);
    void setRate(double rate_per_s);
    void setGate(Gate gate);
    /// Calls with a lane >= 0 ask \a lanes (which must outlive the limiter) before they go.
    void setLanes(Lanes *lanes) { m_lanes = lanes; }

    int concurrency() const { return m_concurrency; }
    double rate() const { return m_bucket.rate(); }
    Gate gate() const { return m_gate; }

    /// Queues a call; `start` runs when it may go and must be matched by one release().
    /// \a suspect: a probe only when nothing else is queued. \a lane: -1 for none, else the
    /// lane whose limits the call, estimated at \a tokens, must fit.
    void enqueue(Start start, bool front = false, bool suspect = false, int lane = -1,
                 qint64 tokens = 0);
    void release();
    int inFlight() const { return m_in_flight; }
    int queued() const { return int(m_queue.size()); }

private:
    struct Queued
    {
        Start start;
        bool suspect = false;
        int lane = -1;
        qint64 tokens = 0;
    };

    void pump();
    int allowed() const;
    /// The call to start next: the front one, or for a probe the first not suspect; of
    /// those whose lane lets them go. end() when none may: the lane timer is set then.
    std::deque<Queued>::iterator next();
    bool laneHolds(const Queued &q, std::chrono::milliseconds &soonest);

    int m_concurrency;
    TokenBucket m_bucket;
    Gate m_gate = Gate::Open;
    std::deque<Queued> m_queue;
    int m_in_flight = 0;
    int m_before_probe = 0; ///< probe mode: calls sent before it that are still in flight
    QTimer m_rate_timer;
    QTimer m_lane_timer;
    Lanes *m_lanes = nullptr;
    bool m_pumping = false;
};

} // namespace herder::control
