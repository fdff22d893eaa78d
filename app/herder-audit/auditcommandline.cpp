#include "auditcommandline.h"

#include "config/settingsloader.h"
#include "config/valueparser.h"

#include <QCommandLineParser>

#include <cstdio>

namespace herder::app {

std::variant<AuditInvocation, config::ConfigError, AuditCommandLine::Exit>
AuditCommandLine::parse(const QStringList &arguments)
{
    QCommandLineParser p;
    p.setApplicationDescription(QStringLiteral(
        "Herder's audit: reads the source, output and dead-letter topics (and the retry topic\n"
        "when given) from their start to their current end, without a consumer group, and\n"
        "matches every source record by topic/partition/offset to its outputs and dead\n"
        "letters. Reports inputs, outputs, duplicates, dead letters by class, pending and lost.\n"
        "Without --config, --bootstrap-servers and the source, output and DLQ topics are\n"
        "required; with it, flags override the file (its retry topic is then audited too).\n\n"
        "Exit codes: 0 nothing lost, 1 records lost, 2 bad configuration or usage,\n"
        "3 Kafka unreachable."));
    const QCommandLineOption help({QStringLiteral("h"), QStringLiteral("help")},
                                  QStringLiteral("Show this help."));
    const QCommandLineOption version({QStringLiteral("v"), QStringLiteral("version")},
                                     QStringLiteral("Show the version."));
    auto value = [](const char *name, const char *description, const char *valueName) {
        return QCommandLineOption(QString::fromLatin1(name), QString::fromUtf8(description),
                                  QString::fromLatin1(valueName));
    };
    const QCommandLineOption configFile =
        value("config", "INI configuration file (Kafka settings and topics).", "FILE");
    const QCommandLineOption bootstrap =
        value("bootstrap-servers", "Kafka brokers (host:port,...).", "LIST");
    const QCommandLineOption source = value("source-topic", "Topic the engine enriches.", "TOPIC");
    const QCommandLineOption output = value("output-topic", "Topic of enriched results.", "TOPIC");
    const QCommandLineOption dlq = value("dlq-topic", "Dead-letter topic.", "TOPIC");
    const QCommandLineOption retry =
        value("retry-topic", "Retry topic: records there count as pending, not lost.", "TOPIC");
    const QCommandLineOption isolation =
        value("isolation",
              "read_committed (default) or read_uncommitted: whether records of open or aborted "
              "transactions count.",
              "LEVEL");
    const QCommandLineOption json(QStringLiteral("json"),
                                  QStringLiteral("Print one JSON object instead of the summary."));
    p.addOptions(
        {help, version, configFile, bootstrap, source, output, dlq, retry, isolation, json});

    if (!p.parse(arguments))
        return config::ConfigError{QStringLiteral("usage"), p.errorText()};
    if (p.isSet(help)) {
        std::fputs(qPrintable(p.helpText()), stdout);
        return Exit{0};
    }
    if (p.isSet(version)) {
        std::printf("herder-audit %s\n", HERDER_VERSION);
        return Exit{0};
    }
    if (!p.positionalArguments().isEmpty())
        return config::ConfigError{QStringLiteral("usage"),
                                   QStringLiteral("unexpected argument '%1'")
                                       .arg(p.positionalArguments().constFirst())};

    const bool fromFile = p.isSet(configFile);
    auto loaded = config::SettingsLoader::loadFile(p.value(configFile));
    if (auto *e = std::get_if<config::ConfigError>(&loaded))
        return *e;
    AuditInvocation inv;
    inv.settings = std::move(std::get<config::EngineSettings>(loaded));
    config::EngineSettings &s = inv.settings;
    inv.use_retry = fromFile || p.isSet(retry);
    inv.json = p.isSet(json);

    auto flag = [](const QCommandLineOption &o) -> QString {
        return QStringLiteral("--") + o.names().last();
    };
    // Without a file, the defaults are somebody else's topics: the audit must be told.
    if (!fromFile)
        for (const QCommandLineOption *o : {&bootstrap, &source, &output, &dlq})
            if (!p.isSet(*o))
                return config::ConfigError{flag(*o),
                                           QStringLiteral("is required without --config")};

    config::ConfigError error;
    config::ValueParser parse(&error);
    auto topic = [&](const QCommandLineOption &o, QString &field) {
        if (!p.isSet(o))
            return true;
        const auto t = parse.topic(flag(o), p.value(o));
        if (t)
            field = *t;
        return bool(t);
    };
    if (p.isSet(bootstrap)) {
        const auto v = parse.nonEmpty(flag(bootstrap), p.value(bootstrap));
        if (!v)
            return error;
        config::EngineSettings::setProperty(s.kafka_common, "bootstrap.servers", v->toUtf8());
    }
    if (!topic(source, s.source_topic) || !topic(output, s.output_topic) ||
        !topic(retry, s.retry_topic) || !topic(dlq, s.dlq_topic))
        return error;

    const QByteArray fileIsolation =
        config::EngineSettings::property(s.kafka_consumer, "isolation.level");
    if (p.isSet(isolation))
        inv.isolation = p.value(isolation).toUtf8();
    else if (!fileIsolation.isEmpty())
        inv.isolation = fileIsolation;
    if (inv.isolation != "read_committed" && inv.isolation != "read_uncommitted")
        return config::ConfigError{
            p.isSet(isolation) ? flag(isolation) : QStringLiteral("kafka.consumer/isolation.level"),
            QStringLiteral("'%1' is not read_committed or read_uncommitted")
                .arg(QString::fromUtf8(inv.isolation))};
    return inv;
}

} // namespace herder::app
