#include "commandline.h"

#include "config/limits.h"
#include "config/settingsloader.h"
#include "config/valueparser.h"

namespace herder::app {
namespace {

// The operator's limits as flags, in one place: their ranges are config::Limits', as for the
// INI and the ops API.
struct LimitOptions
{
    QCommandLineOption concurrency =
        OptionParser::valueOption("concurrency", "Maximum LLM requests in flight.", "N");
    QCommandLineOption rate =
        OptionParser::valueOption("rate", "LLM requests per second (0: unlimited).", "R");

    QList<QCommandLineOption> all() const { return {concurrency, rate}; }
    bool read(OptionParser &p, config::EngineSettings &s) const
    {
        return p.readInt(concurrency, config::Limits::kConcurrency, s.concurrency) &&
               p.readNumber(rate, config::Limits::kRate_per_s, s.rate_per_s);
    }
};

} // namespace

std::variant<Invocation, OptionParser::Exit> CommandLine::parse(const QStringList &arguments)
{
    OptionParser p(
        QStringLiteral("herder-engine"),
        QStringLiteral(
            "Herder's headless engine: consumes events from Kafka, classifies them with an\n"
            "OpenAI-compatible LLM API, writes enriched results, retries and dead letters.\n"
            "The API key comes from the environment variable named by llm/api_key_env\n"
            "(HERDER_API_KEY by default) and is never printed."),
        {{0, "ok"},
         {1, "the demo could not start or the report could not be written"},
         {2, "bad configuration or usage (the message names the key)"},
         {3, "Kafka unreachable within kafka/connect_timeout_s"},
         {4, "exactly-once mode stopped by a fatal transaction error"}});
    using O = OptionParser;
    const QCommandLineOption configFile =
        O::valueOption("config", "INI configuration file.", "FILE");
    const QCommandLineOption bootstrap =
        O::valueOption("bootstrap-servers", "Kafka brokers (host:port,...).", "LIST");
    const QCommandLineOption group = O::valueOption("group", "Consumer group.", "NAME");
    const QCommandLineOption source = O::valueOption("source-topic", "Topic to enrich.", "TOPIC");
    const QCommandLineOption output =
        O::valueOption("output-topic", "Topic for enriched results.", "TOPIC");
    const QCommandLineOption retry =
        O::valueOption("retry-topic", "Topic for delayed retries.", "TOPIC");
    const QCommandLineOption dlq = O::valueOption("dlq-topic", "Dead-letter topic.", "TOPIC");
    const QCommandLineOption baseUrl =
        O::valueOption("base-url", "OpenAI-compatible API base URL (…/v1).", "URL");
    const LimitOptions limits;
    const QCommandLineOption duration =
        O::valueOption("duration", "Stop gracefully after this many seconds.", "SECONDS");
    const QCommandLineOption report =
        O::valueOption("report", "Write the JSON summary here instead of stdout.", "FILE");
    const QCommandLineOption demo(QStringLiteral("demo"),
                                  QStringLiteral("Run on an in-process mock Kafka cluster with "
                                                 "generated events and the simulated LLM server."));
    const QCommandLineOption demoRate =
        O::valueOption("demo-rate", "Events per second the demo generates (default 200).", "R");
    const QCommandLineOption quiet(QStringLiteral("quiet"),
                                   QStringLiteral("No status line on stderr."));
    const QCommandLineOption exitWhenIdle(
        QStringLiteral("exit-when-idle"),
        QStringLiteral("Stop gracefully once the backlog is done: something was consumed, nothing "
                       "is in flight or held, and every partition is committed to its end."));
    const QCommandLineOption opsListen = O::valueOption(
        "ops-listen",
        "Serve the ops HTTP API (/metrics, /healthz, /readyz, /api/v1/...) on ADDR:PORT, or on "
        "127.0.0.1 when only a port is given; port 0 picks a free one.",
        "ADDR:PORT");
    const QCommandLineOption opsToken = O::valueOption(
        "ops-token",
        "Bearer token for the ops API's change-making calls, and for every call on a "
        "non-loopback address. Prefer the HERDER_OPS_TOKEN environment variable: flags show in "
        "the process list.",
        "TOKEN");
    p.addOptions({configFile, bootstrap, group, source, output, retry, dlq, baseUrl});
    p.addOptions(limits.all());
    p.addOptions({duration, report, demo, demoRate, quiet, opsListen, opsToken, exitWhenIdle});
    if (auto exit = p.parse(arguments))
        return *exit;

    auto loaded = config::SettingsLoader::loadFile(p.value(configFile));
    if (auto *e = std::get_if<config::ConfigError>(&loaded))
        return p.fail(e->toString());
    Invocation inv;
    inv.settings = std::move(std::get<config::EngineSettings>(loaded));
    config::EngineSettings &s = inv.settings;

    config::ConfigError error;
    config::ValueParser parse(&error);
    auto topic = [&](const QCommandLineOption &o, QString &field) {
        if (!p.isSet(o))
            return true;
        const auto t = parse.topic(O::flag(o), p.value(o));
        if (t)
            field = *t;
        return bool(t);
    };
    if (p.isSet(bootstrap)) {
        const auto v = parse.nonEmpty(O::flag(bootstrap), p.value(bootstrap));
        if (!v)
            return p.fail(error.toString());
        config::EngineSettings::setProperty(s.kafka_common, "bootstrap.servers", v->toUtf8());
    }
    if (p.isSet(group)) {
        const auto v = parse.nonEmpty(O::flag(group), p.value(group));
        if (!v)
            return p.fail(error.toString());
        s.group = *v;
    }
    if (!topic(source, s.source_topic) || !topic(output, s.output_topic) ||
        !topic(retry, s.retry_topic) || !topic(dlq, s.dlq_topic))
        return p.fail(error.toString());
    if (p.isSet(baseUrl)) {
        const auto v = parse.httpUrl(O::flag(baseUrl), p.value(baseUrl));
        if (!v)
            return p.fail(error.toString());
        s.base_url = *v;
    }
    if (!limits.read(p, s) || !p.readNumber(duration, 0.1, 1e7, inv.duration_s) ||
        !p.readNumber(demoRate, 0, 1e6, inv.demo_rate_per_s))
        return p.failed();
    if (p.isSet(opsListen))
        s.ops_listen = p.value(opsListen).trimmed();
    if (p.isSet(opsToken))
        s.ops_token = p.value(opsToken);
    else if (qEnvironmentVariableIsSet("HERDER_OPS_TOKEN"))
        s.ops_token = qEnvironmentVariable("HERDER_OPS_TOKEN");
    if (!s.ops_listen.isEmpty()) {
        const QString key = p.isSet(opsListen) ? O::flag(opsListen) : QStringLiteral("ops/listen");
        inv.ops_listen = ops::ListenAddress::parse(s.ops_listen);
        if (!inv.ops_listen)
            return p.fail(key + QStringLiteral(": '%1' is not PORT or ADDR:PORT with an IP "
                                               "address (e.g. 127.0.0.1:9464)")
                                    .arg(s.ops_listen));
        if (!inv.ops_listen->isLoopback() && s.ops_token.isEmpty())
            return p.fail(QStringLiteral("ops/token: is required when the ops API listens on a "
                                         "non-loopback address (%1); set --ops-token, "
                                         "HERDER_OPS_TOKEN or [ops] token")
                              .arg(s.ops_listen));
    }
    inv.report_path = p.value(report);
    inv.demo = p.isSet(demo);
    inv.quiet = p.isSet(quiet);
    inv.exit_when_idle = p.isSet(exitWhenIdle);
    if (auto e = config::SettingsLoader::validate(s))
        return p.fail(e->toString());
    return inv;
}

} // namespace herder::app
