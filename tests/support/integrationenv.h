#pragma once

#include "config/enginesettings.h"
#include "simprocess.h"
#include "testkafka.h"

#include <QJsonObject>

/// One integration scenario's world: fresh topics and group on the real broker, a simulated
/// LLM server process, and engine settings pointing at both.
struct IntegrationEnv
{
    QByteArray source, output, retry, dlq, group;
    int partitions = 6;
    SimProcess sim;
    herder::config::EngineSettings settings;

    /// Creates the topics and starts the simulator; false with *error when either fails.
    bool setUp(const QStringList &sim_arguments, QString *error);
    /// herder-engine flags for the same world.
    QStringList engineArguments() const;

    /// Events from the generator, as records with ids; texts are realistic customer messages.
    static QList<TestKafka::Record> events(int count, quint64 seed);
};

/// Sum over a topic's enriched outputs: input/output tokens and cost per model.
struct OutputTotals
{
    QMap<QString, qint64> input_tokens;
    QMap<QString, qint64> output_tokens;
    QMap<QString, double> cost_usd;
};
OutputTotals totalsOf(const QList<TestKafka::Record> &outputs);
