#include "integrationenv.h"

#include "sim/eventgenerator.h"

#include <QJsonArray>
#include <QJsonDocument>

bool IntegrationEnv::setUp(const QStringList &sim_arguments, QString *error)
{
    if (TestKafka::bootstrap().isEmpty()) {
        *error = QStringLiteral("no broker: run through ctest (fixture kafka) or set "
                                "HERDER_TEST_BOOTSTRAP");
        return false;
    }
    source = TestKafka::uniqueName("src");
    output = source + "-enriched";
    retry = source + "-retry";
    dlq = source + "-dlq";
    group = source + "-group";
    if (!TestKafka::createTopics({source, output, retry, dlq}, partitions, error))
        return false;
    if (!sim.start(sim_arguments, error))
        return false;

    settings.kafka_common = {{"bootstrap.servers", TestKafka::bootstrap()}};
    settings.group = QString::fromUtf8(group);
    settings.source_topic = QString::fromUtf8(source);
    settings.output_topic = QString::fromUtf8(output);
    settings.retry_topic = QString::fromUtf8(retry);
    settings.dlq_topic = QString::fromUtf8(dlq);
    settings.base_url = sim.baseUrl();
    settings.api_key = QStringLiteral("test-key");
    settings.timeout_ms = 5000;
    settings.drain_timeout_ms = 10000;
    return true;
}

QStringList IntegrationEnv::engineArguments() const
{
    return {QStringLiteral("--bootstrap-servers"), QString::fromUtf8(TestKafka::bootstrap()),
            QStringLiteral("--group"),             QString::fromUtf8(group),
            QStringLiteral("--source-topic"),      QString::fromUtf8(source),
            QStringLiteral("--output-topic"),      QString::fromUtf8(output),
            QStringLiteral("--retry-topic"),       QString::fromUtf8(retry),
            QStringLiteral("--dlq-topic"),         QString::fromUtf8(dlq),
            QStringLiteral("--base-url"),          sim.baseUrl().toString()};
}

QList<TestKafka::Record> IntegrationEnv::events(int count, quint64 seed)
{
    herder::sim::EventGenerator generator(seed);
    QList<TestKafka::Record> records;
    records.reserve(count);
    for (int i = 0; i < count; ++i) {
        const auto e = generator.next();
        records.append({e.key, e.value, {}, -1, -1});
    }
    return records;
}

OutputTotals totalsOf(const QList<TestKafka::Record> &outputs)
{
    OutputTotals t;
    for (const TestKafka::Record &r : outputs) {
        const QJsonObject results = QJsonDocument::fromJson(r.value).object()[u"results"].toObject();
        for (auto it = results.begin(); it != results.end(); ++it) {
            const QJsonObject res = it.value().toObject();
            const QString model = res[u"model"].toString();
            t.input_tokens[model] += res[u"input_tokens"].toInteger();
            t.output_tokens[model] += res[u"output_tokens"].toInteger();
            t.cost_usd[model] += res[u"cost_usd"].toDouble();
        }
    }
    return t;
}
