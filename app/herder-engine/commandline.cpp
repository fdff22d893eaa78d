#include "commandline.h"

#include "config/settingsloader.h"
#include "config/valueparser.h"

#include <QCommandLineParser>
#include <QCoreApplication>

#include <cstdio>

namespace herder::app {

std::variant<Invocation, config::ConfigError, CommandLine::Exit>
CommandLine::parse(const QStringList &arguments)
{
    QCommandLineParser p;
    p.setApplicationDescription(QStringLiteral(
        "Herder's headless engine: consumes events from Kafka, classifies them with an\n"
        "OpenAI-compatible LLM API, writes enriched results, retries and dead letters.\n"
        "The API key comes from the environment variable named by llm/api_key_env\n"
        "(HERDER_API_KEY by default) and is never printed.\n\n"
        "Exit codes: 0 ok, 2 bad configuration or usage, 3 Kafka unreachable."));
    const QCommandLineOption help({QStringLiteral("h"), QStringLiteral("help")},
                                  QStringLiteral("Show this help."));
    const QCommandLineOption version({QStringLiteral("v"), QStringLiteral("version")},
                                     QStringLiteral("Show the version."));
    auto value = [](const char *name, const char *description, const char *valueName) {
        return QCommandLineOption(QString::fromLatin1(name), QString::fromUtf8(description),
                                  QString::fromLatin1(valueName));
    };
    const QCommandLineOption configFile = value("config", "INI configuration file.", "FILE");
    const QCommandLineOption bootstrap =
        value("bootstrap-servers", "Kafka brokers (host:port,...).", "LIST");
    const QCommandLineOption group = value("group", "Consumer group.", "NAME");
    const QCommandLineOption source = value("source-topic", "Topic to enrich.", "TOPIC");
    const QCommandLineOption output = value("output-topic", "Topic for enriched results.", "TOPIC");
    const QCommandLineOption retry = value("retry-topic", "Topic for delayed retries.", "TOPIC");
    const QCommandLineOption dlq = value("dlq-topic", "Dead-letter topic.", "TOPIC");
    const QCommandLineOption baseUrl =
        value("base-url", "OpenAI-compatible API base URL (…/v1).", "URL");
    const QCommandLineOption concurrency =
        value("concurrency", "Maximum LLM requests in flight.", "N");
    const QCommandLineOption rate = value("rate", "LLM requests per second (0: unlimited).", "R");
    const QCommandLineOption duration =
        value("duration", "Stop gracefully after this many seconds.", "SECONDS");
    const QCommandLineOption report =
        value("report", "Write the JSON summary here instead of stdout.", "FILE");
    const QCommandLineOption demo(QStringLiteral("demo"),
                                  QStringLiteral("Run on an in-process mock Kafka cluster with "
                                                 "generated events and the simulated LLM server."));
    const QCommandLineOption demoRate =
        value("demo-rate", "Events per second the demo generates (default 200).", "R");
    const QCommandLineOption quiet(QStringLiteral("quiet"),
                                   QStringLiteral("No status line on stderr."));
    const QCommandLineOption exitWhenIdle(
        QStringLiteral("exit-when-idle"),
        QStringLiteral("Stop gracefully once the backlog is done: something was consumed, nothing "
                       "is in flight or held, and every partition is committed to its end."));
    const QCommandLineOption opsListen = value(
        "ops-listen",
        "Serve the ops HTTP API (/metrics, /healthz, /readyz, /api/v1/...) on ADDR:PORT, or on "
        "127.0.0.1 when only a port is given; port 0 picks a free one.",
        "ADDR:PORT");
    const QCommandLineOption opsToken = value(
        "ops-token",
        "Bearer token for the ops API's change-making calls, and for every call on a "
        "non-loopback address. Prefer the HERDER_OPS_TOKEN environment variable: flags show in "
        "the process list.",
        "TOKEN");
    p.addOptions({help, version, configFile, bootstrap, group, source, output, retry, dlq, baseUrl,
                  concurrency, rate, duration, report, demo, demoRate, quiet, opsListen, opsToken});

    p.addOption(exitWhenIdle);

    if (!p.parse(arguments))
        return config::ConfigError{QStringLiteral("usage"), p.errorText()};
    if (p.isSet(help)) {
        std::fputs(qPrintable(p.helpText()), stdout);
        return Exit{0};
    }
    if (p.isSet(version)) {
        std::printf("herder-engine %s\n", HERDER_VERSION);
        return Exit{0};
    }
    if (!p.positionalArguments().isEmpty())
        return config::ConfigError{QStringLiteral("usage"),
                                   QStringLiteral("unexpected argument '%1'")
                                       .arg(p.positionalArguments().constFirst())};

    auto loaded = config::SettingsLoader::loadFile(p.value(configFile));
    if (auto *e = std::get_if<config::ConfigError>(&loaded))
        return *e;
    Invocation inv;
    inv.settings = std::move(std::get<config::EngineSettings>(loaded));
    config::EngineSettings &s = inv.settings;

    config::ConfigError error;
    config::ValueParser parse(&error);
    auto flag = [](const QCommandLineOption &o) -> QString { return QStringLiteral("--") + o.names().last(); };
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
    if (p.isSet(group)) {
        const auto v = parse.nonEmpty(flag(group), p.value(group));
        if (!v)
            return error;
        s.group = *v;
    }
    if (!topic(source, s.source_topic) || !topic(output, s.output_topic) ||
        !topic(retry, s.retry_topic) || !topic(dlq, s.dlq_topic))
        return error;
    if (p.isSet(baseUrl)) {
        const auto v = parse.httpUrl(flag(baseUrl), p.value(baseUrl));
        if (!v)
            return error;
        s.base_url = *v;
    }
    if (p.isSet(concurrency)) {
        const auto v = parse.integer(flag(concurrency), p.value(concurrency), 1, 4096);
        if (!v)
            return error;
        s.concurrency = *v;
    }
    if (p.isSet(rate)) {
        const auto v = parse.number(flag(rate), p.value(rate), 0, 1e6);
        if (!v)
            return error;
        s.rate_per_s = *v;
    }
    if (p.isSet(duration)) {
        const auto v = parse.number(flag(duration), p.value(duration), 0.1, 1e7);
        if (!v)
            return error;
        inv.duration_s = *v;
    }
    if (p.isSet(demoRate)) {
        const auto v = parse.number(flag(demoRate), p.value(demoRate), 0, 1e6);
        if (!v)
            return error;
        inv.demo_rate_per_s = *v;
    }
    if (p.isSet(opsListen))
        s.ops_listen = p.value(opsListen).trimmed();
    if (p.isSet(opsToken))
        s.ops_token = p.value(opsToken);
    else if (qEnvironmentVariableIsSet("HERDER_OPS_TOKEN"))
        s.ops_token = qEnvironmentVariable("HERDER_OPS_TOKEN");
    if (!s.ops_listen.isEmpty()) {
        const QString key = p.isSet(opsListen) ? flag(opsListen) : QStringLiteral("ops/listen");
        inv.ops_listen = ops::ListenAddress::parse(s.ops_listen);
        if (!inv.ops_listen)
            return config::ConfigError{key, QStringLiteral("'%1' is not PORT or ADDR:PORT with "
                                                           "an IP address (e.g. 127.0.0.1:9464)")
                                                .arg(s.ops_listen)};
        if (!inv.ops_listen->isLoopback() && s.ops_token.isEmpty())
            return config::ConfigError{QStringLiteral("ops/token"),
                                       QStringLiteral("is required when the ops API listens on a "
                                                      "non-loopback address (%1); set "
                                                      "--ops-token, HERDER_OPS_TOKEN or "
                                                      "[ops] token")
                                           .arg(s.ops_listen)};
    }
    inv.report_path = p.value(report);
    inv.demo = p.isSet(demo);
    inv.quiet = p.isSet(quiet);
    inv.exit_when_idle = p.isSet(exitWhenIdle);
    if (auto e = config::SettingsLoader::validate(s))
        return *e;
    return inv;
}

} // namespace herder::app
