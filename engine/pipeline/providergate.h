#pragma once

#include "metrics/enginesnapshot.h"
#include "config/enginesettings.h"
#include "config/limits.h"
#include "control/adaptiveconcurrency.h"
#include "control/budgetguard.h"
#include "control/circuitbreaker.h"
#include "control/limiter.h"
#include "control/modelquotas.h"
#include "control/stormguard.h"
#include "llm/chatclient.h"
#include "llm/failure.h"

#include <QObject>
#include <QTimer>

#include <memory>
#include <optional>

namespace herder::pipeline {

/// Decides whether, and how many, calls may go to the provider: the limiter (concurrency and
/// rate), adaptive concurrency below the operator's cap, the circuit breaker with its
/// cool-down, and the budget guard with its window timer. It hears how each call went and
/// says when consumption must be held (circuit open, budget reached). Engine-thread only.
class ProviderGate : public QObject
{
    Q_OBJECT
public:
    explicit ProviderGate(const config::EngineSettings &settings, QObject *parent = nullptr);
    ~ProviderGate() override;

    /// Creates the limiter and adaptive concurrency; calls queue only after this.
    void start();
    bool started() const { return bool(m_limiter); }

    /// Queues a call; `call` runs when it may go and must be matched by one release().
    /// \a suspect: it carries a record whose answers failed before; never a half-open probe
    /// while other calls wait.
    /// \a lane: lane() of the call's model, whose rate limits (as its answers' headers say)
    /// the call, estimated at \a tokens, must fit; -1: none.
    void enqueue(control::Limiter::Start call, bool front = false, bool suspect = false,
                 int lane = -1, qint64 tokens = 0);
    int lane(const QString &model) { return m_quotas.lane(model); }
    /// What \a lane had sent, its starting call included: taken when a call goes out.
    control::ModelQuotas::Mark laneMark(int lane)
    {
        return lane >= 0 ? m_quotas.at(lane).sent : control::ModelQuotas::Mark{};
    }
    /// The answer to the call that went at \a mark said this about its model's limits.
    void heard(int lane, const control::ModelQuotas::Mark &mark, const llm::RateLimits &limits);
    void release();

    // How calls went.
    /// Every call's outcome, for adaptive concurrency; \a failure is that of the whole call.
    void recordCall(const llm::ChatResult &result, const std::optional<llm::Failure> &failure);
    /// The provider answered; \a usable: something in the answer could be used. An unusable
    /// answer for records already known to fail (\a known_records) is theirs, not the
    /// provider's: it counts towards the circuit at most once per record.
    void answered(bool usable, bool known_records = false);
    /// A failed call (not systemic). A transient one (429, 5xx, timeout, connection) never
    /// counts towards the circuit: a run of them is a storm, during which calls hold for
    /// the storm's hold and then go one at a time until one is answered. Others count
    /// towards the circuit.
    /// \a epoch: callEpoch() when the call went out. Only a call sent after the storm's
    /// last hold is its probe: the failures of older ones (a hung call timing out late) say
    /// nothing about whether the provider is back, and must not hold it again.
    void callFailed(llm::FailureClass cls, std::optional<std::chrono::milliseconds> retry_after,
                    quint64 epoch = kCurrentEpoch);
    static constexpr quint64 kCurrentEpoch = ~quint64(0);
    /// Counts the holds that ended; a call keeps the value it had when it went out.
    quint64 callEpoch() const { return m_epoch; }
    /// In a storm: calls that failed transiently wait in the queue rather than fail.
    bool storming() const { return m_storm.storming(); }
    /// Not the messages' fault (a dead key, an exhausted quota): the circuit opens.
    void systemicFailure(const QString &reason);
    void spend(double cost_usd);

    /// The operator's knobs (concurrency, rate, mode, budget caps; the fields set, in range).
    /// Adaptive "auto" follows the mode; a raised cap lifts a budget hold at once.
    void applyLimits(const config::Limits &limits);
    /// A new API key deserves a probe now rather than after the cool-down.
    void probeNow();

    // Read-back for snapshots.
    bool circuitOpen() const { return m_circuit.state() == control::CircuitBreaker::State::Open; }
    QString circuitReason() const { return m_circuit.reason(); }
    bool budgetReached() const { return m_budget_reached; }
    QString budgetReason();
    /// What the provider keeps failing with, since when, and when the next call goes.
    QString stormReason() const;
    bool adaptive() const { return m_settings.adaptiveConcurrency(); }
    /// The limiter's cap: the operator's, or the adaptive one below it.
    int effectiveConcurrency() const;
    int queued() const { return m_limiter ? m_limiter->queued() : 0; }

    /// Its share of the engine snapshot: queued calls, concurrency, adaptive, rate.
    void fill(metrics::EngineSnapshot &s) const;
signals:
    /// Consumption must pause (circuit opened) or may resume (closed again).
    void circuitHold(bool held);
    /// Consumption must pause (a budget cap reached) or may resume.
    void budgetHold(bool held);
    /// Consumption must pause (the provider storms) or may resume (it answered again).
    void stormHold(bool held);

private:
    void applyCircuit(bool changed);
    /// A storm began or got another failure: hold calls for the storm's hold.
    void holdForStorm();
    void applyBudget();
    /// The limiter's gate follows both the circuit and the budget.
    void applyGate();
    void applyConcurrency();

    /// Only the knobs and settings the gate reads; kept up to date by the setters.
    config::EngineSettings m_settings;
    control::ModelQuotas m_quotas; ///< before the limiter, which asks it
    std::unique_ptr<control::Limiter> m_limiter;
    std::unique_ptr<control::AdaptiveConcurrency> m_adaptive;
    control::CircuitBreaker m_circuit;
    control::StormGuard m_storm;
    control::BudgetGuard m_budget;
    bool m_budget_reached = false;
    // Parented so they move with the gate's owner to the engine thread.
    QTimer m_cooldown_timer{this};
    QTimer m_budget_timer{this};
    QTimer m_storm_timer{this}; ///< running: calls hold; stopped in a storm: one may go
    qint64 m_storm_since_ms = 0;
    quint64 m_epoch = 0;
    llm::FailureClass m_storm_class = llm::FailureClass::RateLimited; ///< its latest failure
};

} // namespace herder::pipeline
