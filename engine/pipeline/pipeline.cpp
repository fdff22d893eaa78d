#include "pipeline/pipeline.h"

#include "pipeline/kafkatransactionalproducer.h"
#include "pipeline/pipelinelog.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QHostInfo>

namespace herder::pipeline {
namespace {

constexpr int kCommitIntervalMs = 1000;
constexpr int kSnapshotIntervalMs = 250;

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
      m_kafka(m_settings,
              [this](void *opaque, rd_kafka_resp_err_t err) { m_writer.onDelivery(opaque, err); },
              {[this](const auto &tps) { onAssigned(tps); },
               [this](const auto &tps) { onRevoking(tps); }}),
      m_rounds(m_settings, m_gate, m_metrics,
               [this](Work *w, RoundRunner::End end) { roundEnded(w, end); }, this),
      m_works([this](Work *w) { process(w); }, [this](Work *w) { m_rounds.unplan(w); }, this),
      m_intake(m_settings.max_inflight_messages,
               {[this] { return m_works.size(); }, [this] { return m_assignment.partitions(); },
                [this](kafka::Message m) { accept(std::move(m)); }},
               this),
      m_writer(m_records, m_output_topic, m_retry_topic, m_dlq_topic, m_metrics,
               {[this](const Work &w) { return m_rounds.retryDelay(w); },
                [this](Work *w) {
                    m_assignment.done(w->tp, w->tracker_generation, w->offset);
                    finish(w);
                }},
               this)
{
    connect(&m_gate, &ProviderGate::circuitHold, this,
            [this](bool on) { m_intake.setPaused(Intake::Circuit, on); });
    connect(&m_gate, &ProviderGate::budgetHold, this,
            [this](bool on) { m_intake.setPaused(Intake::Budget, on); });
    connect(&m_gate, &ProviderGate::stormHold, this,
            [this](bool on) { m_intake.setPaused(Intake::Storm, on); });
    m_commit_timer.setInterval(m_settings.transactional() ? m_settings.transaction_interval_ms
                                                          : kCommitIntervalMs);
    connect(&m_commit_timer, &QTimer::timeout, this, [this] { commit(true); });
    m_snapshot_timer.setInterval(kSnapshotIntervalMs);
    connect(&m_snapshot_timer, &QTimer::timeout, this,
            [this] { emit snapshotReady(snapshot()); });
    m_stop_timer.setSingleShot(true);
    connect(&m_stop_timer, &QTimer::timeout, this, &Pipeline::finishStop);
}

Pipeline::~Pipeline()
{
    // Destroyed without stop(): close the consumer while the members its revoke callback
    // (onRevoking) uses are still alive, not after them.
    if (m_kafka.consumer())
        m_kafka.consumer()->close();
    m_rounds.abortCalls(); // what is still on the wire goes before the works do
}

Pipeline::ExitCode Pipeline::start(QString *error)
{
    switch (m_kafka.open(error)) {
    case KafkaClients::Opened::Ok:
        break;
    case KafkaClients::Opened::BadConfig:
        return BadConfig;
    case KafkaClients::Opened::Unreachable:
        return KafkaUnreachable;
    }
    if (m_settings.transactional()) {
        m_txn_producer = std::make_unique<KafkaTransactionalProducer>(
            m_kafka.producer(), *m_kafka.consumer(),
            [this](QString *e) { return m_kafka.createProducer(e); });
        TransactionWriter::Host &host = *this;
        m_txn = std::make_unique<TransactionWriter>(*m_txn_producer, m_assignment, host,
                                                    m_settings.transaction_max_messages,
                                                    m_dlq_topic, m_metrics.committed, this);
    }
    m_rounds.start();
    m_gate.start();

    if (!m_kafka.consumer()->subscribe({m_source_topic, m_retry_topic}, error))
        return BadConfig;
    m_writer.setProducer(m_kafka.producer().get(), m_txn.get());
    m_intake.start(m_kafka.consumer());
    m_commit_timer.start();
    m_snapshot_timer.start();
    qCInfo(lcPipeline, "started: %s -> %s (instance %s)", m_source_topic.constData(),
           m_output_topic.constData(), qPrintable(m_instance));
    return Ok;
}

// ---------------------------------------------------------------------------------------------
// Consuming

void Pipeline::accept(kafka::Message m)
{
    const kafka::TopicPartition tp{m.topic(), m.partition()};
    const std::optional<quint64> generation = m_assignment.begin(tp, m.offset());
    if (!generation)
        return; // not ours (any more) or seen already
    if (m_txn)
        m_txn->begin(tp, *generation, m.offset());

    auto *w = new Work;
    w->tp = tp;
    w->offset = m.offset();
    w->tracker_generation = *generation;
    w->timestamp_ms = m.timestampMs();
    w->key = m.key();
    w->value = m.value();
    w->headers = m.headers();
    m.reset();
    m_works.insert(w);

    w->from_retry = tp.topic == m_retry_topic;
    if (w->from_retry)
        RecordBuilder::readRetryHeaders(*w);
    else
        ++m_metrics.consumed;
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
    m_intake.assigned(partitions);
}

void Pipeline::onRevoking(const QList<kafka::TopicPartition> &partitions)
{
    // Last chance to commit what is done; what is still in flight will be redelivered to the
    // partitions' next owner, so stop spending money on it.
    if (m_txn)
        m_txn->commit(true);
    else
        m_kafka.consumer()->commit(m_assignment.takeCommittable(&m_metrics.committed, partitions), false);
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

// ---------------------------------------------------------------------------------------------
// Processing and writing

void Pipeline::process(Work *w)
{
    if (m_txn) {
        if (const auto poison = m_txn->poisoned(*w)) {
            // As the at-least-once path does when the broker refuses the record, without
            // paying for the enrichment a second time.
            w->cost_usd = poison->second;
            m_writer.writeDlq(w,
                              llm::Failure{llm::FailureClass::InvalidPayload, 0, {}, poison->first, {}});
            return;
        }
    }
    auto decoded = m_decoder.decode(QByteArrayView(w->value));
    if (auto *e = std::get_if<DecodeError>(&decoded)) {
        ++m_metrics.invalid;
        m_writer.writeDlq(w, llm::Failure{llm::FailureClass::InvalidPayload, 0, {}, e->reason, {}});
        return;
    }
    w->event = std::move(std::get<DecodedEvent>(decoded));
    m_rounds.run(w);
}

void Pipeline::roundEnded(Work *w, RoundRunner::End end)
{
    switch (end) {
    case RoundRunner::End::Output:
        m_writer.writeOutput(w);
        break;
    case RoundRunner::End::Retry:
        m_writer.writeRetry(w);
        break;
    case RoundRunner::End::DeadLetter:
        m_writer.writeDlq(w, *w->failure);
        break;
    case RoundRunner::End::Drop:
        finish(w);
        break;
    }
}

void Pipeline::finish(Work *w)
{
    if (m_txn && !w->written)
        m_txn->blockAbove(w, m_stopping);
    m_works.erase(w);
    m_intake.inflightChanged();
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
    return m_kafka.consumer()->seek(offsets, timeout_ms, error);
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
    m_intake.setPaused(Intake::Stopping, true);
    emit failed(TransactionFatal, message);
}

// ---------------------------------------------------------------------------------------------
// Control, commits, shutdown

void Pipeline::applyLimits(const config::Limits &limits)
{
    if (limits.mode && *limits.mode != m_rounds.mode())
        qCInfo(lcPipeline, "mode %s -> %s", qPrintable(config::modeName(m_rounds.mode())),
               qPrintable(config::modeName(*limits.mode)));
    m_rounds.applyLimits(limits);
    m_gate.applyLimits(limits);
}

void Pipeline::setApiKey(const QString &api_key)
{
    m_rounds.setApiKey(api_key);
    m_gate.probeNow();
}

void Pipeline::commit(bool async)
{
    if (m_txn)
        m_txn->commit(!async);
    else if (m_kafka.consumer())
        m_kafka.consumer()->commit(m_assignment.takeCommittable(&m_metrics.committed), async);
}

void Pipeline::stop()
{
    if (m_stopping)
        return;
    m_stopping = true;
    m_rounds.setStopping();
    qCInfo(lcPipeline, "stopping: draining %d messages (deadline %d ms)", m_works.size(),
           m_settings.drain_timeout_ms);
    m_intake.setPaused(Intake::Stopping, true);
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
    m_intake.stop();
    m_stop_timer.stop();
    m_commit_timer.stop();
    if (m_txn)
        m_txn->halt();
    m_snapshot_timer.stop();
    if (!m_works.isEmpty())
        qCWarning(lcPipeline, "drain deadline passed with %d messages unfinished; they stay "
                              "uncommitted and will be redelivered",
                  m_works.size());
    if (kafka::Producer *producer = m_kafka.producer().get()) {
        if (!producer->flush(5000))
            qCWarning(lcPipeline, "producer flush timed out with %d records",
                      producer->outstanding());
        producer->poll(); // settle the last delivery reports so their offsets count
    }
    commit(false);
    // Taken before close(): the revoke inside it drops the partitions the summary lists.
    const metrics::EngineSnapshot last = snapshot();
    if (m_kafka.consumer())
        m_kafka.consumer()->close();
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
              : m_intake.paused(Intake::Circuit)       ? EngineState::CircuitOpen
              : m_intake.paused(Intake::Budget)        ? EngineState::BudgetPaused
              : m_intake.paused(Intake::Storm)         ? EngineState::Storming
              : m_intake.paused(Intake::Operator)      ? EngineState::Paused
              : m_assignment.isEmpty() && !m_kafka.consumer() ? EngineState::Starting
                                                       : EngineState::Running;
    if (s.state == EngineState::CircuitOpen)
        s.state_reason = m_gate.circuitReason();
    else if (s.state == EngineState::BudgetPaused)
        s.state_reason = m_gate.budgetReason();
    else if (s.state == EngineState::Storming)
        s.state_reason = m_gate.stormReason();
    s.simulated = m_settings.simulated;
    m_works.fill(s);
    m_rounds.fill(s);
    m_gate.fill(s);
    s.partitions = m_assignment.stats([this](const kafka::TopicPartition &tp) {
        return m_kafka.consumer() ? m_kafka.consumer()->highWatermark(tp) : qint64(-1);
    });
    return s;
}

} // namespace herder::pipeline
