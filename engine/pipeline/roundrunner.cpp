#include "pipeline/roundrunner.h"

#include "llm/answerparser.h"
#include "llm/failure.h"
#include "pipeline/pipelinelog.h"

#include <QDateTime>
#include <QSslCertificate>
#include <QTimer>

#include <algorithm>

namespace herder::pipeline {
namespace {

// A server asking us to wait longer than this is better served from the retry topic than by
// holding the message in memory.
constexpr qint64 kMaxInProcessWaitMs = 5000;
// How long the first message of a partial batch waits for company. Short against an LLM call
// (tens of ms and up), long enough for a poll's worth of messages to arrive together.
constexpr int kBatchLingerMs = 5;

// Wall-clock: a message's retry window travels with it through the retry topic.
qint64 nowMs()
{
    return QDateTime::currentMSecsSinceEpoch();
}

} // namespace

RoundRunner::RoundRunner(const config::EngineSettings &settings, ProviderGate &gate,
                         metrics::EngineMetrics &metrics, Ended ended, QObject *parent)
    : QObject(parent),
      m_settings(settings),
      m_gate(gate),
      m_metrics(metrics),
      m_ended(std::move(ended)),
      m_backoff(std::chrono::milliseconds(settings.retry_base_ms),
                std::chrono::milliseconds(settings.retry_cap_ms)),
      m_prompts(settings.tasks, settings.combined_model),
      m_cache(settings.cache_max_entries, std::chrono::milliseconds(settings.cache_ttl_ms)),
      m_planner(int(settings.tasks.size()), settings.mode, settings.batch_size, kBatchLingerMs,
                [this](llm::PromptKind kind, QList<Work *> works, QList<int> tasks) {
                    send(kind, std::move(works), std::move(tasks));
                },
                this)
{
}

RoundRunner::~RoundRunner() = default;

void RoundRunner::start()
{
    m_client = std::make_unique<llm::ChatClient>(m_settings.base_url, m_settings.api_key,
                                                 m_settings.timeout_ms);
    m_client->setConcurrency(m_settings.concurrency);
    if (!m_settings.ca_file.isEmpty())
        m_client->addCaCertificates(QSslCertificate::fromPath(m_settings.ca_file, QSsl::Pem));
}

void RoundRunner::abortCalls()
{
    m_client.reset();
}

void RoundRunner::run(Work *w)
{
    w->results.resize(m_settings.tasks.size());
    if (m_cache.enabled() && takeCached(w)) {
        m_ended(w, End::Output);
        return;
    }
    startRound(w);
}

std::chrono::milliseconds RoundRunner::retryDelay(const Work &w)
{
    return m_backoff.delay(w.attempts, w.failure->retry_after);
}

bool RoundRunner::takeCached(Work *w)
{
    w->text_digest = llm::ResponseCache::digest(w->event.text);
    // The model the call would go to: per-task calls use the task's, the others the combined.
    const llm::PromptKind kind = mode() == config::ProcessingMode::PerTask
                                     ? llm::PromptKind::Single
                                     : llm::PromptKind::Combined;
    const auto now = llm::ResponseCache::Clock::now();
    bool all = true;
    for (int i = 0; i < int(w->results.size()); ++i) {
        const QString model = m_prompts.model(i, kind);
        const llm::ResponseCache::Entry *hit =
            m_cache.lookup({model, m_prompts.taskVersion(i), w->text_digest}, now);
        if (!hit) {
            ++m_metrics.cache_misses;
            all = false;
            continue;
        }
        TaskResult &result = w->results[i];
        result.done = true;
        result.answer = hit->answer;
        result.model = model;
        result.cached = true;
        ++m_metrics.cache_hits;
        m_metrics.cache_saved_usd += hit->cost_usd;
        metrics::EngineMetrics::Model &stats = m_metrics.model(model);
        ++stats.cache_hits;
        stats.cache_saved_usd += hit->cost_usd;
    }
    return all;
}

void RoundRunner::remember(const QString &model, int task, const Work &w, const TaskResult &result)
{
    if (m_cache.enabled())
        m_cache.insert({model, m_prompts.taskVersion(task), w.text_digest},
                       {result.answer, result.cost_usd}, llm::ResponseCache::Clock::now());
}

void RoundRunner::startRound(Work *w)
{
    w->stage = Work::Stage::Calling;
    w->failure.reset();
    m_planner.plan(w);
}

void RoundRunner::send(llm::PromptKind kind, QList<Work *> works, QList<int> tasks)
{
    auto r = std::make_shared<LlmRequest>();
    r->kind = kind;
    r->works = std::move(works);
    r->tasks = std::move(tasks);
    enqueue(r, false);
}

void RoundRunner::requeue(const std::shared_ptr<LlmRequest> &r)
{
    enqueue(r, true);
}

void RoundRunner::enqueue(const std::shared_ptr<LlmRequest> &r, bool front)
{
    r->lane = m_gate.lane(m_prompts.model(*r));
    r->estimated_tokens = m_prompts.estimatedTokens(*r);
    m_gate.enqueue([this, r] { call(r); }, front, suspect(*r), r->lane, r->estimated_tokens);
}

bool RoundRunner::windowOver(const Work &w, qint64 now_ms) const
{
    return w.transient_since_ms > 0 && now_ms - w.transient_since_ms >= m_settings.retry_window_ms;
}

bool RoundRunner::suspect(const LlmRequest &r)
{
    return std::any_of(r.works.cbegin(), r.works.cend(),
                       [](const Work *w) { return w->unusable_answers > 0; });
}

void RoundRunner::call(const std::shared_ptr<LlmRequest> &r)
{
    // Whatever was cancelled while the call waited for its turn stays out of it.
    for (qsizetype i = r->works.size() - 1; i >= 0; --i) {
        Work *w = r->works[i];
        if (!w->cancelled)
            continue;
        r->works.removeAt(i);
        if (--w->calls_pending == 0)
            m_ended(w, End::Drop);
    }
    if (r->works.isEmpty()) {
        m_gate.release();
        return;
    }
    ++m_metrics.requests;
    r->model = m_prompts.model(*r);
    const QByteArray body = m_prompts.body(*r);
    r->body_bytes = body.size();
    r->gate_epoch = m_gate.callEpoch();
    r->lane_mark = m_gate.laneMark(r->lane);
    for (Work *w : std::as_const(r->works))
        ++w->calls_on_wire;
    m_client->post(body, [this, r](llm::ChatResult &&result) {
        for (Work *w : std::as_const(r->works))
            --w->calls_on_wire;
        onCallDone(r, std::move(result));
        // Only now: a failed half-open probe must close the gate before its slot frees, or
        // the release starts a second "probe" at once.
        m_gate.release();
    });
}

void RoundRunner::onCallDone(const std::shared_ptr<LlmRequest> &r, llm::ChatResult &&res)
{
    metrics::EngineMetrics::Model &model = m_metrics.model(r->model);
    ++model.requests;
    m_metrics.recordCall(r->model, res.latency_ms);
    if (res.rate_limits.any()) {
        m_gate.heard(r->lane, r->lane_mark, res.rate_limits);
        model.limit_requests = res.rate_limits.limit_requests;
        model.remaining_requests = res.rate_limits.remaining_requests;
        model.limit_tokens = res.rate_limits.limit_tokens;
        model.remaining_tokens = res.rate_limits.remaining_tokens;
    }

    std::optional<llm::Failure> failure; // of the whole call
    QList<AnswerSplitter::Part> parts;
    if (res.http_status >= 200 && res.http_status < 300) {
        QString error;
        const auto completion = llm::AnswerParser::completion(res.body, r->body_bytes, &error);
        if (completion) {
            const llm::Usage &usage = completion->usage;
            const double cost =
                m_settings.pricing.cost_usd(r->model, usage.prompt_tokens, usage.completion_tokens);
            model.input_tokens += usage.prompt_tokens;
            model.output_tokens += usage.completion_tokens;
            model.estimated = model.estimated || usage.estimated;
            model.cost_usd += cost;
            m_metrics.cost_usd += cost;
            m_gate.spend(cost);
            QList<QStringView> texts;
            texts.reserve(r->works.size());
            for (const Work *w : std::as_const(r->works))
                texts.append(w->event.text);
            const AnswerSplitter splitter(r->kind, m_prompts.tasks(*r), r->model,
                                          m_prompts.instructionBytes(*r), m_settings.pricing);
            parts = splitter.split(*completion, texts, res.latency_ms);
        } else {
            failure =
                llm::Failure{llm::FailureClass::InvalidOutput, res.http_status, {}, error, {}};
        }
    } else if (res.http_status != 0) {
        failure = llm::FailureClassifier::fromHttp(res.http_status, res.body, res.retry_after,
                                                   res.retry_after_ms);
    } else {
        failure = llm::FailureClassifier::fromNetwork(res.network_error, res.error_string,
                                                      res.timed_out);
    }

    m_gate.recordCall(res, failure);
    if (!failure) {
        takeAnswer(*r, res.http_status, model, parts);
        return;
    }
    ++model.errors;
    ++model.errors_by_class[llm::className(failure->cls)];
    if (failure->cls == llm::FailureClass::ModelNotFound && switchToFallback(*r)) {
        requeue(r);
        return;
    }
    if (llm::disposition(failure->cls) == llm::Disposition::Systemic) {
        // Not the messages' fault: keep them, stop calling, tell the operator.
        m_gate.systemicFailure(llm::className(failure->cls) + QStringLiteral(" (HTTP ") +
                               QString::number(failure->http_status) + QStringLiteral("): ") +
                               failure->message);
        requeue(r);
        return;
    }
    if (r->kind == llm::PromptKind::Batch && failure->cls == llm::FailureClass::ContextLength) {
        // Too long together is not too long alone: ask again one by one before truncating.
        for (Work *w : std::as_const(r->works)) {
            w->solo = true;
            w->retry_alone = true;
            callSettled(w);
        }
        return;
    }
    m_gate.callFailed(failure->cls, failure->retry_after, r->gate_epoch);
    if (llm::transient(failure->cls) && m_gate.storming() && !m_stopping) {
        // The provider storms: the call waits for the storm's probe at the head of the queue
        // instead of failing its messages, for as long as the storm lasts (the retry window
        // is for failures between answers; a storm holds consumption, so nothing piles up).
        requeue(r);
        return;
    }
    // A failed call fails each message in it, each classified and retried on its own.
    for (Work *w : std::as_const(r->works)) {
        keepFailure(w, *failure, r->model);
        callSettled(w);
    }
}

void RoundRunner::takeAnswer(const LlmRequest &r, int http_status,
                             metrics::EngineMetrics::Model &model,
                             const QList<AnswerSplitter::Part> &parts)
{
    bool answered = false;
    bool lacking = false;
    bool all_known = true; // every record lacking an answer had unusable answers before
    for (qsizetype i = 0; i < r.works.size(); ++i) {
        Work *w = r.works[i];
        const AnswerSplitter::Part &part = parts[i];
        w->cost_usd += part.cost_usd;
        if (part.answered) {
            answered = true;
            for (qsizetype t = 0; t < r.tasks.size(); ++t) {
                w->results[r.tasks[t]] = part.results[t];
                remember(r.model, r.tasks[t], *w, part.results[t]);
            }
            continue;
        }
        lacking = true;
        all_known = all_known && w->unusable_answers > 0;
        ++w->unusable_answers;
        if (r.kind == llm::PromptKind::Batch) {
            // Its neighbours' answers stand; this record tries once more on its own before
            // anything counts against it.
            w->solo = true;
            w->retry_alone = true;
        } else {
            keepFailure(w,
                        llm::Failure{llm::FailureClass::InvalidOutput, http_status, {}, part.error,
                                     {}},
                        r.model);
        }
    }
    if (lacking) {
        ++model.errors;
        ++model.errors_by_class[llm::className(llm::FailureClass::InvalidOutput)];
    }
    m_gate.answered(answered, all_known);
    for (Work *w : r.works)
        callSettled(w);
}

void RoundRunner::keepFailure(Work *w, const llm::Failure &failure, const QString &model)
{
    // A permanent failure beats a retryable one, and of retryable ones the one asking for the
    // longer wait (a 429's Retry-After holds even when the message's other call failed first
    // with, say, a 500).
    const llm::Disposition now = llm::disposition(failure.cls);
    const llm::Disposition kept =
        w->failure ? llm::disposition(w->failure->cls) : llm::Disposition::Retry;
    if (!w->failure ||
        (now == llm::Disposition::Permanent && kept != llm::Disposition::Permanent) ||
        (now == llm::Disposition::Retry && kept == llm::Disposition::Retry &&
         failure.retry_after > w->failure->retry_after)) {
        w->failure = failure;
        w->failed_model = model;
    }
}

void RoundRunner::callSettled(Work *w)
{
    if (--w->calls_pending == 0)
        roundComplete(w);
}

void RoundRunner::roundComplete(Work *w)
{
    if (w->cancelled) {
        m_ended(w, End::Drop);
        return;
    }
    if (w->retry_alone && !w->failure) {
        w->retry_alone = false;
        if (m_stopping) {
            // Like a call that had not gone out yet: left for the next run.
            w->cancelled = true;
            m_ended(w, End::Drop);
        } else {
            startRound(w);
        }
        return;
    }
    if (!w->failure) {
        m_ended(w, End::Output);
        return;
    }
    const llm::Failure &f = *w->failure;
    if (f.cls == llm::FailureClass::ContextLength && !w->hard_truncated) {
        // Once more with half the text before giving up on the message.
        w->hard_truncated = true;
        qsizetype keep = w->event.text.size() / 2;
        if (keep > 0 && w->event.text.at(keep - 1).isHighSurrogate())
            --keep;
        w->event.text.truncate(keep);
        w->event.truncated = true;
        w->text_digest = llm::ResponseCache::digest(w->event.text);
        startRound(w);
        return;
    }
    if (f.cls == llm::FailureClass::InvalidOutput && m_gate.circuitOpen() && !m_stopping) {
        // The model stopped following the format for many records at once: not this
        // record's failure, so it waits for the circuit without spending an attempt.
        startRound(w);
        return;
    }
    ++w->attempts;
    if (llm::disposition(f.cls) == llm::Disposition::Permanent) {
        m_ended(w, End::DeadLetter);
        return;
    }
    // The provider's weather is paid in time, the message's own failures in attempts.
    const qint64 now = nowMs();
    const bool transient = llm::transient(f.cls);
    if (transient) {
        ++w->transient_attempts;
        if (w->transient_since_ms == 0)
            w->transient_since_ms = now;
    }
    if (transient ? windowOver(*w, now)
                  : w->attempts - w->transient_attempts >= m_settings.max_attempts) {
        llm::Failure exhausted = f;
        if (f.cls == llm::FailureClass::InvalidOutput) {
            // The record's own failure (the provider answered others fine): it says so.
            exhausted.message = QStringLiteral("after %1 attempts: ").arg(w->attempts) + f.message;
        } else if (transient) {
            exhausted.cls = llm::FailureClass::RetriesExhausted;
            exhausted.message =
                llm::className(f.cls) +
                QStringLiteral(" for %1 s, past the retry window: ")
                    .arg((now - w->transient_since_ms) / 1000) +
                f.message;
        } else {
            exhausted.cls = llm::FailureClass::RetriesExhausted;
            exhausted.message = llm::className(f.cls) + QStringLiteral(": ") + f.message;
        }
        w->failure = std::move(exhausted);
        m_ended(w, End::DeadLetter);
        return;
    }
    const auto delay = m_backoff.delay(w->attempts, f.retry_after);
    if (++w->rounds_here <= m_settings.in_process_retries && delay.count() <= kMaxInProcessWaitMs &&
        !m_stopping) {
        w->stage = Work::Stage::BackingOff;
        // Precise: a coarse timer may fire up to 5% early, i.e. before a Retry-After is over.
        QTimer::singleShot(delay, Qt::PreciseTimer, this, [this, w] {
            if (w->cancelled)
                m_ended(w, End::Drop);
            else
                startRound(w);
        });
        return;
    }
    m_ended(w, End::Retry);
}

bool RoundRunner::switchToFallback(const LlmRequest &r)
{
    const int task_index = r.kind == llm::PromptKind::Single ? r.tasks.constFirst()
                                                               : m_prompts.combinedModelOwner();
    if (task_index < 0)
        return false;
    llm::TaskSpec &task = m_settings.tasks[task_index];
    if (task.fallback_model.isEmpty() || task.model == task.fallback_model)
        return false;
    qCWarning(lcPipeline, "model %s not found: task %s switches to its fallback %s",
              qPrintable(task.model), qPrintable(task.name), qPrintable(task.fallback_model));
    task.model = task.fallback_model;
    m_prompts = PromptSet(m_settings.tasks, m_settings.combined_model);
    return true;
}

void RoundRunner::applyLimits(const config::Limits &limits)
{
    if (limits.concurrency) {
        m_settings.concurrency = *limits.concurrency;
        if (m_client)
            m_client->setConcurrency(m_settings.concurrency);
    }
    if (limits.mode && *limits.mode != mode()) // the same mode keeps the batch gathering
        m_planner.setMode(*limits.mode);
    if (limits.batch_size)
        m_planner.setBatchSize(*limits.batch_size);
}

void RoundRunner::setApiKey(const QString &api_key)
{
    m_settings.api_key = api_key;
    if (m_client)
        m_client->setApiKey(api_key);
}

void RoundRunner::fill(metrics::EngineSnapshot &s) const
{
    s.inflight_requests = m_client ? m_client->inFlight() : 0;
    s.cache_entries = m_cache.size();
    s.mode = config::modeName(mode());
    s.batch_size = batchSize();
}

} // namespace herder::pipeline
