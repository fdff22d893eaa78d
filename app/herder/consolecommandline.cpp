#include "consolecommandline.h"

#include "config/valueparser.h"

#include <QStandardPaths>

namespace herder::app {

std::variant<ConsoleInvocation, OptionParser::Exit>
ConsoleCommandLine::parse(const QStringList &arguments)
{
    OptionParser p(
        QStringLiteral("herder"),
        QStringLiteral(
            "Herder: operator console for AI enrichment of Kafka streams.\n"
            "Without --demo it reads the INI configuration (created from the built-in one when\n"
            "absent) and takes the API key from the environment variable named by\n"
            "llm/api_key_env (HERDER_API_KEY by default).\n"
            "With --attach it embeds no engine: it watches and controls a running herder-engine\n"
            "through its ops API (herder-engine --ops-listen); Start and Stop become Attach and\n"
            "Detach, and the engine keeps running when the console closes."),
        {});
    const QCommandLineOption configFile(
        QStringLiteral("config"),
        QStringLiteral("INI configuration file (default: %1).").arg(defaultConfigPath()),
        QStringLiteral("FILE"));
    const QCommandLineOption demo(QStringLiteral("demo"),
                                  QStringLiteral("Run on an in-process mock Kafka cluster with "
                                                 "generated events and the simulated LLM server, "
                                                 "and start the engine at once."));
    using O = OptionParser;
    const QCommandLineOption demoRate =
        O::valueOption("demo-rate", "Events per second the demo generates (default 200).", "R");
    const QCommandLineOption attach = O::valueOption(
        "attach",
        "Attach to the running herder-engine whose ops API is at URL (e.g. "
        "http://127.0.0.1:9464) instead of embedding an engine.",
        "URL");
    const QCommandLineOption opsToken = O::valueOption(
        "ops-token",
        "Bearer token for that engine's ops API (default: $HERDER_OPS_TOKEN); needed to pause, "
        "resume and change limits.",
        "TOKEN");
    // For tests/ui/screenshots.sh: not an operator feature, so not in --help.
    QCommandLineOption screenshots =
        O::valueOption("screenshots", "Grab each page into DIR, then quit.", "DIR");
    screenshots.setFlags(QCommandLineOption::HiddenFromHelp);
    QCommandLineOption screenshotsDelay =
        O::valueOption("screenshots-delay", "Seconds before the screenshots.", "SECONDS");
    screenshotsDelay.setFlags(QCommandLineOption::HiddenFromHelp);
    p.addOptions({configFile, demo, demoRate, attach, opsToken, screenshots, screenshotsDelay});
    if (auto exit = p.parse(arguments))
        return *exit;

    ConsoleInvocation inv;
    config::ConfigError error;
    config::ValueParser parse(&error);
    if (p.isSet(configFile)) {
        const auto v = parse.nonEmpty(O::flag(configFile), p.value(configFile));
        if (!v)
            return p.fail(error.toString());
        inv.config_path = *v;
        inv.config_is_default = false;
    } else {
        inv.config_path = defaultConfigPath();
    }
    inv.demo = p.isSet(demo);
    if (!p.readNumber(demoRate, 0, 1e6, inv.demo_rate_per_s) ||
        !p.readNumber(screenshotsDelay, 0, 3600, inv.screenshots_delay_s))
        return p.failed();
    if (p.isSet(attach)) {
        const QString text = p.value(attach).trimmed();
        const QUrl url(text, QUrl::StrictMode);
        if (!url.isValid() || url.host().isEmpty() ||
            (url.scheme() != u"http" && url.scheme() != u"https"))
            return p.fail(QStringLiteral("--attach: '%1' is not an http:// or https:// URL of an "
                                         "ops API (like http://127.0.0.1:9464)")
                              .arg(text));
        if (inv.demo)
            return p.fail(QStringLiteral("--attach: cannot be combined with --demo"));
        inv.attach_url = url;
    }
    inv.ops_token = p.isSet(opsToken) ? p.value(opsToken)
                                      : qEnvironmentVariable("HERDER_OPS_TOKEN");
    if (p.isSet(screenshots)) {
        const auto v = parse.nonEmpty(O::flag(screenshots), p.value(screenshots));
        if (!v)
            return p.fail(error.toString());
        inv.screenshots_dir = *v;
    }
    return inv;
}

QString ConsoleCommandLine::defaultConfigPath()
{
    // GenericConfigLocation honours $XDG_CONFIG_HOME and falls back to ~/.config.
    return QStandardPaths::writableLocation(QStandardPaths::GenericConfigLocation) +
           QStringLiteral("/herder/herder.ini");
}

} // namespace herder::app
