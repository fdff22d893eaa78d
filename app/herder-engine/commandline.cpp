#include "commandline.h"

#include "config/settingsloader.h"
#include "config/settingsschema.h"
#include "settingflags.h"

namespace herder::app {
namespace {

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
    const SettingFlags settings{
        {"group", "NAME", &config::settingAt("kafka", "group")},
        {"source-topic", "TOPIC", &config::settingAt("topics", "source")},
        {"output-topic", "TOPIC", &config::settingAt("topics", "output")},
        {"retry-topic", "TOPIC", &config::settingAt("topics", "retry")},
        {"dlq-topic", "TOPIC", &config::settingAt("topics", "dlq")},
        {"base-url", "URL", &config::settingAt("llm", "base_url")},
        {"concurrency", "N", &config::settingAt("limits", "concurrency")},
        {"rate", "R", &config::settingAt("limits", "rate_per_s")}};
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
    p.addOptions({configFile});
    p.addOptions(settings.options());
    p.addOptions({duration, report, demo, demoRate, quiet, opsListen, opsToken, exitWhenIdle});
    if (auto exit = p.parse(arguments))
        return *exit;

    auto loaded = config::SettingsLoader::loadFile(p.value(configFile));
    if (auto *e = std::get_if<config::ConfigError>(&loaded))
        return p.fail(e->toString());
    Invocation inv;
    inv.settings = std::move(std::get<config::EngineSettings>(loaded));
    config::EngineSettings &s = inv.settings;

    if (!settings.read(p, s) || !p.readNumber(duration, 0.1, 1e7, inv.duration_s) ||
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
