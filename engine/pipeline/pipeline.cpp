#include "pipeline/pipeline.h"

#include "kafka/admin.h"
#include "metrics/threadbusyclock.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QHostInfo>
#include <QSslCertificate>
#include <QLoggingCategory>
#include <QScopeGuard>

Q_LOGGING_CATEGORY(lcPipeline, "herder.pipeline")

namespace herder::pipeline {
namespace {

constexpr int kCommitIntervalMs = 1000;
constexpr int kSnapshotIntervalMs = 250;
constexpr int kRetryProduceMs = 100;
// A server asking us to wait longer than this is better served from the retry topic than by
// holding the message in memory.
constexpr qint64 kMaxInProcessWaitMs = 5000;
// How long the first message of a partial batch waits for company. Short against an LLM call
// (tens of ms and up), long enough for a poll's worth of messages to arrive together.
constexpr int kBatchLingerMs = 5;
// Exactly-once mode: how long a flush, commit or abort may block the engine thread.
constexpr int kTxnTimeoutMs = 30000;
// Exactly-once mode: how soon an abort that could not reach the broker is tried again.
constexpr int kAbortRetryMs = 1000;
// ... and how long one attempt may block the engine thread (the abort goes on meanwhile).
constexpr int kAbortTimeoutMs = 5000;
// Exactly-once mode: how long a routine commit waits for the transaction's records before
// leaving them to the next tick, so that a broker away does not freeze the engine thread.
constexpr int kCommitFlushMs = 1000;
// Exactly-once mode: producers replaced one after the other without a commit in between before
// a fatal error is taken to be the engine's (e.g. the transactional.id is not authorised).
constexpr int kMaxProducerReplacements = 3;
// How long backpressure only stops polling before it pauses the partitions (see Backpressure):
// well above the tens of ms a full window takes to drain, well below any rebalance timeout.
constexpr int kBackpressureGraceMs = 500;

qint64 nowMs()
{
    return QDateTime::currentMSecsSinceEpoch();
}

/// The DLQ reason of a record the broker will never take because of its size.
llm::Failure refusedAsTooLarge(rd_kafka_resp_err_t err)
{
    return llm::Failure{llm::FailureClass::InvalidPayload, 0, {},
                        QStringLiteral("enriched record rejected by Kafka: %1")
                            .arg(QString::fromUtf8(rd_kafka_err2str(err))),
                        {}};
}

QString defaultInstance()
{
    return QHostInfo::localHostName() + u':' + QString::number(QCoreApplication::applicationPid());
}

} // namespace

Pipeline::Pipeline(config::EngineSettings settings, QObject *parent)
    : QObject(parent),
      m_settings(std::move(settings)),
      m_instance(m_settings.instance.isEmpty() ? defaultInstance() : m_settings.instance),
      m_decoder(m_settings.decode),
      m_records(m_settings, m_instance),
      m_backoff(std::chrono::milliseconds(m_settings.retry_base_ms),
                std::chrono::milliseconds(m_settings.retry_cap_ms)),
      m_prompts(m_settings.tasks, m_settings.combined_model),
      m_source_topic(m_settings.source_topic.toUtf8()),
      m_retry_topic(m_settings.retry_topic.toUtf8()),
      m_output_topic(m_settings.output_topic.toUtf8()),
      m_dlq_topic(m_settings.dlq_topic.toUtf8()),
      m_cache(m_settings.cache_max_entries, std::chrono::milliseconds(m_settings.cache_ttl_ms)),
      m_budget(m_settings.budget_hourly_usd, m_settings.budget_daily_usd),
      m_backpressure(m_settings.max_inflight_messages),
      m_planner(int(m_settings.tasks.size()), m_settings.mode, m_settings.batch_size,
                kBatchLingerMs,
                [this](llm::PromptKind kind, QList<Work *> works, QList<int> tasks) {
                    send(kind, std::move(works), std::move(tasks));
                },
                this)
{
    m_transactional = m_settings.transactional();
    m_held_timer.setSingleShot(true);
    connect(&m_held_timer, &QTimer::timeout, this, &Pipeline::releaseHeld);
    m_commit_timer.setInterval(m_transactional ? m_settings.transaction_interval_ms
                                               : kCommitIntervalMs);
    connect(&m_commit_timer, &QTimer::timeout, this, [this] { commit(true); });
    m_snapshot_timer.setInterval(kSnapshotIntervalMs);
    connect(&m_snapshot_timer, &QTimer::timeout, this,
            [this] { emit snapshotReady(snapshot()); });
    m_cooldown_timer.setSingleShot(true);
    connect(&m_cooldown_timer, &QTimer::timeout, this,
            [this] { applyCircuit(m_circuit.onCooldownElapsed()); });
    m_stop_timer.setSingleShot(true);
    connect(&m_stop_timer, &QTimer::timeout, this, &Pipeline::finishStop);
    m_budget_timer.setSingleShot(true);
    connect(&m_budget_timer, &QTimer::timeout, this, &Pipeline::applyBudget);
    m_abort_timer.setSingleShot(true);
    connect(&m_abort_timer, &QTimer::timeout, this, &Pipeline::finishAbort);
    m_backpressure_timer.setSingleShot(true);
    connect(&m_backpressure_timer, &QTimer::timeout, this,
            [this] { onBackpressureAction(m_backpressure.graceElapsed()); });
}

Pipeline::~Pipeline()
{
    // Destroyed without stop(): close the consumer while the members its revoke callback
    // (onRevoking) uses are still alive, not after them.
    if (m_consumer)
        m_consumer->close();
    m_client.reset(); // aborts what is still on the wire before the works go
    qDeleteAll(m_works);
}

Pipeline::ExitCode Pipeline::start(QString *error)
{
    auto producer = kafka::Producer::create(
        m_settings, [this](void *opaque, rd_kafka_resp_err_t err) { onDelivery(opaque, err); });
    if (auto *e = std::get_if<config::ConfigError>(&producer)) {
        *error = e->toString();
        return BadConfig;
    }
    m_producer = std::move(std::get<std::unique_ptr<kafka::Producer>>(producer));

    auto consumer = kafka::Consumer::create(
        m_settings, {[this](const auto &tps) { onAssigned(tps); },
                     [this](const auto &tps) { onRevoking(tps); }});
    if (auto *e = std::get_if<config::ConfigError>(&consumer)) {
        *error = e->toString();
        return BadConfig;
    }
    m_consumer = std::move(std::get<std::unique_ptr<kafka::Consumer>>(consumer));

    if (!m_producer->waitReachable(m_settings.connect_timeout_ms, error)) {
        *error = QStringLiteral("Kafka at %1 did not answer within %2 s: %3")
                     .arg(QString::fromUtf8(m_settings.bootstrapServers()))
                     .arg(m_settings.connect_timeout_ms / 1000.0)
                     .arg(*error);
        return KafkaUnreachable;
    }

    kafka::Admin admin(m_producer->handle());
    const int partitions = admin.partitionCount(m_source_topic, m_settings.connect_timeout_ms);
    if (partitions < 0)
        qCWarning(lcPipeline, "source topic %s does not exist (yet)", m_source_topic.constData());
    QList<kafka::TopicSpec> sinks;
    for (const QByteArray &t : {m_retry_topic, m_output_topic, m_dlq_topic})
        if (admin.partitionCount(t, m_settings.connect_timeout_ms) < 0)
            sinks.append({t, partitions > 0 ? partitions : 12, -1});
    if (!sinks.isEmpty() && !admin.createTopics(sinks, m_settings.connect_timeout_ms, error))
        qCWarning(lcPipeline, "could not create topics: %s", qPrintable(*error));
    if (m_transactional) {
        // Also fences an earlier instance with the same transactional.id and aborts what it
        // left open, so its half-done work is invisible to read_committed readers.
        using Status = kafka::Producer::TxnStatus;
        if (m_producer->initTransactions(m_settings.connect_timeout_ms, error) != Status::Ok ||
            m_producer->beginTransaction(error) != Status::Ok) {
            *error = QStringLiteral("exactly-once mode: cannot start transactions: %1").arg(*error);
            return KafkaUnreachable;
        }
        qCInfo(lcPipeline, "exactly-once mode: transactional.id %s",
               config::EngineSettings::property(m_settings.kafka_producer, "transactional.id")
                   .constData());
    }

    m_client = std::make_unique<llm::ChatClient>(m_settings.base_url, m_settings.api_key,
                                                 m_settings.timeout_ms);
    m_client->setConcurrency(m_settings.concurrency);
    if (!m_settings.ca_file.isEmpty())
        m_client->addCaCertificates(QSslCertificate::fromPath(m_settings.ca_file, QSsl::Pem));
    m_limiter = std::make_unique<control::Limiter>(m_settings.concurrency, m_settings.rate_per_s);
    m_adaptive = std::make_unique<control::AdaptiveConcurrency>(
        m_settings.concurrency, control::AdaptiveConcurrency::Clock::now());
    applyConcurrency();

    if (!m_consumer->subscribe({m_source_topic, m_retry_topic}, error))
        return BadConfig;
    connect(m_consumer.get(), &kafka::Consumer::messagesReady, this, &Pipeline::drain);
    m_commit_timer.start();
    m_snapshot_timer.start();
    // The queue may already hold events (the rebalance) from before the notifier existed.
    QTimer::singleShot(0, this, &Pipeline::drain);
    qCInfo(lcPipeline, "started: %s -> %s (instance %s)", m_source_topic.constData(),
           m_output_topic.constData(), qPrintable(m_instance));
    return Ok;
}

// ---------------------------------------------------------------------------------------------
// Consuming

void Pipeline::drain()
{
    m_drain_scheduled = false;
    if (!m_consumer || m_stopped)
        return;
    // Throttled: what librdkafka prefetched waits in its queue until there is room again.
    if (m_backpressure.state() == Backpressure::State::Throttled)
        return;
    // While paused, polling still serves rebalances; paused partitions deliver nothing.
    const int room = qMax(1, m_settings.max_inflight_messages - int(m_works.size()));
    const int handed = m_consumer->poll(room, [this](kafka::MessagePtr m) { accept(std::move(m)); });
    applyBackpressure();
    // The wake-up fires only when the queue turns non-empty: if we stopped early, come back.
    if (handed >= room && m_backpressure.open())
        scheduleDrain();
}

void Pipeline::scheduleDrain()
{
    if (m_drain_scheduled)
        return;
    m_drain_scheduled = true;
    QTimer::singleShot(0, this, &Pipeline::drain);
}

void Pipeline::accept(kafka::MessagePtr m)
{
    static thread_local QHash<const rd_kafka_topic_t *, QByteArray> topicNames;
    auto name = topicNames.find(m->rkt);
    if (name == topicNames.end())
        name = topicNames.insert(m->rkt, QByteArray(rd_kafka_topic_name(m->rkt)));

    const kafka::TopicPartition tp{*name, m->partition};
    auto tracker = m_trackers.find(tp);
    if (tracker == m_trackers.end() || !tracker->offsets.begin(m->offset))
        return; // not ours (any more) or seen already
    if (tracker->first_offset < 0)
        tracker->first_offset = m->offset;
    if (m_transactional)
        tracker->unwritten.insert(m->offset);

    auto *w = new Work;
    w->tp = tp;
    w->offset = m->offset;
    w->tracker_generation = tracker->generation;
    rd_kafka_timestamp_type_t tstype;
    w->timestamp_ms = rd_kafka_message_timestamp(m.get(), &tstype);
    if (m->key)
        w->key = QByteArray(static_cast<const char *>(m->key), qsizetype(m->key_len));
    w->value = QByteArray(static_cast<const char *>(m->payload), qsizetype(m->len));
    rd_kafka_headers_t *hdrs = nullptr;
    if (rd_kafka_message_headers(m.get(), &hdrs) == RD_KAFKA_RESP_ERR_NO_ERROR) {
        const char *hname;
        const void *hvalue;
        size_t hsize;
        for (size_t i = 0; !rd_kafka_header_get_all(hdrs, i, &hname, &hvalue, &hsize); ++i)
            w->headers.append({QByteArray(hname),
                               QByteArray(static_cast<const char *>(hvalue), qsizetype(hsize))});
    }
    m.reset();
    m_works.insert(w);
    m_inflight_peak = std::max(m_inflight_peak, int(m_works.size()));

    w->from_retry = tp.topic == m_retry_topic;
    if (w->from_retry) {
        w->attempts = RecordBuilder::header(w->headers, "herder-attempt").toInt();
        w->not_before_ms = RecordBuilder::header(w->headers, "herder-not-before").toLongLong();
        w->origin = RecordBuilder::header(w->headers, "herder-origin");
        w->cost_usd = RecordBuilder::header(w->headers, "herder-cost-usd").toDouble();
    } else {
        ++m_metrics.consumed;
    }
    if (w->origin.isEmpty())
        w->origin = tp.toString() + '/' + QByteArray::number(w->offset);

    if (w->not_before_ms > nowMs())
        hold(w);
    else
        process(w);
}

void Pipeline::onAssigned(const QList<kafka::TopicPartition> &partitions)
{
    for (const kafka::TopicPartition &tp : partitions)
        m_trackers.insert(tp, Tracker{OffsetTracker{}, m_next_generation++});
    if (m_paused)
        m_consumer->pause(partitions);
}

void Pipeline::onRevoking(const QList<kafka::TopicPartition> &partitions)
{
    // Last chance to commit what is done; what is still in flight will be redelivered to the
    // partitions' next owner, so stop spending money on it.
    if (m_transactional)
        commitTransaction(true);
    else
        m_consumer->commit(committable(partitions), false);
    QSet<kafka::TopicPartition> gone(partitions.begin(), partitions.end());
    QList<Work *> parked;
    for (const kafka::TopicPartition &tp : partitions) {
        auto tracker = m_trackers.find(tp);
        if (tracker == m_trackers.end())
            continue;
        for (const auto &[offset, p] : tracker->parked)
            parked.append(p.work);
        m_trackers.erase(tracker);
        m_poisoned.remove(tp); // its next owner finds out for itself
    }
    for (Work *w : std::as_const(parked))
        finish(w);
    const QList<Work *> works = m_works.values();
    for (Work *w : works) {
        if (!gone.contains(w->tp) || w->stage == Work::Stage::Writing)
            continue;
        w->cancelled = true;
        if (w->stage == Work::Stage::Held) {
            for (auto it = m_held.begin(); it != m_held.end(); ++it)
                if (it->second == w) {
                    m_held.erase(it);
                    break;
                }
            finish(w);
        } else if (w->stage == Work::Stage::Collecting) {
            m_planner.drop(w);
            finish(w);
        }
    }
}

void Pipeline::setPaused(unsigned reason, bool on)
{
    const unsigned before = m_paused;
    m_paused = on ? (m_paused | reason) : (m_paused & ~reason);
    if (!m_consumer || bool(before) == bool(m_paused))
        return;
    const QList<kafka::TopicPartition> assigned = m_trackers.keys();
    if (m_paused) {
        m_consumer->pause(assigned);
    } else {
        m_consumer->resume(assigned);
        scheduleDrain();
    }
}

void Pipeline::applyBackpressure()
{
    onBackpressureAction(m_backpressure.update(int(m_works.size())));
}

void Pipeline::onBackpressureAction(Backpressure::Action action)
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

// ---------------------------------------------------------------------------------------------
// Processing

void Pipeline::hold(Work *w)
{
    w->stage = Work::Stage::Held;
    m_held.emplace(w->not_before_ms, w);
    const qint64 wait = qMax<qint64>(0, m_held.begin()->first - nowMs());
    if (!m_held_timer.isActive() || m_held_timer.remainingTime() > wait)
        m_held_timer.start(int(qMin<qint64>(wait, 3600 * 1000)));
}

void Pipeline::releaseHeld()
{
    const qint64 now = nowMs();
    while (!m_held.empty() && m_held.begin()->first <= now) {
        Work *w = m_held.begin()->second;
        m_held.erase(m_held.begin());
        process(w);
    }
    if (!m_held.empty())
        m_held_timer.start(int(qMax<qint64>(1, m_held.begin()->first - now)));
}

void Pipeline::process(Work *w)
{
    if (deadLetterPoisoned(w))
        return;
    auto decoded = m_decoder.decode(QByteArrayView(w->value));
    if (auto *e = std::get_if<DecodeError>(&decoded)) {
        ++m_metrics.invalid;
        writeDlq(w, llm::Failure{llm::FailureClass::InvalidPayload, 0, {}, e->reason, {}});
        return;
    }
    w->event = std::move(std::get<DecodedEvent>(decoded));
    w->results.resize(m_settings.tasks.size());
    if (m_cache.enabled() && takeCached(w)) {
        writeOutput(w);
        return;
    }
    startRound(w);
}

bool Pipeline::takeCached(Work *w)
{
    w->text_digest = llm::ResponseCache::digest(w->event.text);
    // The model the call would go to: per-task calls use the task's, the others the combined.
    const llm::PromptKind kind = m_settings.mode == config::ProcessingMode::PerTask
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

void Pipeline::remember(const QString &model, int task, const Work &w, const TaskResult &result)
{
    if (m_cache.enabled())
        m_cache.insert({model, m_prompts.taskVersion(task), w.text_digest},
                       {result.answer, result.cost_usd}, llm::ResponseCache::Clock::now());
}

void Pipeline::startRound(Work *w)
{
    w->stage = Work::Stage::Calling;
    w->failure.reset();
    m_planner.plan(w);
}

void Pipeline::send(llm::PromptKind kind, QList<Work *> works, QList<int> tasks)
{
    auto r = std::make_shared<LlmRequest>();
    r->kind = kind;
    r->works = std::move(works);
    r->tasks = std::move(tasks);
    m_limiter->enqueue([this, r] { call(r); });
}

void Pipeline::call(const std::shared_ptr<LlmRequest> &r)
{
    // Whatever was cancelled while the call waited for its turn stays out of it.
    for (qsizetype i = r->works.size() - 1; i >= 0; --i) {
        Work *w = r->works[i];
        if (!w->cancelled)
            continue;
        r->works.removeAt(i);
        if (--w->calls_pending == 0)
            finish(w);
    }
    if (r->works.isEmpty()) {
        m_limiter->release();
        return;
    }
    ++m_metrics.requests;
    r->model = m_prompts.model(*r);
    const QByteArray body = m_prompts.body(*r);
    r->body_bytes = body.size();
    for (Work *w : std::as_const(r->works))
        ++w->calls_on_wire;
    m_client->post(body, [this, r](llm::ChatResult &&result) {
        for (Work *w : std::as_const(r->works))
            --w->calls_on_wire;
        onCallDone(r, std::move(result));
        // Only now: a failed half-open probe must close the gate before its slot frees, or
        // the release starts a second "probe" at once.
        m_limiter->release();
    });
}

void Pipeline::onCallDone(const std::shared_ptr<LlmRequest> &r, llm::ChatResult &&res)
{
    metrics::EngineMetrics::Model &model = m_metrics.model(r->model);
    ++model.requests;
    m_metrics.recordCall(r->model, res.latency_ms);

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
            m_budget.spend(cost, nowMs());
            if (!(m_paused & Budget) && m_budget.exhausted(nowMs()))
                applyBudget();
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

    adapt(res, failure);
    if (!failure) {
        takeAnswer(*r, res.http_status, model, parts);
        return;
    }
    ++model.errors;
    ++model.errors_by_class[llm::className(failure->cls)];
    if (failure->cls == llm::FailureClass::ModelNotFound && switchToFallback(*r)) {
        m_limiter->enqueue([this, r] { call(r); }, true);
        return;
    }
    if (llm::disposition(failure->cls) == llm::Disposition::Systemic) {
        // Not the messages' fault: keep them, stop calling, tell the operator.
        applyCircuit(m_circuit.onSystemic(llm::className(failure->cls) + QStringLiteral(" (HTTP ") +
                                          QString::number(failure->http_status) +
                                          QStringLiteral("): ") + failure->message));
        m_limiter->enqueue([this, r] { call(r); }, true);
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
    // With adaptive concurrency a run of 429s is its cue to slow down, not a broken provider:
    // one overshoot past a per-second limit would otherwise pause consumption for a cool-down.
    // Once it is down to one call at a time there is nothing left to slow, and a provider
    // still refusing pauses consumption as before rather than spending messages' attempts.
    const bool adaptive_can_slow = m_settings.adaptiveConcurrency() && m_adaptive->limit() > 1;
    if (!(failure->cls == llm::FailureClass::RateLimited && adaptive_can_slow))
        applyCircuit(m_circuit.onFailure());
    // A failed call fails each message in it, each classified and retried on its own.
    for (Work *w : std::as_const(r->works)) {
        keepFailure(w, *failure, r->model);
        callSettled(w);
    }
}

void Pipeline::takeAnswer(const LlmRequest &r, int http_status,
                          metrics::EngineMetrics::Model &model,
                          const QList<AnswerSplitter::Part> &parts)
{
    bool answered = false;
    bool lacking = false;
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
    // The provider answered: only an answer with nothing usable in it counts against it.
    applyCircuit(answered ? m_circuit.onSuccess() : m_circuit.onFailure());
    for (Work *w : r.works)
        callSettled(w);
}

void Pipeline::keepFailure(Work *w, const llm::Failure &failure, const QString &model)
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

void Pipeline::callSettled(Work *w)
{
    if (--w->calls_pending == 0)
        roundComplete(w);
}

void Pipeline::roundComplete(Work *w)
{
    if (w->cancelled) {
        finish(w);
        return;
    }
    if (w->retry_alone && !w->failure) {
        w->retry_alone = false;
        if (m_stopping) {
            // Like a call that had not gone out yet: left for the next run.
            w->cancelled = true;
            finish(w);
        } else {
            startRound(w);
        }
        return;
    }
    if (!w->failure) {
        writeOutput(w);
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
    ++w->attempts;
    if (llm::disposition(f.cls) == llm::Disposition::Permanent) {
        writeDlq(w, f);
        return;
    }
    if (w->attempts >= m_settings.max_attempts) {
        llm::Failure exhausted = f;
        exhausted.cls = llm::FailureClass::RetriesExhausted;
        exhausted.message = llm::className(f.cls) + QStringLiteral(": ") + f.message;
        writeDlq(w, exhausted);
        return;
    }
    const auto delay = m_backoff.delay(w->attempts, f.retry_after);
    if (++w->rounds_here <= m_settings.in_process_retries && delay.count() <= kMaxInProcessWaitMs &&
        !m_stopping) {
        w->stage = Work::Stage::BackingOff;
        // Precise: a coarse timer may fire up to 5% early, i.e. before a Retry-After is over.
        QTimer::singleShot(delay, Qt::PreciseTimer, this, [this, w] {
            if (w->cancelled)
                finish(w);
            else
                startRound(w);
        });
        return;
    }
    writeRetry(w);
}

bool Pipeline::switchToFallback(const LlmRequest &r)
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

void Pipeline::adapt(const llm::ChatResult &res, const std::optional<llm::Failure> &failure)
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
    // Pipeline runs on the engine thread: this is how long that thread has been busy.
    if (!m_adaptive->record(outcome, control::AdaptiveConcurrency::Clock::now(),
                            metrics::ThreadBusyClock::now()))
        return;
    if (m_adaptive->limit() < before)
        qCInfo(lcPipeline, "adaptive concurrency %d -> %d (%s; engine thread busy %.0f%%)",
               before, m_adaptive->limit(), m_adaptive->lastDecrease(),
               100 * m_adaptive->lastEngineBusyShare());
    applyConcurrency();
}

void Pipeline::applyConcurrency()
{
    if (m_limiter && m_adaptive)
        m_limiter->setConcurrency(m_settings.adaptiveConcurrency() ? m_adaptive->limit()
                                                                   : m_settings.concurrency);
}

void Pipeline::applyCircuit(bool changed)
{
    if (!changed)
        return;
    switch (m_circuit.state()) {
    case control::CircuitBreaker::State::Open:
        qCWarning(lcPipeline, "circuit open: %s; consumption paused", qPrintable(m_circuit.reason()));
        applyGate();
        setPaused(Circuit, true);
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
        setPaused(Circuit, false);
        break;
    }
}

void Pipeline::applyBudget()
{
    const qint64 now = nowMs();
    const bool reached = m_budget.exhausted(now);
    if (reached != bool(m_paused & Budget)) {
        if (reached)
            qCWarning(lcPipeline, "%s; consumption paused", qPrintable(m_budget.reason(now)));
        else
            qCInfo(lcPipeline, "budget available again: resuming");
        setPaused(Budget, reached);
        applyGate();
    }
    if (reached)
        m_budget_timer.start(int(qMin<qint64>(m_budget.msUntilRelief(now) + 1, 60 * 1000)));
    else
        m_budget_timer.stop();
}

void Pipeline::applyGate()
{
    if (!m_limiter)
        return;
    using Gate = control::Limiter::Gate;
    switch (m_circuit.state()) {
    case control::CircuitBreaker::State::Open:
        m_limiter->setGate(Gate::Closed);
        break;
    case control::CircuitBreaker::State::HalfOpen:
        m_limiter->setGate((m_paused & Budget) ? Gate::Closed : Gate::Probe);
        break;
    case control::CircuitBreaker::State::Closed:
        m_limiter->setGate((m_paused & Budget) ? Gate::Closed : Gate::Open);
        break;
    }
}

// ---------------------------------------------------------------------------------------------
// Writing and settling

void Pipeline::writeOutput(Work *w)
{
    w->outcome = Work::Outcome::Enriched;
    produce(w, m_output_topic, m_records.output(*w, nowMs()), {});
}

void Pipeline::writeRetry(Work *w)
{
    const auto delay = m_backoff.delay(w->attempts, w->failure->retry_after);
    w->outcome = Work::Outcome::Retried;
    produce(w, m_retry_topic, w->value, m_records.retryHeaders(*w, nowMs() + delay.count()));
}

void Pipeline::writeDlq(Work *w, const llm::Failure &failure)
{
    if (failure.cls != llm::FailureClass::InvalidPayload)
        qCInfo(lcPipeline, "dead-lettering %s: %s", w->origin.constData(),
               qPrintable(failure.message));
    w->outcome = Work::Outcome::DeadLettered;
    w->failure = failure;
    produce(w, m_dlq_topic, w->value, m_records.dlqHeaders(*w, failure, nowMs()));
}

void Pipeline::produce(Work *w, const QByteArray &topic, const QByteArray &value,
                       const kafka::Headers &headers)
{
    w->stage = Work::Stage::Writing;
    Tracker *tracker = nullptr;
    if (m_transactional && !w->written) {
        // Exactly-once: a transaction commits its records together with the offsets below the
        // contiguous done watermark, so a record in it whose offset lies above that watermark
        // would be written again after a crash. Writing each partition's records in offset
        // order makes the records of a flushed transaction always a prefix of the done
        // offsets: a record whose lower offsets are not written yet waits (parked), and one
        // whose partition is no longer ours, or lies above an offset left unfinished, is not
        // written at all (it stays uncommitted and is redone by whoever reads it next).
        tracker = trackerOf(w);
        if (!tracker || w->cancelled || m_txn_dead ||
            (tracker->blocked_from >= 0 && w->offset > tracker->blocked_from)) {
            finish(w);
            return;
        }
        if (!tracker->unwritten.empty() && *tracker->unwritten.begin() != w->offset) {
            tracker->parked.insert_or_assign(w->offset, ParkedWrite{w, topic, value, headers});
            return;
        }
    }
    const rd_kafka_resp_err_t err = m_producer->produce(topic, w->key, value, headers, w);
    if (err == RD_KAFKA_RESP_ERR_NO_ERROR) {
        if (tracker) {
            w->written = true;
            tracker->unwritten.erase(w->offset);
            releaseParked(w->tp);
            if (m_txn_records == 0)
                m_txn_age.start();
            if (++m_txn_records >= m_settings.transaction_max_messages &&
                !m_txn_commit_scheduled) {
                m_txn_commit_scheduled = true;
                QTimer::singleShot(0, this, [this] { commit(true); });
            }
        }
        return;
    }
    if (m_transactional && err == RD_KAFKA_RESP_ERR__FATAL) {
        failTransactions(m_producer->fatalError());
        finish(w);
        return;
    }
    if (m_transactional && (err != RD_KAFKA_RESP_ERR_MSG_SIZE_TOO_LARGE || topic == m_dlq_topic) &&
        err != RD_KAFKA_RESP_ERR__QUEUE_FULL) {
        // Mostly __STATE: the transaction hit an abortable error and takes no more records.
        // The record is not at fault, so no DLQ: abort and redo it (and leave no gap that
        // nothing would fill).
        requestAbort(QStringLiteral("cannot write %1 to %2: %3")
                         .arg(QString::fromUtf8(w->origin), QString::fromUtf8(topic),
                              QString::fromUtf8(rd_kafka_err2str(err))));
        finish(w);
        return;
    }
    if (err == RD_KAFKA_RESP_ERR__QUEUE_FULL) {
        // The producer is the bottleneck: try again shortly; the offset stays uncommitted.
        QTimer::singleShot(kRetryProduceMs, this, [=, this] { produce(w, topic, value, headers); });
        return;
    }
    qCCritical(lcPipeline, "cannot write %s to %s: %s; its offset stays uncommitted",
               w->origin.constData(), topic.constData(), rd_kafka_err2str(err));
    if (topic != m_dlq_topic) {
        writeDlq(w, llm::Failure{llm::FailureClass::InvalidPayload, 0, {},
                                 QString::fromUtf8(rd_kafka_err2str(err)), {}});
    }
}

void Pipeline::onDelivery(void *opaque, rd_kafka_resp_err_t err)
{
    auto *w = static_cast<Work *>(opaque);
    if (m_transactional && (err != RD_KAFKA_RESP_ERR_NO_ERROR || w->cancelled)) {
        // A failed record fails its whole transaction: the commit aborts and everything
        // since the last commit is redone, this message included.
        if (err == RD_KAFKA_RESP_ERR_MSG_SIZE_TOO_LARGE && w->outcome == Work::Outcome::Enriched) {
            // Redone as it is, it would fail again forever: the redo dead-letters it. Kept
            // even when an abort has already cancelled the message, or the redo could meet
            // the same refusal again.
            qCWarning(lcPipeline, "exactly-once: Kafka refused the enriched record of %s (%s); "
                                  "it goes to the DLQ when redone",
                      w->origin.constData(), rd_kafka_err2str(err));
            m_poisoned[w->tp].insert_or_assign(
                w->offset, Poison{refusedAsTooLarge(err).message, w->cost_usd});
        }
        if (err != RD_KAFKA_RESP_ERR_NO_ERROR && !w->cancelled) {
            requestAbort(QStringLiteral("delivery of %1 failed: %2")
                             .arg(QString::fromUtf8(w->origin),
                                  QString::fromUtf8(rd_kafka_err2str(err))));
        }
        finish(w);
        return;
    }
    if (err == RD_KAFKA_RESP_ERR_MSG_SIZE_TOO_LARGE && w->outcome == Work::Outcome::Enriched) {
        // The broker will never take this enriched record; the DLQ keeps the (smaller)
        // original instead of retrying forever.
        writeDlq(w, refusedAsTooLarge(err));
        return;
    }
    if (err != RD_KAFKA_RESP_ERR_NO_ERROR) {
        qCWarning(lcPipeline, "delivery of %s failed: %s; writing it again", w->origin.constData(),
                  rd_kafka_err2str(err));
        QTimer::singleShot(1000, this, [this, w] {
            switch (w->outcome) {
            case Work::Outcome::Enriched:
                writeOutput(w);
                break;
            case Work::Outcome::Retried:
                writeRetry(w);
                break;
            default:
                writeDlq(w, *w->failure);
            }
        });
        return;
    }
    switch (w->outcome) {
    case Work::Outcome::Enriched:
        ++m_metrics.enriched;
        if (w->timestamp_ms > 0)
            m_metrics.recordEndToEnd(double(nowMs() - w->timestamp_ms));
        break;
    case Work::Outcome::Retried:
        ++m_metrics.retried;
        break;
    case Work::Outcome::DeadLettered:
        ++m_metrics.dead_lettered;
        break;
    case Work::Outcome::None:
        break;
    }
    auto tracker = m_trackers.find(w->tp);
    if (tracker != m_trackers.end() && tracker->generation == w->tracker_generation)
        tracker->offsets.done(w->offset);
    finish(w);
}

void Pipeline::finish(Work *w)
{
    if (m_transactional && !w->written)
        blockAbove(w);
    m_works.remove(w);
    delete w;
    applyBackpressure();
    if (m_stopping)
        maybeFinishStop();
}

// ---------------------------------------------------------------------------------------------
// Offsets, control, shutdown

QList<kafka::CommitOffset> Pipeline::committable(const QList<kafka::TopicPartition> &only)
{
    QList<kafka::CommitOffset> offsets;
    for (auto it = m_trackers.begin(); it != m_trackers.end(); ++it) {
        if (!only.isEmpty() && !only.contains(it.key()))
            continue;
        if (const auto next = it->offsets.committable()) {
            const qint64 before = it->offsets.committed();
            m_metrics.committed += quint64(*next - (before < 0 ? it->first_offset : before));
            it->offsets.markCommitted(*next);
            offsets.append({it.key(), *next});
        }
    }
    return offsets;
}

void Pipeline::commit(bool async)
{
    if (m_transactional)
        commitTransaction(!async);
    else if (m_consumer)
        m_consumer->commit(committable(), async);
}

Pipeline::Tracker *Pipeline::trackerOf(const Work *w)
{
    auto tracker = m_trackers.find(w->tp);
    if (tracker == m_trackers.end() || tracker->generation != w->tracker_generation)
        return nullptr;
    return &*tracker;
}

void Pipeline::releaseParked(const kafka::TopicPartition &tp)
{
    if (m_releasing)
        return; // the outer loop goes on
    m_releasing = true;
    for (;;) {
        auto tracker = m_trackers.find(tp);
        if (tracker == m_trackers.end() || tracker->parked.empty() ||
            tracker->unwritten.empty() ||
            tracker->parked.begin()->first != *tracker->unwritten.begin())
            break;
        ParkedWrite p = std::move(tracker->parked.begin()->second);
        tracker->parked.erase(tracker->parked.begin());
        produce(p.work, p.topic, p.value, p.headers);
    }
    m_releasing = false;
}

void Pipeline::blockAbove(const Work *w)
{
    Tracker *tracker = trackerOf(w);
    if (!tracker)
        return;
    if (tracker->blocked_from < 0 || w->offset < tracker->blocked_from)
        tracker->blocked_from = w->offset;
    QList<Work *> above;
    for (auto it = tracker->parked.upper_bound(tracker->blocked_from);
         it != tracker->parked.end();) {
        above.append(it->second.work);
        it = tracker->parked.erase(it);
    }
    for (Work *a : std::as_const(above))
        finish(a);
    // Left alone, the partition would go on consuming while nothing of it is written or
    // committed any more. A stopping engine leaves the rest to the next run.
    if (!m_stopping)
        requestAbort(QStringLiteral("%1 ended unwritten").arg(QString::fromUtf8(w->origin)));
}

bool Pipeline::deadLetterPoisoned(Work *w)
{
    if (!m_transactional)
        return false;
    const auto partition = m_poisoned.constFind(w->tp);
    if (partition == m_poisoned.cend())
        return false;
    const auto poison = partition->find(w->offset);
    if (poison == partition->end())
        return false;
    // As the at-least-once path does when the broker refuses the record, without paying for
    // the enrichment a second time.
    w->cost_usd = poison->second.cost_usd;
    writeDlq(w, llm::Failure{llm::FailureClass::InvalidPayload, 0, {}, poison->second.reason, {}});
    return true;
}

void Pipeline::requestAbort(const QString &reason)
{
    if (m_txn_dead || m_abort_pending)
        return;
    if (!m_txn_failed) {
        qCWarning(lcPipeline, "exactly-once: %s; the transaction will abort", qPrintable(reason));
        m_abort_reason = reason;
    }
    m_txn_failed = true;
    if (!m_txn_commit_scheduled) {
        m_txn_commit_scheduled = true;
        QTimer::singleShot(0, this, [this] { commitTransaction(false); });
    }
}

void Pipeline::commitTransaction(bool settle)
{
    m_txn_commit_scheduled = false;
    if (!m_producer || !m_consumer || m_txn_dead || m_abort_pending)
        return;
    if (m_txn_failed) {
        // No flush first: the abort drops what is still queued instead of waiting for it.
        abortAndRewind(m_abort_reason);
        return;
    }
    if (m_txn_records == 0)
        return;
    // Every record of the transaction acknowledged: their offsets are done, and (written in
    // offset order) they all lie below the watermark sent with the commit.
    if (!m_producer->flush(settle ? kTxnTimeoutMs : kCommitFlushMs)) {
        // A record that cannot be delivered fails by itself after message.timeout.ms (which
        // lies below transaction.timeout.ms), and that aborts.
        if (!settle && m_txn_age.elapsed() < kTxnTimeoutMs)
            return;
        abortAndRewind(QStringLiteral("the transaction's records were not acknowledged in time"));
        return;
    }
    m_producer->poll();
    if (m_txn_failed) {
        abortAndRewind(m_abort_reason);
        return;
    }
    QList<kafka::CommitOffset> offsets;
    for (auto it = m_trackers.cbegin(); it != m_trackers.cend(); ++it)
        if (const auto next = it->offsets.committable())
            offsets.append({it.key(), *next});
    using Status = kafka::Producer::TxnStatus;
    QString error;
    const Status committed =
        m_producer->commitTransaction(offsets, m_consumer->handle(), kTxnTimeoutMs, &error);
    if (committed == Status::Fatal) {
        failTransactions(error);
        return;
    }
    if (committed == Status::Abort) {
        abortAndRewind(error);
        return;
    }
    m_txn_records = 0;
    m_producer_replacements = 0;
    for (const kafka::CommitOffset &c : std::as_const(offsets)) {
        auto tracker = m_trackers.find(c.tp);
        if (tracker == m_trackers.end())
            continue;
        const qint64 before = tracker->offsets.committed();
        m_metrics.committed += quint64(c.offset - (before < 0 ? tracker->first_offset : before));
        tracker->offsets.markCommitted(c.offset);
        const auto poisoned = m_poisoned.find(c.tp);
        if (poisoned != m_poisoned.end()) {
            poisoned->erase(poisoned->begin(), poisoned->lower_bound(c.offset));
            if (poisoned->empty())
                m_poisoned.erase(poisoned);
        }
    }
    if (m_producer->beginTransaction(&error) != Status::Ok)
        failTransactions(error);
}

void Pipeline::abortAndRewind(const QString &reason)
{
    qCWarning(lcPipeline, "exactly-once: aborting the transaction (%s); redoing the work since "
                          "the last commit",
              qPrintable(reason));
    dropForRewind();
    finishAbort();
}

void Pipeline::dropForRewind()
{
    if (m_abort_pending)
        return; // dropped already
    m_txn_records = 0;
    m_txn_failed = false;
    m_abort_reason.clear();
    m_abort_pending = true;
    m_abort_done = false;
    // Nothing new comes in until the consumer is rewound and a transaction is open again.
    setPaused(Aborting, true);
    // Every message in flight is redone from the rewound position: drop it the way a revoke
    // does. Records still queued come back as failed (aborted) deliveries and end there.
    QList<Work *> dropped;
    for (auto it = m_trackers.begin(); it != m_trackers.end(); ++it) {
        const qint64 from = it->offsets.committed() >= 0 ? it->offsets.committed()
                                                          : it->first_offset;
        if (from >= 0)
            m_rewind.append({it.key(), from});
        for (const auto &[offset, p] : it->parked)
            dropped.append(p.work);
        const qint64 committed = it->offsets.committed();
        *it = Tracker{OffsetTracker{}, m_next_generation++};
        if (committed >= 0) {
            it->offsets.markCommitted(committed);
            it->first_offset = committed;
        }
    }
    for (Work *w : m_works.values()) {
        w->cancelled = true;
        if (w->stage == Work::Stage::Held) {
            for (auto it = m_held.begin(); it != m_held.end(); ++it)
                if (it->second == w) {
                    m_held.erase(it);
                    break;
                }
            dropped.append(w);
        } else if (w->stage == Work::Stage::Collecting) {
            m_planner.drop(w);
            dropped.append(w);
        }
    }
    for (Work *w : std::as_const(dropped))
        finish(w);
}

bool Pipeline::replaceProducer(QString *error)
{
    // Serve the old producer's last delivery reports (all of cancelled work) before it goes;
    // any it still holds after that can never be reported, so their work ends here.
    m_producer->purge();
    m_producer.reset();
    for (Work *w : m_works.values())
        if (w->written && w->cancelled)
            finish(w);
    auto producer = kafka::Producer::create(
        m_settings, [this](void *opaque, rd_kafka_resp_err_t err) { onDelivery(opaque, err); });
    if (auto *e = std::get_if<config::ConfigError>(&producer)) {
        *error = e->toString();
        return false;
    }
    m_producer = std::move(std::get<std::unique_ptr<kafka::Producer>>(producer));
    return true;
}

bool Pipeline::abortStepDone(kafka::Producer::TxnStatus status, const char *what,
                             const QString &error)
{
    if (status == kafka::Producer::TxnStatus::Fatal) {
        failTransactions(error);
        return false;
    }
    if (status != kafka::Producer::TxnStatus::Ok) {
        qCWarning(lcPipeline, "exactly-once: %s (%s); trying again", what, qPrintable(error));
        m_abort_timer.start(kAbortRetryMs);
        return false;
    }
    return true;
}

void Pipeline::finishAbort()
{
    if (!m_abort_pending || m_txn_dead)
        return;
    QString error;
    using Status = kafka::Producer::TxnStatus;
    if (m_replace_producer) {
        if (!m_producer_fresh) {
            if (!replaceProducer(&error)) {
                m_replace_producer = false;
                failTransactions(error);
                return;
            }
            m_producer_fresh = true;
        }
        // Also aborts what the old producer left open under the same transactional.id.
        const Status ready = m_producer->initTransactions(kAbortTimeoutMs, &error);
        if (ready == Status::Fatal)
            m_producer_fresh = false; // fenced: the engine stops; else yet another producer
        if (!abortStepDone(ready, "the new producer is not ready", error))
            return;
        m_replace_producer = false;
        m_producer_fresh = false;
        m_abort_done = true;
    }
    if (!m_abort_done) {
        const Status aborted = m_producer->abortTransaction(kAbortTimeoutMs, &error);
        if (!abortStepDone(aborted, "the abort did not complete", error))
            return;
        m_abort_done = true;
    }
    // Only the partitions still ours: a partition assigned since starts at the committed
    // offsets anyway.
    QList<kafka::CommitOffset> rewind;
    for (const kafka::CommitOffset &c : std::as_const(m_rewind))
        if (m_trackers.contains(c.tp))
            rewind.append(c);
    if (!m_consumer->seek(rewind, kTxnTimeoutMs, &error)) {
        qCWarning(lcPipeline, "exactly-once: cannot rewind the consumer yet (%s); trying again",
                  qPrintable(error));
        m_abort_timer.start(kAbortRetryMs);
        return;
    }
    m_producer->poll();
    if (m_producer->beginTransaction(&error) != Status::Ok) {
        failTransactions(error);
        return;
    }
    m_rewind.clear();
    m_abort_pending = false;
    m_abort_done = false;
    setPaused(Aborting, false);
}

void Pipeline::failTransactions(const QString &message)
{
    if (m_txn_dead)
        return;
    if (m_producer && !m_producer->fenced() &&
        m_producer_replacements < kMaxProducerReplacements) {
        // Not another instance taking over (that one must be left alone), but e.g. a
        // transaction the coordinator expired while the broker was away: librdkafka calls
        // that fatal for the producer, not for the engine. A new producer with the same
        // transactional.id carries on from the last commit.
        qCWarning(lcPipeline, "exactly-once: the producer failed (%s); replacing it and redoing "
                              "the work since the last commit",
                  qPrintable(message));
        dropForRewind();
        ++m_producer_replacements;
        m_replace_producer = true;
        // Not from here: this may run inside the old producer's own delivery report.
        m_abort_timer.start(0);
        return;
    }
    m_txn_dead = true;
    const QString text =
        QStringLiteral("exactly-once mode: fatal transaction error (%1); the engine stops, "
                       "nothing after the last committed transaction was kept")
            .arg(message);
    qCCritical(lcPipeline, "%s", qPrintable(text));
    m_commit_timer.stop();
    m_abort_timer.stop();
    setPaused(Stopping, true);
    emit failed(TransactionFatal, text);
}

void Pipeline::setConcurrency(int concurrency)
{
    m_settings.concurrency = qMax(1, concurrency);
    if (m_client)
        m_client->setConcurrency(m_settings.concurrency);
    if (m_adaptive)
        m_adaptive->setCap(m_settings.concurrency);
    applyConcurrency();
}

void Pipeline::setRate(double rate_per_s)
{
    m_settings.rate_per_s = qMax(0.0, rate_per_s);
    if (m_limiter)
        m_limiter->setRate(m_settings.rate_per_s);
}

void Pipeline::setMode(config::ProcessingMode mode)
{
    if (mode == m_settings.mode)
        return;
    qCInfo(lcPipeline, "mode %s -> %s", qPrintable(config::modeName(m_settings.mode)),
           qPrintable(config::modeName(mode)));
    m_settings.mode = mode;
    m_planner.setMode(mode);
    applyConcurrency(); // adaptive "auto" follows the mode
}

void Pipeline::setBatchSize(int batch_size)
{
    m_settings.batch_size = qBound(1, batch_size, 256);
    m_planner.setBatchSize(m_settings.batch_size);
}

void Pipeline::setApiKey(const QString &api_key)
{
    m_settings.api_key = api_key;
    if (m_client)
        m_client->setApiKey(api_key);
    // A new key deserves a probe now rather than after the cool-down.
    if (m_circuit.state() == control::CircuitBreaker::State::Open)
        applyCircuit(m_circuit.onCooldownElapsed());
}

void Pipeline::setBudget(double hourly_usd, double daily_usd)
{
    m_settings.budget_hourly_usd = qMax(0.0, hourly_usd);
    m_settings.budget_daily_usd = qMax(0.0, daily_usd);
    m_budget.setCaps(m_settings.budget_hourly_usd, m_settings.budget_daily_usd);
    applyBudget();
}

void Pipeline::pauseConsumption()
{
    setPaused(Operator, true);
}

void Pipeline::resumeConsumption()
{
    setPaused(Operator, false);
}

void Pipeline::stop()
{
    if (m_stopping)
        return;
    m_stopping = true;
    qCInfo(lcPipeline, "stopping: draining %d messages (deadline %d ms)", int(m_works.size()),
           m_settings.drain_timeout_ms);
    setPaused(Stopping, true);
    // Held retries are not due yet, and messages whose calls have not gone out cost nothing
    // to redo: leave them uncommitted for the next run and drain only what is on the wire.
    while (!m_held.empty()) {
        Work *w = m_held.begin()->second;
        m_held.erase(m_held.begin());
        w->cancelled = true;
        finish(w);
    }
    for (Work *w : m_works.values()) {
        if (w->stage == Work::Stage::Writing || w->calls_on_wire > 0)
            continue;
        w->cancelled = true;
        if (w->stage == Work::Stage::Collecting) {
            m_planner.drop(w);
            finish(w);
        }
    }
    m_stop_timer.start(m_settings.drain_timeout_ms);
    maybeFinishStop();
}

void Pipeline::maybeFinishStop()
{
    if (m_stopping && !m_stopped && m_works.isEmpty())
        QTimer::singleShot(0, this, &Pipeline::finishStop);
}

void Pipeline::finishStop()
{
    if (m_stopped)
        return;
    m_stopped = true;
    m_stop_timer.stop();
    m_commit_timer.stop();
    m_abort_timer.stop();
    m_snapshot_timer.stop();
    if (!m_works.isEmpty())
        qCWarning(lcPipeline, "drain deadline passed with %d messages unfinished; they stay "
                              "uncommitted and will be redelivered",
                  int(m_works.size()));
    if (m_producer && !m_producer->flush(5000))
        qCWarning(lcPipeline, "producer flush timed out with %d records", m_producer->outstanding());
    if (m_producer)
        m_producer->poll(); // settle the last delivery reports so their offsets count
    commit(false);
    // Taken before close(): the revoke inside it drops the partitions the summary lists.
    const metrics::EngineSnapshot last = snapshot();
    if (m_consumer)
        m_consumer->close();
    emit snapshotReady(last);
    emit stopped();
}

metrics::EngineSnapshot Pipeline::snapshot()
{
    metrics::EngineSnapshot s;
    m_metrics.fill(s);
    using metrics::EngineState;
    s.state = m_stopped                             ? EngineState::Stopped
              : m_stopping                          ? EngineState::Stopping
              : (m_paused & Circuit)                ? EngineState::CircuitOpen
              : (m_paused & Budget)                 ? EngineState::BudgetPaused
              : (m_paused & Operator)               ? EngineState::Paused
              : m_trackers.isEmpty() && !m_consumer ? EngineState::Starting
                                                    : EngineState::Running;
    if (s.state == EngineState::CircuitOpen)
        s.state_reason = m_circuit.reason();
    else if (s.state == EngineState::BudgetPaused)
        s.state_reason = m_budget.reason(nowMs());
    s.simulated = m_settings.simulated;
    s.inflight_messages = int(m_works.size());
    s.inflight_messages_peak = m_inflight_peak;
    s.inflight_requests = m_client ? m_client->inFlight() : 0;
    s.queued_requests = m_limiter ? m_limiter->queued() : 0;
    s.held_retries = int(m_held.size());
    s.concurrency_cap = m_settings.concurrency;
    s.effective_concurrency = m_limiter ? m_limiter->concurrency() : m_settings.concurrency;
    s.adaptive = m_settings.adaptiveConcurrency();
    s.cache_entries = m_cache.size();
    s.rate_limit_per_s = m_settings.rate_per_s;
    s.mode = config::modeName(m_settings.mode);
    s.batch_size = m_settings.batch_size;
    for (auto it = m_trackers.cbegin(); it != m_trackers.cend(); ++it) {
        metrics::PartitionStats p;
        p.topic = QString::fromUtf8(it.key().topic);
        p.partition = it.key().partition;
        p.committed = it->offsets.committed();
        p.high_watermark = m_consumer ? m_consumer->highWatermark(it.key()) : -1;
        if (p.high_watermark >= 0 && p.committed >= 0)
            p.lag = qMax<qint64>(0, p.high_watermark - p.committed);
        p.pending = it->offsets.pending();
        s.partitions.append(p);
    }
    std::sort(s.partitions.begin(), s.partitions.end(), [](const auto &a, const auto &b) {
        return std::tie(a.topic, a.partition) < std::tie(b.topic, b.partition);
    });
    return s;
}

} // namespace herder::pipeline
