#include "pipeline/transactionwriter.h"

#include "kafka/errortext.h"
#include "pipeline/pipelinelog.h"

namespace herder::pipeline {
namespace {

// How long a flush, commit or seek may block the engine thread.
constexpr int kTxnTimeoutMs = 30000;
// How soon an abort that could not reach the broker is tried again.
constexpr int kAbortRetryMs = 1000;
// ... and how long one attempt may block the engine thread (the abort goes on meanwhile).
constexpr int kAbortTimeoutMs = 5000;
// How long a routine commit waits for the transaction's records before leaving them to the
// next tick, so that a broker away does not freeze the engine thread.
constexpr int kCommitFlushMs = 1000;

} // namespace

llm::Failure refusedAsTooLarge(rd_kafka_resp_err_t err)
{
    return llm::Failure{llm::FailureClass::InvalidPayload, 0, {},
                        QStringLiteral("enriched record rejected by Kafka: %1")
                            .arg(kafka::errorText(err)),
                        {}};
}

TransactionWriter::TransactionWriter(TransactionalProducer &producer, Assignment &assignment,
                                     Host &host, int max_records, QByteArray dlq_topic,
                                     quint64 &committed, QObject *parent)
    : QObject(parent),
      m_producer(producer),
      m_assignment(assignment),
      m_host(host),
      m_max_records(max_records),
      m_dlq_topic(std::move(dlq_topic)),
      m_committed(committed)
{
    m_abort_timer.setSingleShot(true);
    connect(&m_abort_timer, &QTimer::timeout, this, &TransactionWriter::finishAbort);
}

bool TransactionWriter::abortPending() const
{
    return m_state != State::Open && m_state != State::Failing && m_state != State::Dead;
}

void TransactionWriter::begin(const kafka::TopicPartition &tp, quint64 generation, qint64 offset)
{
    Order &order = m_orders[tp];
    if (order.generation != generation) {
        // A partition assigned anew without a revoke in between: what waited under the old
        // assignment is not written in this one.
        QList<Work *> stale;
        for (const auto &[o, p] : order.parked)
            stale.append(p.work);
        order = Order{generation};
        for (Work *w : std::as_const(stale))
            m_host.end(w);
    }
    m_orders[tp].unwritten.insert(offset);
}

TransactionWriter::Order *TransactionWriter::orderOf(const Work *w)
{
    if (!m_assignment.current(w->tp, w->tracker_generation))
        return nullptr;
    const auto order = m_orders.find(w->tp);
    if (order == m_orders.end() || order->generation != w->tracker_generation)
        return nullptr;
    return &*order;
}

rd_kafka_resp_err_t TransactionWriter::write(Work *w, const QByteArray &topic,
                                             const QByteArray &value, const kafka::Headers &headers)
{
    Order *order = orderOf(w);
    if (!order || w->cancelled || m_state == State::Dead ||
        (order->blocked_from >= 0 && w->offset > order->blocked_from)) {
        m_host.end(w);
        return RD_KAFKA_RESP_ERR_NO_ERROR;
    }
    if (!order->unwritten.empty() && *order->unwritten.begin() != w->offset) {
        order->parked.insert_or_assign(w->offset, Parked{w, topic, value, headers});
        return RD_KAFKA_RESP_ERR_NO_ERROR;
    }
    const rd_kafka_resp_err_t err = m_producer.produce(topic, w->key, value, headers, w);
    if (err == RD_KAFKA_RESP_ERR_NO_ERROR) {
        w->written = true;
        order->unwritten.erase(w->offset);
        releaseParked(w->tp);
        if (m_records == 0)
            m_age.start();
        if (++m_records >= m_max_records)
            scheduleCommit();
        return err;
    }
    if (err == RD_KAFKA_RESP_ERR__FATAL) {
        fail(m_producer.fatalError());
        m_host.end(w);
        return RD_KAFKA_RESP_ERR_NO_ERROR;
    }
    if ((err != RD_KAFKA_RESP_ERR_MSG_SIZE_TOO_LARGE || topic == m_dlq_topic) &&
        err != RD_KAFKA_RESP_ERR__QUEUE_FULL) {
        // Mostly __STATE: the transaction hit an abortable error and takes no more records.
        // The record is not at fault, so no DLQ: abort and redo it (and leave no gap that
        // nothing would fill).
        requestAbort(QStringLiteral("cannot write %1 to %2: %3")
                         .arg(QString::fromUtf8(w->origin), QString::fromUtf8(topic),
                              kafka::errorText(err)));
        m_host.end(w);
        return RD_KAFKA_RESP_ERR_NO_ERROR;
    }
    return err;
}

void TransactionWriter::releaseParked(const kafka::TopicPartition &tp)
{
    if (m_releasing)
        return; // the outer loop goes on
    m_releasing = true;
    for (;;) {
        const auto order = m_orders.find(tp);
        if (order == m_orders.end() || order->parked.empty() || order->unwritten.empty() ||
            order->parked.begin()->first != *order->unwritten.begin())
            break;
        Parked p = std::move(order->parked.begin()->second);
        order->parked.erase(order->parked.begin());
        m_host.produce(p.work, p.topic, p.value, p.headers);
    }
    m_releasing = false;
}

bool TransactionWriter::delivered(Work *w, rd_kafka_resp_err_t err)
{
    if (err == RD_KAFKA_RESP_ERR_NO_ERROR && !w->cancelled)
        return false;
    // A failed record fails its whole transaction: the commit aborts and everything since the
    // last commit is redone, this message included.
    if (err == RD_KAFKA_RESP_ERR_MSG_SIZE_TOO_LARGE && w->outcome == Work::Outcome::Enriched) {
        // Redone as it is, it would fail again forever: the redo dead-letters it. Kept even
        // when an abort has already cancelled the message, or the redo could meet the same
        // refusal again.
        qCWarning(lcPipeline, "exactly-once: Kafka refused the enriched record of %s (%s); "
                              "it goes to the DLQ when redone",
                  w->origin.constData(), qPrintable(kafka::errorText(err)));
        m_poisoned[w->tp].insert_or_assign(w->offset,
                                           Poison{refusedAsTooLarge(err).message, w->cost_usd});
    }
    if (err != RD_KAFKA_RESP_ERR_NO_ERROR && !w->cancelled)
        requestAbort(QStringLiteral("delivery of %1 failed: %2")
                         .arg(QString::fromUtf8(w->origin), kafka::errorText(err)));
    m_host.end(w);
    return true;
}

void TransactionWriter::blockAbove(const Work *w, bool stopping)
{
    Order *order = orderOf(w);
    if (!order)
        return;
    if (order->blocked_from < 0 || w->offset < order->blocked_from)
        order->blocked_from = w->offset;
    QList<Work *> above;
    for (auto it = order->parked.upper_bound(order->blocked_from); it != order->parked.end();) {
        above.append(it->second.work);
        it = order->parked.erase(it);
    }
    const QString origin = QString::fromUtf8(w->origin); // w may end with those above
    for (Work *a : std::as_const(above))
        m_host.end(a);
    // Left alone, the partition would go on consuming while nothing of it is written or
    // committed any more. A stopping engine leaves the rest to the next run.
    if (!stopping)
        requestAbort(QStringLiteral("%1 ended unwritten").arg(origin));
}

std::optional<std::pair<QString, double>> TransactionWriter::poisoned(const Work &w) const
{
    const auto partition = m_poisoned.constFind(w.tp);
    if (partition == m_poisoned.cend())
        return std::nullopt;
    const auto poison = partition->find(w.offset);
    if (poison == partition->end())
        return std::nullopt;
    return std::pair{poison->second.reason, poison->second.cost_usd};
}

QList<Work *> TransactionWriter::forget(const kafka::TopicPartition &tp)
{
    QList<Work *> parked;
    const auto order = m_orders.find(tp);
    if (order != m_orders.end()) {
        for (const auto &[offset, p] : order->parked)
            parked.append(p.work);
        m_orders.erase(order);
    }
    m_poisoned.remove(tp); // its next owner finds out for itself
    return parked;
}

void TransactionWriter::scheduleCommit()
{
    if (m_commit_scheduled)
        return;
    m_commit_scheduled = true;
    QTimer::singleShot(0, this, [this] { commit(false); });
}

void TransactionWriter::requestAbort(const QString &reason)
{
    if (m_state == State::Dead || abortPending())
        return;
    if (m_state != State::Failing) {
        qCWarning(lcPipeline, "exactly-once: %s; the transaction will abort", qPrintable(reason));
        m_abort_reason = reason;
    }
    m_state = State::Failing;
    scheduleCommit();
}

void TransactionWriter::commit(bool settle)
{
    m_commit_scheduled = false;
    if (m_state != State::Open && m_state != State::Failing)
        return;
    if (m_state == State::Failing) {
        // No flush first: the abort drops what is still queued instead of waiting for it.
        abortAndRewind(m_abort_reason);
        return;
    }
    if (m_records == 0)
        return;
    // Every record of the transaction acknowledged: their offsets are done, and (written in
    // offset order) they all lie below the watermark sent with the commit.
    if (!m_producer.flush(settle ? kTxnTimeoutMs : kCommitFlushMs)) {
        // A record that cannot be delivered fails by itself after message.timeout.ms (which
        // lies below transaction.timeout.ms), and that aborts.
        if (!settle && m_age.elapsed() < kTxnTimeoutMs)
            return;
        abortAndRewind(QStringLiteral("the transaction's records were not acknowledged in time"));
        return;
    }
    m_producer.poll();
    if (m_state == State::Failing) {
        abortAndRewind(m_abort_reason);
        return;
    }
    const QList<kafka::CommitOffset> offsets = m_assignment.committable();
    using Status = TransactionalProducer::Status;
    QString error;
    const Status committed = m_producer.commitTransaction(offsets, kTxnTimeoutMs, &error);
    if (committed == Status::Fatal) {
        fail(error);
        return;
    }
    if (committed == Status::Abort) {
        abortAndRewind(error);
        return;
    }
    m_records = 0;
    m_replacements = 0;
    m_committed += m_assignment.markCommitted(offsets);
    for (const kafka::CommitOffset &c : offsets) {
        const auto poisoned = m_poisoned.find(c.tp);
        if (poisoned == m_poisoned.end())
            continue;
        poisoned->erase(poisoned->begin(), poisoned->lower_bound(c.offset));
        if (poisoned->empty())
            m_poisoned.erase(poisoned);
    }
    if (m_producer.beginTransaction(&error) != Status::Ok)
        fail(error);
}

void TransactionWriter::abortAndRewind(const QString &reason)
{
    qCWarning(lcPipeline, "exactly-once: aborting the transaction (%s); redoing the work since "
                          "the last commit",
              qPrintable(reason));
    dropForRewind();
    finishAbort();
}

void TransactionWriter::dropForRewind()
{
    if (abortPending())
        return; // dropped already
    m_records = 0;
    m_abort_reason.clear();
    m_state = State::Aborting;
    // Nothing new comes in until the consumer is rewound and a transaction is open again.
    m_host.holdConsumption(true);
    // Every message in flight is redone from the rewound position: drop it the way a revoke
    // does. Records still queued come back as failed (aborted) deliveries and end there.
    QList<Work *> parked;
    for (const Order &order : std::as_const(m_orders))
        for (const auto &[offset, p] : order.parked)
            parked.append(p.work);
    m_orders.clear();
    m_rewind.append(m_assignment.rewind());
    m_host.dropAll();
    for (Work *w : std::as_const(parked))
        m_host.end(w);
}

bool TransactionWriter::stepDone(TransactionalProducer::Status status, const char *what,
                                 const QString &error)
{
    if (status == TransactionalProducer::Status::Fatal) {
        fail(error);
        return false;
    }
    if (status != TransactionalProducer::Status::Ok) {
        qCWarning(lcPipeline, "exactly-once: %s (%s); trying again", what, qPrintable(error));
        m_abort_timer.start(kAbortRetryMs);
        return false;
    }
    return true;
}

void TransactionWriter::finishAbort()
{
    if (!abortPending())
        return;
    QString error;
    using Status = TransactionalProducer::Status;
    if (m_state == State::ReplacingProducer) {
        const bool replaced = m_producer.replace(&error);
        // Their delivery reports went with the old producer.
        m_host.endOrphans();
        if (!replaced) {
            die(error);
            return;
        }
        m_state = State::InitialisingProducer;
    }
    if (m_state == State::InitialisingProducer) {
        // Also aborts what the old producer left open under the same transactional.id. Fatal
        // here (fenced: the engine stops; else yet another producer) is fail()'s to decide.
        if (!stepDone(m_producer.initTransactions(kAbortTimeoutMs, &error),
                      "the new producer is not ready", error))
            return;
        m_state = State::Rewinding;
    }
    if (m_state == State::Aborting) {
        if (!stepDone(m_producer.abortTransaction(kAbortTimeoutMs, &error),
                      "the abort did not complete", error))
            return;
        m_state = State::Rewinding;
    }
    // Only the partitions still ours: a partition assigned since starts at the committed
    // offsets anyway.
    QList<kafka::CommitOffset> rewind;
    for (const kafka::CommitOffset &c : std::as_const(m_rewind))
        if (m_assignment.contains(c.tp))
            rewind.append(c);
    if (!m_host.seek(rewind, kTxnTimeoutMs, &error)) {
        qCWarning(lcPipeline, "exactly-once: cannot rewind the consumer yet (%s); trying again",
                  qPrintable(error));
        m_abort_timer.start(kAbortRetryMs);
        return;
    }
    m_producer.poll();
    if (m_producer.beginTransaction(&error) != Status::Ok) {
        fail(error);
        return;
    }
    m_rewind.clear();
    m_state = State::Open;
    m_host.holdConsumption(false);
}

void TransactionWriter::fail(const QString &message)
{
    if (m_state == State::Dead)
        return;
    if (!m_producer.fenced() && m_replacements < kMaxReplacements) {
        // Not another instance taking over (that one must be left alone), but e.g. a
        // transaction the coordinator expired while the broker was away: librdkafka calls
        // that fatal for the producer, not for the engine. A new producer with the same
        // transactional.id carries on from the last commit.
        qCWarning(lcPipeline, "exactly-once: the producer failed (%s); replacing it and redoing "
                              "the work since the last commit",
                  qPrintable(message));
        dropForRewind();
        ++m_replacements;
        m_state = State::ReplacingProducer;
        // Not from here: this may run inside the old producer's own delivery report.
        m_abort_timer.start(0);
        return;
    }
    die(message);
}

void TransactionWriter::die(const QString &message)
{
    m_state = State::Dead;
    m_abort_timer.stop();
    const QString text =
        QStringLiteral("exactly-once mode: fatal transaction error (%1); the engine stops, "
                       "nothing after the last committed transaction was kept")
            .arg(message);
    qCCritical(lcPipeline, "%s", qPrintable(text));
    m_host.fatal(text);
}

void TransactionWriter::halt()
{
    m_abort_timer.stop();
}

} // namespace herder::pipeline
