#pragma once

#include "metrics/enginesnapshot.h"
#include "config/enginesettings.h"
#include "config/limits.h"
#include "control/adaptiveconcurrency.h"
#include "control/budgetguard.h"
#include "control/circuitbreaker.h"
#include "control/limiter.h"
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
    void enqueue(control::Limiter::Start call, bool front = false, bool suspect = false);
    void release();

    // How calls went.
    /// Every call's outcome, for adaptive concurrency; \a failure is that of the whole call.
    void recordCall(const llm::ChatResult &result, const std::optional<llm::Failure> &failure);
    /// The provider answered; \a usable: something in the answer could be used. An unusable
    /// answer for records already known to fail (\a known_records) is theirs, not the
    /// provider's: it counts towards the circuit at most once per record.
    void answered(bool usable, bool known_records = false);
    /// A failed call (not systemic): counts towards the circuit, except 429s while adaptive
    /// concurrency can still slow down.
    void callFailed(llm::FailureClass cls);
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

private:
    void applyCircuit(bool changed);
    void applyBudget();
    /// The limiter's gate follows both the circuit and the budget.
    void applyGate();
    void applyConcurrency();

    /// Only the knobs and settings the gate reads; kept up to date by the setters.
    config::EngineSettings m_settings;
    std::unique_ptr<control::Limiter> m_limiter;
    std::unique_ptr<control::AdaptiveConcurrency> m_adaptive;
    control::CircuitBreaker m_circuit;
    control::BudgetGuard m_budget;
    bool m_budget_reached = false;
    // Parented so they move with the gate's owner to the engine thread.
    QTimer m_cooldown_timer{this};
    QTimer m_budget_timer{this};
};

} // namespace herder::pipeline
