#pragma once

#include "llm/failure.h"
#include "pipeline/assignment.h"
#include "pipeline/transactionalproducer.h"
#include "pipeline/work.h"

#include <QElapsedTimer>
#include <QHash>
#include <QObject>
#include <QTimer>

#include <map>
#include <optional>
#include <set>

namespace herder::pipeline {

/// The DLQ reason of a record the broker will never take because of its size.
llm::Failure refusedAsTooLarge(rd_kafka_resp_err_t err);

/// Exactly-once mode's writer: outputs, retries and DLQ records go into Kafka transactions
/// that commit with the consumer offsets below them. A transaction commits its records
/// together with the offsets below the contiguous done watermark, so a record in it whose
/// offset lay above that watermark would be written again after a crash. Writing each
/// partition's records in offset order makes the records of a committed transaction always a
/// prefix of the done offsets: a record whose lower offsets are not written yet waits
/// (parked), and one whose partition is no longer ours, or lies above an offset left
/// unfinished, is not written at all (it stays uncommitted and is redone by whoever reads it
/// next). Any failure aborts the transaction and rewinds the consumer to the last commit;
/// a producer that fails fatally (not fenced) is replaced, at most kMaxReplacements times in
/// a row. Engine-thread only.
class TransactionWriter : public QObject
{
    Q_OBJECT
public:
    /// Where the writer's transaction is. Every state but Open and Failing lies between an
    /// abort's drop of the work in flight and the consumer's rewind.
    enum class State {
        Open = 1,             ///< records go into the open transaction
        Failing,              ///< a record failed: the transaction aborts on the next turn
        Aborting,             ///< work dropped, consumption held; the abort is not done
        ReplacingProducer,    ///< ... and a new producer must take the failed one's place
        InitialisingProducer, ///< ... which exists, but its transactions are not initialised
        Rewinding,            ///< aborted; the consumer's seek and the next begin are not done
        Dead,                 ///< fatal: nothing more is written or committed
    };

    /// What the writer needs of the engine around it.
    class Host
    {
    public:
        virtual ~Host() = default;
        /// Cancels every message in flight (they are redone from the rewound position) and
        /// ends those idle in the engine; the others end when their call or write comes back.
        virtual void dropAll() = 0;
        /// Seeks the consumer to \a offsets.
        virtual bool seek(const QList<kafka::CommitOffset> &offsets, int timeout_ms,
                          QString *error) = 0;
        /// Holds consumption while an abort is under way, or releases it.
        virtual void holdConsumption(bool held) = 0;
        /// Writes a parked record whose turn has come, through the engine's own write path.
        virtual void produce(Work *w, const QByteArray &topic, const QByteArray &value,
                             const kafka::Headers &headers) = 0;
        /// \a w is over: the engine forgets and deletes it.
        virtual void end(Work *w) = 0;
        /// After a producer replacement: ends the written, cancelled work whose delivery
        /// reports went with the old producer.
        virtual void endOrphans() = 0;
        /// Exactly-once mode cannot go on (\a message says why).
        virtual void fatal(const QString &message) = 0;
    };

    static constexpr int kMaxReplacements = 3;

    /// \a committed counts the messages each commit settles.
    TransactionWriter(TransactionalProducer &producer, Assignment &assignment, Host &host,
                      int max_records, QByteArray dlq_topic, quint64 &committed,
                      QObject *parent = nullptr);

    State state() const { return m_state; }
    int records() const { return m_records; }
    int replacements() const { return m_replacements; }

    /// A consumed offset of \a tp (in \a generation) starts: its record is expected.
    void begin(const kafka::TopicPartition &tp, quint64 generation, qint64 offset);
    /// Writes \a w's record into the transaction in its partition's offset order, or parks it,
    /// or ends \a w unwritten. Returns the producer's error when the caller must act on it:
    /// __QUEUE_FULL (try again shortly) or a record too large for a topic other than the DLQ.
    rd_kafka_resp_err_t write(Work *w, const QByteArray &topic, const QByteArray &value,
                              const kafka::Headers &headers);
    /// A delivery report: true when it settled \a w (a failure or cancelled work: the
    /// transaction aborts and \a w ends); false for a good one the caller settles.
    bool delivered(Work *w, rd_kafka_resp_err_t err);
    /// \a w ends unwritten: nothing above it in its partition may be written in this
    /// assignment (its offset stays uncommitted and will be redone); unless \a stopping, the
    /// transaction aborts so that the redo happens now.
    void blockAbove(const Work *w, bool stopping);
    /// The reason and cost of \a w's earlier enrichment that the broker refused for good, when
    /// an aborted transaction held one: the redo dead-letters it instead.
    std::optional<std::pair<QString, double>> poisoned(const Work &w) const;
    /// \a tp is revoked: its parked records are returned to be ended.
    QList<Work *> forget(const kafka::TopicPartition &tp);

    /// Commits the open transaction with the offsets of the records in it and begins the
    /// next one; on an abortable error aborts and rewinds. Unless \a settle (a revoke, the
    /// stop), records still unacknowledged after a moment leave the commit to a later tick.
    void commit(bool settle);
    /// The open transaction must not commit; it aborts on the next turn of the event loop.
    void requestAbort(const QString &reason);
    /// A fatal producer error: the producer is replaced, or (fenced, or replaced too often)
    /// the engine's exactly-once mode ends.
    void fail(const QString &message);
    /// No more abort attempts (the engine stops).
    void halt();

private:
    struct Poison
    {
        QString reason;
        double cost_usd = 0; ///< what its enrichment cost before the refusal
    };
    struct Parked
    {
        Work *work;
        QByteArray topic;
        QByteArray value;
        kafka::Headers headers;
    };
    /// One partition's write order in one generation.
    struct Order
    {
        quint64 generation = 0;
        std::set<qint64> unwritten{};     ///< begun offsets whose record is not queued yet
        std::map<qint64, Parked> parked{}; ///< ready records waiting for lower offsets
        qint64 blocked_from = -1; ///< an offset left unfinished: nothing above it is written
    };

    bool abortPending() const;
    /// \a w's order if its partition is still ours in \a w's generation.
    Order *orderOf(const Work *w);
    void releaseParked(const kafka::TopicPartition &tp);
    void scheduleCommit();
    void abortAndRewind(const QString &reason);
    /// Drops all work and holds consumption; the first half of an abort.
    void dropForRewind();
    /// The part of an abort that talks to Kafka: abort (or replace the producer), seek,
    /// begin. A retriable failure (broker away) tries again a second later.
    void finishAbort();
    bool stepDone(TransactionalProducer::Status status, const char *what, const QString &error);
    void die(const QString &message);

    TransactionalProducer &m_producer;
    Assignment &m_assignment;
    Host &m_host;
    const int m_max_records;
    const QByteArray m_dlq_topic;
    quint64 &m_committed;

    State m_state = State::Open;
    QString m_abort_reason; ///< why the open transaction must abort (Failing)
    QHash<kafka::TopicPartition, Order> m_orders;
    int m_records = 0; ///< records queued in the open transaction
    QElapsedTimer m_age; ///< since the open transaction's first record
    bool m_commit_scheduled = false;
    bool m_releasing = false;
    int m_replacements = 0; ///< since the last commit
    QList<kafka::CommitOffset> m_rewind; ///< where the pending abort rewinds the consumer to
    /// Records the broker refused for good, by consumed partition and offset: the redo after
    /// the abort dead-letters them instead of enriching them into the same refusal again.
    QHash<kafka::TopicPartition, std::map<qint64, Poison>> m_poisoned;
    QTimer m_abort_timer{this};
};

} // namespace herder::pipeline
