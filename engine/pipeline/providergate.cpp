#include "pipeline/providergate.h"

#include "metrics/threadbusyclock.h"

#include <QDateTime>


#include "pipeline/pipelinelog.h"

namespace herder::pipeline {
namespace {

qint64 nowMs()
{
    return QDateTime::currentMSecsSinceEpoch();
}

} // namespace

ProviderGate::ProviderGate(const config::EngineSettings &settings, QObject *parent)
    : QObject(parent),
      m_settings(settings),
      m_budget(settings.budget_hourly_usd, settings.budget_daily_usd)
{
    m_cooldown_timer.setSingleShot(true);
    connect(&m_cooldown_timer, &QTimer::timeout, this,
            [this] { applyCircuit(m_circuit.onCooldownElapsed()); });
    m_budget_timer.setSingleShot(true);
    connect(&m_budget_timer, &QTimer::timeout, this, &ProviderGate::applyBudget);
    m_storm_timer.setSingleShot(true);
    connect(&m_storm_timer, &QTimer::timeout, this, [this] {
        ++m_epoch;
        applyGate();
    });
}

ProviderGate::~ProviderGate() = default;

void ProviderGate::start()
{
    m_limiter = std::make_unique<control::Limiter>(m_settings.concurrency, m_settings.rate_per_s);
    m_limiter->setLanes(&m_quotas);
    m_adaptive = std::make_unique<control::AdaptiveConcurrency>(
        m_settings.concurrency, control::AdaptiveConcurrency::Clock::now());
    applyConcurrency();
}

void ProviderGate::enqueue(control::Limiter::Start call, bool front, bool suspect, int lane,
                           qint64 tokens)
{
    m_limiter->enqueue(std::move(call), front, suspect, lane, tokens);
}

void ProviderGate::heard(int lane, const control::ModelQuotas::Mark &mark,
                         const llm::RateLimits &limits)
{
    if (lane < 0)
        return;
    m_quotas.heard(lane, mark, limits.remaining_requests, limits.limit_requests,
                   limits.reset_requests_ms, limits.remaining_tokens, limits.limit_tokens,
                   limits.reset_tokens_ms);
    // The call's release pumps the limiter next, seeing what this answer freed.
}

void ProviderGate::release()
{
    m_limiter->release();
}

void ProviderGate::recordCall(const llm::ChatResult &res, const std::optional<llm::Failure> &failure)
{
    if (!m_settings.adaptiveConcurrency())
        return;
    control::AdaptiveConcurrency::Outcome outcome;
    outcome.rate_limited = failure && failure->cls == llm::FailureClass::RateLimited;
    outcome.answered = res.http_status >= 200 && res.http_status < 300;
    outcome.latency_ms = res.latency_ms;
    outcome.engine_busy_ms = res.caller_busy_ms;
    // This call still holds its slot: every slot busy means the cap, not demand, held us.
    outcome.saturated =
        m_limiter->queued() > 0 || m_limiter->inFlight() >= m_limiter->concurrency();
    const int before = m_adaptive->limit();
    // The gate runs on the engine thread: this is how long that thread has been busy.
    if (!m_adaptive->record(outcome, control::AdaptiveConcurrency::Clock::now(),
                            metrics::ThreadBusyClock::now()))
        return;
    if (m_adaptive->limit() < before)
        qCInfo(lcPipeline, "adaptive concurrency %d -> %d (%s; engine thread busy %.0f%%)",
               before, m_adaptive->limit(), m_adaptive->lastDecrease(),
               100 * m_adaptive->lastEngineBusyShare());
    applyConcurrency();
}

void ProviderGate::answered(bool usable, bool known_records)
{
    // The provider answered: only an answer with nothing usable in it counts against it, and
    // only when it is about records new to failing.
    applyCircuit(usable ? m_circuit.onSuccess() : m_circuit.onUnusableAnswer(known_records));
    if (m_storm.onAnswered()) {
        qCInfo(lcPipeline, "provider answered again: storm over after %.1f s, resuming",
               double(nowMs() - m_storm_since_ms) / 1000);
        m_storm_timer.stop();
        applyGate();
        emit stormHold(false);
    }
}

void ProviderGate::callFailed(llm::FailureClass cls,
                              std::optional<std::chrono::milliseconds> retry_after, quint64 epoch)
{
    if (!llm::transient(cls)) {
        applyCircuit(m_circuit.onFailure());
        return;
    }
    // A storm is the provider's weather, not its death: it holds calls and consumption but
    // never opens the circuit, and the messages in it wait instead of spending attempts.
    const bool began = m_storm.onTransient(retry_after);
    if (!m_storm.storming())
        return;
    m_storm_class = cls;
    if (began) {
        m_storm_since_ms = nowMs();
        qCWarning(lcPipeline, "provider storm: a run of transient failures (the last %s); "
                              "holding calls, consumption paused",
                  qPrintable(llm::className(cls)));
        holdForStorm();
        emit stormHold(true);
    } else if (!m_storm_timer.isActive() && (epoch == kCurrentEpoch || epoch == m_epoch)) {
        // After the hold only the probe goes: it failed too.
        m_storm.probeFailed();
        holdForStorm();
    }
}

void ProviderGate::holdForStorm()
{
    m_storm_timer.start(int(m_storm.hold().count()));
    applyGate();
}

void ProviderGate::systemicFailure(const QString &reason)
{
    applyCircuit(m_circuit.onSystemic(reason));
}

void ProviderGate::spend(double cost_usd)
{
    m_budget.spend(cost_usd, nowMs());
    if (!m_budget_reached && m_budget.exhausted(nowMs()))
        applyBudget();
}

void ProviderGate::applyLimits(const config::Limits &limits)
{
    limits.applyTo(m_settings);
    if (limits.concurrency && m_adaptive)
        m_adaptive->setCap(m_settings.concurrency);
    if (limits.rate_per_s && m_limiter)
        m_limiter->setRate(m_settings.rate_per_s);
    if (limits.concurrency || limits.mode)
        applyConcurrency();
    if (limits.budget_hourly_usd || limits.budget_daily_usd) {
        m_budget.setCaps(m_settings.budget_hourly_usd, m_settings.budget_daily_usd);
        applyBudget();
    }
}

void ProviderGate::probeNow()
{
    if (circuitOpen())
        applyCircuit(m_circuit.onCooldownElapsed());
}

QString ProviderGate::stormReason() const
{
    if (!m_storm.storming())
        return {};
    const qint64 next_ms = m_storm_timer.isActive() ? m_storm_timer.remainingTime() : 0;
    return QStringLiteral("%1 since %2 s; next try in %3 s")
        .arg(llm::className(m_storm_class))
        .arg((nowMs() - m_storm_since_ms) / 1000)
        .arg(double(next_ms) / 1000, 0, 'f', 1);
}

QString ProviderGate::budgetReason()
{
    return m_budget.reason(nowMs());
}

int ProviderGate::effectiveConcurrency() const
{
    return m_limiter ? m_limiter->concurrency() : m_settings.concurrency;
}

void ProviderGate::applyConcurrency()
{
    if (m_limiter && m_adaptive)
        m_limiter->setConcurrency(m_settings.adaptiveConcurrency() ? m_adaptive->limit()
                                                                   : m_settings.concurrency);
}

void ProviderGate::applyCircuit(bool changed)
{
    if (!changed)
        return;
    switch (m_circuit.state()) {
    case control::CircuitBreaker::State::Open:
        qCWarning(lcPipeline, "circuit open: %s; consumption paused", qPrintable(m_circuit.reason()));
        applyGate();
        emit circuitHold(true);
        m_cooldown_timer.start(m_settings.circuit_cooldown_ms);
        break;
    case control::CircuitBreaker::State::HalfOpen:
        qCInfo(lcPipeline, "circuit half-open: sending one probe");
        applyGate();
        break;
    case control::CircuitBreaker::State::Closed:
        qCInfo(lcPipeline, "circuit closed: resuming");
        m_cooldown_timer.stop();
        applyGate();
        emit circuitHold(false);
        break;
    }
}

void ProviderGate::applyBudget()
{
    const qint64 now = nowMs();
    const bool reached = m_budget.exhausted(now);
    if (reached != m_budget_reached) {
        if (reached)
            qCWarning(lcPipeline, "%s; consumption paused", qPrintable(m_budget.reason(now)));
        else
            qCInfo(lcPipeline, "budget available again: resuming");
        m_budget_reached = reached;
        emit budgetHold(reached);
        applyGate();
    }
    if (reached)
        m_budget_timer.start(int(qMin<qint64>(m_budget.msUntilRelief(now) + 1, 60 * 1000)));
    else
        m_budget_timer.stop();
}

void ProviderGate::applyGate()
{
    if (!m_limiter)
        return;
    using Gate = control::Limiter::Gate;
    if (m_storm.storming() && m_circuit.state() == control::CircuitBreaker::State::Closed) {
        // Held while the hold runs, then one call at a time until one is answered.
        m_limiter->setGate(m_budget_reached || m_storm_timer.isActive() ? Gate::Closed
                                                                        : Gate::Probe);
        return;
    }
    switch (m_circuit.state()) {
    case control::CircuitBreaker::State::Open:
        m_limiter->setGate(Gate::Closed);
        break;
    case control::CircuitBreaker::State::HalfOpen:
        m_limiter->setGate(m_budget_reached ? Gate::Closed : Gate::Probe);
        break;
    case control::CircuitBreaker::State::Closed:
        m_limiter->setGate(m_budget_reached ? Gate::Closed : Gate::Open);
        break;
    }
}

void ProviderGate::fill(metrics::EngineSnapshot &s) const
{
    s.queued_requests = queued();
    s.concurrency_cap = m_settings.concurrency;
    s.effective_concurrency = effectiveConcurrency();
    s.adaptive = adaptive();
    s.rate_limit_per_s = m_settings.rate_per_s;
    s.budget_hourly_usd = m_settings.budget_hourly_usd;
    s.budget_daily_usd = m_settings.budget_daily_usd;
}

} // namespace herder::pipeline
