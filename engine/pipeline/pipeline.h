#pragma once

#include "config/enginesettings.h"
#include "kafka/consumer.h"
#include "kafka/producer.h"
#include "metrics/enginemetrics.h"
#include "pipeline/assignment.h"
#include "pipeline/eventdecoder.h"
#include "pipeline/intake.h"
#include "pipeline/kafkaclients.h"
#include "pipeline/outcomewriter.h"
#include "pipeline/providergate.h"
#include "pipeline/recordbuilder.h"
#include "pipeline/roundrunner.h"
#include "pipeline/transactionwriter.h"
#include "pipeline/work.h"
#include "pipeline/workset.h"

#include <QObject>
#include <QTimer>

#include <memory>

namespace herder::pipeline {

class KafkaTransactionalProducer;

/// The engine's flow on one thread: consume -> decode -> LLM rounds -> output / retry / DLQ ->
/// commit. Its parts: the Assignment (partitions and offsets), the WorkSet (messages in
/// flight), the RoundRunner (calls), the ProviderGate (limits, circuit, budget) and, in
/// exactly-once mode, the TransactionWriter. Everything here runs on the thread that owns the
/// Pipeline; librdkafka and Qt Network wake it through its event loop.
class Pipeline : public QObject, private TransactionWriter::Host
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

    /// The operator's knobs, in range (Engine::applyLimits clamps them): rounds that start from
    /// now on use them; calls already queued or on the wire finish in the shape they were built.
    void applyLimits(const config::Limits &limits);
    void setApiKey(const QString &api_key);
    void pauseConsumption() { m_intake.setPaused(Intake::Operator, true); }
    void resumeConsumption() { m_intake.setPaused(Intake::Operator, false); }

    metrics::EngineSnapshot snapshot();

signals:
    void snapshotReady(const herder::metrics::EngineSnapshot &snapshot);
    void stopped();
    /// The engine cannot go on (exactly-once mode: the producer was fenced or hit a fatal
    /// error); it has stopped working without committing anything more.
    void failed(int exit_code, const QString &message);

private:
    void accept(kafka::Message message);
    void onAssigned(const QList<kafka::TopicPartition> &partitions);
    void onRevoking(const QList<kafka::TopicPartition> &partitions);
    void process(Work *w);
    void roundEnded(Work *w, RoundRunner::End end);
    /// \a w is over; in exactly-once mode an unwritten one blocks what lies above it.
    void finish(Work *w);
    /// Cancels the works \a which selects and ends the idle ones among them.
    void cancel(const std::function<bool(const Work &)> &which);

    // Committing and stopping
    void commit(bool async);
    void maybeFinishStop();
    void finishStop();

    // TransactionWriter::Host
    void dropAll() override;
    bool seek(const QList<kafka::CommitOffset> &offsets, int timeout_ms, QString *error) override;
    void holdConsumption(bool held) override { m_intake.setPaused(Intake::Aborting, held); }
    void produce(Work *w, const QByteArray &topic, const QByteArray &value,
                 const kafka::Headers &headers) override
    {
        m_writer.produce(w, topic, value, headers);
    }
    void end(Work *w) override { finish(w); }
    void endOrphans() override;
    void fatal(const QString &message) override;

    config::EngineSettings m_settings;
    QString m_instance;
    EventDecoder m_decoder;
    RecordBuilder m_records;
    QByteArray m_source_topic, m_retry_topic, m_output_topic, m_dlq_topic;

    metrics::EngineMetrics m_metrics;
    KafkaClients m_kafka;
    Assignment m_assignment;
    // Parented so they move with the pipeline to the engine thread.
    ProviderGate m_gate{m_settings, this};
    RoundRunner m_rounds;
    WorkSet m_works;
    Intake m_intake;
    OutcomeWriter m_writer;
    std::unique_ptr<KafkaTransactionalProducer> m_txn_producer;
    std::unique_ptr<TransactionWriter> m_txn; ///< exactly-once mode only

    QTimer m_commit_timer{this};
    QTimer m_snapshot_timer{this};
    QTimer m_stop_timer{this};
    bool m_stopping = false;
    bool m_stopped = false;
};

} // namespace herder::pipeline
