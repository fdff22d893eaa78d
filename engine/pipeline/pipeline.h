#pragma once

#include "config/enginesettings.h"
#include "control/budgetguard.h"
#include "control/adaptiveconcurrency.h"
#include "control/circuitbreaker.h"
#include "control/limiter.h"
#include "kafka/consumer.h"
#include "kafka/producer.h"
#include "llm/chatclient.h"
#include "llm/responsecache.h"
#include "metrics/enginemetrics.h"
#include "pipeline/answersplitter.h"
#include "pipeline/backpressure.h"
#include "pipeline/backoff.h"
#include "pipeline/eventdecoder.h"
#include "pipeline/llmrequest.h"
#include "pipeline/offsettracker.h"
#include "pipeline/promptset.h"
#include "pipeline/recordbuilder.h"
#include "pipeline/requestplanner.h"
#include "pipeline/work.h"

#include <QElapsedTimer>
#include <QHash>
#include <QObject>
#include <QSet>
#include <QTimer>

#include <map>
#include <memory>
#include <set>

namespace herder::pipeline {

/// The engine's flow on one thread: consume -> decode -> LLM calls -> output / retry / DLQ ->
/// commit. Everything here runs on the thread that owns the Pipeline; librdkafka and Qt
/// Network wake it through its event loop.
class Pipeline : public QObject
{
    Q_OBJECT
public:
    enum ExitCode { Ok = 0, BadConfig = 2, KafkaUnreachable = 3, TransactionFatal = 4 };

    explicit Pipeline(config::EngineSettings settings, QObject *parent = nullptr);
    ~Pipeline() override;

    /// Connects, checks that Kafka answers, creates missing sink topics, subscribes. Returns
    /// Ok or an exit code with *error naming the problem.
    ExitCode start(QString *error);
    /// Stops fetching, lets in-flight work finish up to the drain deadline, commits, then
    /// emits stopped().
    void stop();

    void setConcurrency(int concurrency);
    void setRate(double rate_per_s);
    /// Rounds that start from now on use \a mode; calls already queued or on the wire finish
    /// in the shape they were built. Messages gathered for a batch go out at once.
    void setMode(config::ProcessingMode mode);
    void setBatchSize(int batch_size);
    void setApiKey(const QString &api_key);
    /// New hourly and daily cost caps (0: none); a raised cap resumes a budget pause at once.
    void setBudget(double hourly_usd, double daily_usd);
    void pauseConsumption();
    void resumeConsumption();

    metrics::EngineSnapshot snapshot();

signals:
    void snapshotReady(const herder::metrics::EngineSnapshot &snapshot);
    void stopped();
    /// The engine cannot go on (exactly-once mode: the producer was fenced or hit a fatal
    /// error); it has stopped working without committing anything more.
    void failed(int exit_code, const QString &message);

private:
    enum PauseReason : unsigned {
        InflightFull = 1, Circuit = 2, Operator = 4, Stopping = 8, Budget = 16, Aborting = 32
    };

    /// Exactly-once mode: a record waiting for the lower offsets of its partition to be written.
    struct ParkedWrite
    {
        Work *work;
        QByteArray topic;
        QByteArray value;
        kafka::Headers headers;
    };

    /// Exactly-once mode: a consumed record whose enriched record the broker refused for good.
    struct Poison
    {
        QString reason;
        double cost_usd = 0; ///< what its enrichment cost before the refusal
    };

    struct Tracker
    {
        OffsetTracker offsets;
        quint64 generation = 0;
        qint64 first_offset = -1; ///< where this assignment started, for the committed count
        // Exactly-once mode only (see produce()): records go out in offset order.
        std::set<qint64> unwritten{};        ///< begun offsets whose record is not queued yet
        std::map<qint64, ParkedWrite> parked{}; ///< ready records waiting for lower offsets
        qint64 blocked_from = -1; ///< an offset left unfinished: nothing above it is written
    };

    // Consuming
    void drain();
    void accept(kafka::MessagePtr message);
    void onAssigned(const QList<kafka::TopicPartition> &partitions);
    void onRevoking(const QList<kafka::TopicPartition> &partitions);
    void setPaused(unsigned reason, bool on);
    void applyBackpressure();
    void onBackpressureAction(Backpressure::Action action);
    void scheduleDrain();

    // Processing
    void hold(Work *w);
    void releaseHeld();
    void process(Work *w);
    /// Fills \a w's tasks the response cache answers; true when it answers them all.
    bool takeCached(Work *w);
    /// Keeps a paid answer in the response cache.
    void remember(const QString &model, int task, const Work &w, const TaskResult &result);
    void startRound(Work *w);
    void send(llm::PromptKind kind, QList<Work *> works, QList<int> tasks);
    void call(const std::shared_ptr<LlmRequest> &r);
    void onCallDone(const std::shared_ptr<LlmRequest> &r, llm::ChatResult &&result);
    /// Hands each message of \a r its part of a 2xx answer.
    void takeAnswer(const LlmRequest &r, int http_status, metrics::EngineMetrics::Model &model,
                    const QList<AnswerSplitter::Part> &parts);
    /// Keeps the failure that decides the message's round.
    void keepFailure(Work *w, const llm::Failure &failure, const QString &model);
    /// One of the message's calls is over; the last one ends the round.
    void callSettled(Work *w);
    void roundComplete(Work *w);
    void applyCircuit(bool changed);
    /// Pauses consumption and holds calls while a budget cap is reached, and undoes that when
    /// the window rolls over or the cap rises.
    void applyBudget();
    /// The limiter's gate follows both the circuit and the budget.
    void applyGate();
    /// Tells adaptive concurrency how a call went; moves the limiter's cap when it says so.
    void adapt(const llm::ChatResult &res, const std::optional<llm::Failure> &failure);
    /// The limiter's cap: the operator's, or the adaptive one below it.
    void applyConcurrency();
    /// The provider lost the model of \a r: use the configured fallback from now on.
    bool switchToFallback(const LlmRequest &r);

    // Writing and settling
    void writeOutput(Work *w);
    void writeRetry(Work *w);
    void writeDlq(Work *w, const llm::Failure &failure);
    void produce(Work *w, const QByteArray &topic, const QByteArray &value,
                 const kafka::Headers &headers);
    void onDelivery(void *opaque, rd_kafka_resp_err_t err);
    void finish(Work *w);
    /// The tracker \a w was counted in, if its partition is still ours in that assignment.
    Tracker *trackerOf(const Work *w);
    /// Exactly-once mode: writes the parked records of \a tp that are next in offset order.
    void releaseParked(const kafka::TopicPartition &tp);
    /// Exactly-once mode: \a w ends unwritten, so nothing above it in its partition may be
    /// written in this assignment (its offset stays uncommitted and will be redone); unless
    /// the engine is stopping, the transaction aborts so that the redo happens now.
    void blockAbove(const Work *w);
    /// Exactly-once mode: true (and \a w on its way to the DLQ) when an earlier transaction
    /// aborted because the broker refused \a w's enriched record.
    bool deadLetterPoisoned(Work *w);

    // Offsets
    QList<kafka::CommitOffset> committable(const QList<kafka::TopicPartition> &only = {});
    void commit(bool async);
    /// Exactly-once mode: commits the open transaction with the offsets of the records in it
    /// and begins the next one; on an abortable error aborts and rewinds. Unless \a settle
    /// (a revoke, the stop), records still unacknowledged after a moment leave the commit to
    /// a later tick.
    void commitTransaction(bool settle);
    /// Aborts the open transaction, drops all work and rewinds the consumer to the last
    /// committed offsets, so everything since is redone.
    void abortAndRewind(const QString &reason);
    /// Exactly-once mode: the open transaction must not commit; it aborts on the next turn of
    /// the event loop.
    void requestAbort(const QString &reason);
    /// The part of abortAndRewind() that talks to Kafka: abort, seek, begin. A retriable
    /// failure (broker away) keeps consumption paused and tries again a second later.
    void finishAbort();
    /// The first half of abortAndRewind(): drops all work and pauses consumption.
    void dropForRewind();
    /// One step of finishAbort: true when it succeeded; a fatal error fails the transactions,
    /// any other schedules finishAbort again.
    bool abortStepDone(kafka::Producer::TxnStatus status, const char *what, const QString &error);
    /// After a fatal error that is not fencing: a new producer in place of the old one.
    bool replaceProducer(QString *error);
    void failTransactions(const QString &message);
    void maybeFinishStop();
    void finishStop();

    config::EngineSettings m_settings;
    QString m_instance;
    EventDecoder m_decoder;
    RecordBuilder m_records;
    Backoff m_backoff;
    PromptSet m_prompts;
    QByteArray m_source_topic, m_retry_topic, m_output_topic, m_dlq_topic;

    std::unique_ptr<kafka::Consumer> m_consumer;
    std::unique_ptr<kafka::Producer> m_producer;
    std::unique_ptr<llm::ChatClient> m_client;
    std::unique_ptr<control::Limiter> m_limiter;
    std::unique_ptr<control::AdaptiveConcurrency> m_adaptive;
    llm::ResponseCache m_cache;
    control::CircuitBreaker m_circuit;
    control::BudgetGuard m_budget;

    QHash<kafka::TopicPartition, Tracker> m_trackers;
    quint64 m_next_generation = 1;
    QSet<Work *> m_works;
    std::multimap<qint64, Work *> m_held;
    // Parented so they move with the pipeline to the engine thread.
    QTimer m_held_timer{this};
    QTimer m_commit_timer{this};
    QTimer m_snapshot_timer{this};
    QTimer m_cooldown_timer{this};
    QTimer m_stop_timer{this};
    QTimer m_budget_timer{this};
    QTimer m_abort_timer{this};
    QTimer m_backpressure_timer{this};
    Backpressure m_backpressure;
    unsigned m_paused = 0;
    bool m_stopping = false;
    bool m_stopped = false;
    bool m_drain_scheduled = false;
    bool m_transactional = false;
    bool m_txn_failed = false; ///< a record of the open transaction was not delivered
    bool m_txn_dead = false;   ///< fatal transaction error: nothing more is written
    bool m_txn_commit_scheduled = false;
    bool m_releasing = false;
    int m_inflight_peak = 0; ///< most messages in flight at once since start
    int m_txn_records = 0; ///< records queued in the open transaction
    QElapsedTimer m_txn_age; ///< since the open transaction's first record
    QString m_abort_reason;    ///< why the open transaction must abort (m_txn_failed)
    bool m_abort_pending = false; ///< aborted work dropped; Kafka's abort/seek/begin not done
    bool m_abort_done = false;    ///< ... of which the abort is
    bool m_replace_producer = false; ///< ... and a new producer is needed first
    bool m_producer_fresh = false;   ///< ... which exists but is not initialised yet
    int m_producer_replacements = 0; ///< since the last commit
    QList<kafka::CommitOffset> m_rewind; ///< where the pending abort rewinds the consumer to
    /// Records the broker refused for good, by consumed partition and offset: the redo after
    /// the abort dead-letters them instead of enriching them into the same refusal again.
    QHash<kafka::TopicPartition, std::map<qint64, Poison>> m_poisoned;

    metrics::EngineMetrics m_metrics;
    RequestPlanner m_planner; // parented: it moves with the pipeline to the engine thread
};

} // namespace herder::pipeline
