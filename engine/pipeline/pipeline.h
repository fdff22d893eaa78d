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

namespace herder::pipeline {

/// The engine's flow on one thread: consume -> decode -> LLM calls -> output / retry / DLQ ->
/// commit. Everything here runs on the thread that owns the Pipeline; librdkafka and Qt
/// Network wake it through its event loop.
class Pipeline : public QObject
{
    Q_OBJECT
public:
    enum ExitCode { Ok = 0, BadConfig = 2, KafkaUnreachable = 3 };

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

private:
    enum PauseReason : unsigned {
        InflightFull = 1, Circuit = 2, Operator = 4, Stopping = 8, Budget = 16
    };

    struct Tracker
    {
        OffsetTracker offsets;
        quint64 generation = 0;
        qint64 first_offset = -1; ///< where this assignment started, for the committed count
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

    // Offsets
    QList<kafka::CommitOffset> committable(const QList<kafka::TopicPartition> &only = {});
    void commit(bool async);
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
    QTimer m_backpressure_timer{this};
    Backpressure m_backpressure;
    unsigned m_paused = 0;
    bool m_stopping = false;
    bool m_stopped = false;
    bool m_drain_scheduled = false;

    metrics::EngineMetrics m_metrics;
    RequestPlanner m_planner; // parented: it moves with the pipeline to the engine thread
};

} // namespace herder::pipeline
