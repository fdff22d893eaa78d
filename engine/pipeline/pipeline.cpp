#include "pipeline/pipeline.h"

#include "kafka/admin.h"
#include "kafka/kafkaerror.h"
#include "pipeline/kafkatransactionalproducer.h"
#include "pipeline/pipelinelog.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QHostInfo>

namespace herder::pipeline {
namespace {

constexpr int kCommitIntervalMs = 1000;
constexpr int kSnapshotIntervalMs = 250;
constexpr int kRetryProduceMs = 100;
// How long backpressure only stops polling before it pauses the partitions (see Backpressure):
// well above the tens of ms a full window takes to drain, well below any rebalance timeout.
constexpr int kBackpressureGraceMs = 500;

qint64 nowMs()
{
    return QDateTime::currentMSecsSinceEpoch();
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
      m_source_topic(m_settings.source_topic.toUtf8()),
      m_retry_topic(m_settings.retry_topic.toUtf8()),
      m_output_topic(m_settings.output_topic.toUtf8()),
      m_dlq_topic(m_settings.dlq_topic.toUtf8()),
      m_rounds(m_settings, m_gate, m_metrics,
               [this](Work *w, RoundRunner::End end) { roundEnded(w, end); }, this),
      m_works([this](Work *w) { process(w); }, [this](Work *w) { m_rounds.unplan(w); }, this),
      m_backpressure(m_settings.max_inflight_messages)
{
    connect(&m_gate, &ProviderGate::circuitHold, this, [this](bool on) { setPaused(Circuit, on); });
    connect(&m_gate, &ProviderGate::budgetHold, this, [this](bool on) { setPaused(Budget, on); });
    m_commit_timer.setInterval(m_settings.transactional() ? m_settings.transaction_interval_ms
                                                          : kCommitIntervalMs);
    connect(&m_commit_timer, &QTimer::timeout, this, [this] { commit(true); });
    m_snapshot_timer.setInterval(kSnapshotIntervalMs);
    connect(&m_snapshot_timer, &QTimer::timeout, this,
            [this] { emit snapshotReady(snapshot()); });
    m_stop_timer.setSingleShot(true);
    connect(&m_stop_timer, &QTimer::timeout, this, &Pipeline::finishStop);
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
    m_rounds.abortCalls(); // what is still on the wire goes before the works do
}

std::unique_ptr<kafka::Producer> Pipeline::createProducer(QString *error)
{
    auto producer = kafka::Producer::create(
        m_settings, [this](void *opaque, rd_kafka_resp_err_t err) { onDelivery(opaque, err); });
    if (auto *e = std::get_if<config::ConfigError>(&producer)) {
        *error = e->toString();
        return nullptr;
    }
    return std::move(std::get<std::unique_ptr<kafka::Producer>>(producer));
}

Pipeline::ExitCode Pipeline::start(QString *error)
{
    m_producer = createProducer(error);
    if (!m_producer)
        return BadConfig;
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
    if (m_settings.transactional()) {
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
        m_txn_producer = std::make_unique<KafkaTransactionalProducer>(
            m_producer, *m_consumer, [this](QString *e) { return createProducer(e); });
        TransactionWriter::Host &host = *this;
        m_txn = std::make_unique<TransactionWriter>(*m_txn_producer, m_assignment, host,
                                                    m_settings.transaction_max_messages,
                                                    m_dlq_topic, m_metrics.committed, this);
    }

    m_rounds.start();
    m_gate.start();

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
    const int room = qMax(1, m_settings.max_inflight_messages - m_works.size());
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
    const std::optional<quint64> generation = m_assignment.begin(tp, m->offset);
    if (!generation)
        return; // not ours (any more) or seen already
    if (m_txn)
        m_txn->begin(tp, *generation, m->offset);

    auto *w = new Work;
    w->tp = tp;
    w->offset = m->offset;
    w->tracker_generation = *generation;
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
        m_works.hold(w);
    else
        process(w);
}

void Pipeline::onAssigned(const QList<kafka::TopicPartition> &partitions)
{
    m_assignment.assign(partitions);
    if (m_paused)
        m_consumer->pause(partitions);
}

void Pipeline::onRevoking(const QList<kafka::TopicPartition> &partitions)
{
    // Last chance to commit what is done; what is still in flight will be redelivered to the
    // partitions' next owner, so stop spending money on it.
    if (m_txn)
        m_txn->commit(true);
    else
        m_consumer->commit(m_assignment.takeCommittable(&m_metrics.committed, partitions), false);
    QList<Work *> parked;
    for (const kafka::TopicPartition &tp : partitions) {
        if (!m_assignment.revoke(tp))
            continue;
        if (m_txn)
            parked.append(m_txn->forget(tp));
    }
    for (Work *w : std::as_const(parked))
        finish(w);
    const QSet<kafka::TopicPartition> gone(partitions.begin(), partitions.end());
    cancel([&gone](const Work &w) {
        return gone.contains(w.tp) && w.stage != Work::Stage::Writing;
    });
}

void Pipeline::setPaused(unsigned reason, bool on)
{
    const unsigned before = m_paused;
    m_paused = on ? (m_paused | reason) : (m_paused & ~reason);
    if (!m_consumer || bool(before) == bool(m_paused))
        return;
    const QList<kafka::TopicPartition> assigned = m_assignment.partitions();
    if (m_paused) {
        m_consumer->pause(assigned);
    } else {
        m_consumer->resume(assigned);
        scheduleDrain();
    }
}

void Pipeline::applyBackpressure()
{
    onBackpressureAction(m_backpressure.update(m_works.size()));
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
// Processing and writing

void Pipeline::process(Work *w)
{
    if (m_txn) {
        if (const auto poison = m_txn->poisoned(*w)) {
            // As the at-least-once path does when the broker refuses the record, without
            // paying for the enrichment a second time.
            w->cost_usd = poison->second;
            writeDlq(w, llm::Failure{llm::FailureClass::InvalidPayload, 0, {}, poison->first, {}});
            return;
        }
    }
    auto decoded = m_decoder.decode(QByteArrayView(w->value));
    if (auto *e = std::get_if<DecodeError>(&decoded)) {
        ++m_metrics.invalid;
        writeDlq(w, llm::Failure{llm::FailureClass::InvalidPayload, 0, {}, e->reason, {}});
        return;
    }
    w->event = std::move(std::get<DecodedEvent>(decoded));
    m_rounds.run(w);
}

void Pipeline::roundEnded(Work *w, RoundRunner::End end)
{
    switch (end) {
    case RoundRunner::End::Output:
        writeOutput(w);
        break;
    case RoundRunner::End::Retry:
        writeRetry(w);
        break;
    case RoundRunner::End::DeadLetter:
        writeDlq(w, *w->failure);
        break;
    case RoundRunner::End::Drop:
        finish(w);
        break;
    }
}

void Pipeline::writeOutput(Work *w)
{
    w->outcome = Work::Outcome::Enriched;
    produce(w, m_output_topic, m_records.output(*w, nowMs()), {});
}

void Pipeline::writeRetry(Work *w)
{
    const auto delay = m_rounds.retryDelay(*w);
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
    const rd_kafka_resp_err_t err = m_txn && !w->written
                                        ? m_txn->write(w, topic, value, headers)
                                        : m_producer->produce(topic, w->key, value, headers, w);
    if (err == RD_KAFKA_RESP_ERR_NO_ERROR)
        return;
    if (err == RD_KAFKA_RESP_ERR__QUEUE_FULL) {
        // The producer is the bottleneck: try again shortly; the offset stays uncommitted.
        QTimer::singleShot(kRetryProduceMs, this, [=, this] { produce(w, topic, value, headers); });
        return;
    }
    qCCritical(lcPipeline, "cannot write %s to %s: %s; its offset stays uncommitted",
               w->origin.constData(), topic.constData(), qPrintable(kafka::errorText(err)));
    if (topic != m_dlq_topic)
        writeDlq(w, llm::Failure{llm::FailureClass::InvalidPayload, 0, {}, kafka::errorText(err),
                                 {}});
}

void Pipeline::onDelivery(void *opaque, rd_kafka_resp_err_t err)
{
    auto *w = static_cast<Work *>(opaque);
    if (m_txn && m_txn->delivered(w, err))
        return;
    if (err == RD_KAFKA_RESP_ERR_MSG_SIZE_TOO_LARGE && w->outcome == Work::Outcome::Enriched) {
        // The broker will never take this enriched record; the DLQ keeps the (smaller)
        // original instead of retrying forever.
        writeDlq(w, refusedAsTooLarge(err));
        return;
    }
    if (err != RD_KAFKA_RESP_ERR_NO_ERROR) {
        qCWarning(lcPipeline, "delivery of %s failed: %s; writing it again", w->origin.constData(),
                  qPrintable(kafka::errorText(err)));
        QTimer::singleShot(1000, this, [this, w] {
            roundEnded(w, w->outcome == Work::Outcome::Enriched  ? RoundRunner::End::Output
                          : w->outcome == Work::Outcome::Retried ? RoundRunner::End::Retry
                                                                 : RoundRunner::End::DeadLetter);
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
    m_assignment.done(w->tp, w->tracker_generation, w->offset);
    finish(w);
}

void Pipeline::finish(Work *w)
{
    if (m_txn && !w->written)
        m_txn->blockAbove(w, m_stopping);
    m_works.erase(w);
    applyBackpressure();
    if (m_stopping)
        maybeFinishStop();
}

void Pipeline::cancel(const std::function<bool(const Work &)> &which)
{
    const QList<Work *> idle = m_works.cancel(which);
    for (Work *w : idle)
        finish(w);
}

// ---------------------------------------------------------------------------------------------
// TransactionWriter::Host

void Pipeline::dropAll()
{
    cancel([](const Work &) { return true; });
}

bool Pipeline::seek(const QList<kafka::CommitOffset> &offsets, int timeout_ms, QString *error)
{
    return m_consumer->seek(offsets, timeout_ms, error);
}

void Pipeline::endOrphans()
{
    for (Work *w : m_works.values())
        if (w->written && w->cancelled)
            finish(w);
}

void Pipeline::fatal(const QString &message)
{
    m_commit_timer.stop();
    setPaused(Stopping, true);
    emit failed(TransactionFatal, message);
}

// ---------------------------------------------------------------------------------------------
// Control, commits, shutdown

void Pipeline::setConcurrency(int concurrency)
{
    m_settings.concurrency = qMax(1, concurrency);
    m_rounds.setConcurrency(m_settings.concurrency);
    m_gate.setConcurrency(m_settings.concurrency);
}

void Pipeline::setRate(double rate_per_s)
{
    m_gate.setRate(rate_per_s);
}

void Pipeline::setMode(config::ProcessingMode mode)
{
    if (mode == m_rounds.mode())
        return;
    qCInfo(lcPipeline, "mode %s -> %s", qPrintable(config::modeName(m_rounds.mode())),
           qPrintable(config::modeName(mode)));
    m_rounds.setMode(mode);
    m_gate.setMode(mode);
}

void Pipeline::setBatchSize(int batch_size)
{
    m_rounds.setBatchSize(qBound(1, batch_size, 256));
}

void Pipeline::setApiKey(const QString &api_key)
{
    m_rounds.setApiKey(api_key);
    m_gate.probeNow();
}

void Pipeline::setBudget(double hourly_usd, double daily_usd)
{
    m_gate.setBudget(hourly_usd, daily_usd);
}

void Pipeline::pauseConsumption()
{
    setPaused(Operator, true);
}

void Pipeline::resumeConsumption()
{
    setPaused(Operator, false);
}

void Pipeline::commit(bool async)
{
    if (m_txn)
        m_txn->commit(!async);
    else if (m_consumer)
        m_consumer->commit(m_assignment.takeCommittable(&m_metrics.committed), async);
}

void Pipeline::stop()
{
    if (m_stopping)
        return;
    m_stopping = true;
    m_rounds.setStopping();
    qCInfo(lcPipeline, "stopping: draining %d messages (deadline %d ms)", m_works.size(),
           m_settings.drain_timeout_ms);
    setPaused(Stopping, true);
    // Held retries are not due yet, and messages whose calls have not gone out cost nothing
    // to redo: leave them uncommitted for the next run and drain only what is on the wire.
    cancel([](const Work &w) {
        return w.stage != Work::Stage::Writing && w.calls_on_wire == 0;
    });
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
    if (m_txn)
        m_txn->halt();
    m_snapshot_timer.stop();
    if (!m_works.isEmpty())
        qCWarning(lcPipeline, "drain deadline passed with %d messages unfinished; they stay "
                              "uncommitted and will be redelivered",
                  m_works.size());
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
    s.state = m_stopped                                ? EngineState::Stopped
              : m_stopping                             ? EngineState::Stopping
              : (m_paused & Circuit)                   ? EngineState::CircuitOpen
              : (m_paused & Budget)                    ? EngineState::BudgetPaused
              : (m_paused & Operator)                  ? EngineState::Paused
              : m_assignment.isEmpty() && !m_consumer ? EngineState::Starting
                                                       : EngineState::Running;
    if (s.state == EngineState::CircuitOpen)
        s.state_reason = m_gate.circuitReason();
    else if (s.state == EngineState::BudgetPaused)
        s.state_reason = m_gate.budgetReason();
    s.simulated = m_settings.simulated;
    s.inflight_messages = m_works.size();
    s.inflight_messages_peak = m_works.peak();
    s.inflight_requests = m_rounds.inflightRequests();
    s.queued_requests = m_gate.queued();
    s.held_retries = m_works.heldCount();
    s.concurrency_cap = m_gate.concurrencyCap();
    s.effective_concurrency = m_gate.effectiveConcurrency();
    s.adaptive = m_gate.adaptive();
    s.cache_entries = m_rounds.cacheEntries();
    s.rate_limit_per_s = m_gate.rate();
    s.mode = config::modeName(m_rounds.mode());
    s.batch_size = m_rounds.batchSize();
    s.partitions = m_assignment.stats([this](const kafka::TopicPartition &tp) {
        return m_consumer ? m_consumer->highWatermark(tp) : qint64(-1);
    });
    return s;
}

} // namespace herder::pipeline
