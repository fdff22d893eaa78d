#include "consolecommandline.h"

#include "config/valueparser.h"

#include <QCommandLineParser>
#include <QStandardPaths>

#include <cstdio>

namespace herder::app {

std::variant<ConsoleInvocation, config::ConfigError, ConsoleCommandLine::Exit>
ConsoleCommandLine::parse(const QStringList &arguments)
{
    QCommandLineParser p;
    p.setApplicationDescription(QStringLiteral(
        "Herder: operator console for AI enrichment of Kafka streams.\n"
        "Without --demo it reads the INI configuration (created from the built-in one when\n"
        "absent) and takes the API key from the environment variable named by\n"
        "llm/api_key_env (HERDER_API_KEY by default).\n"
        "With --attach it embeds no engine: it watches and controls a running herder-engine\n"
        "through its ops API (herder-engine --ops-listen); Start and Stop become Attach and\n"
        "Detach, and the engine keeps running when the console closes."));
    const QCommandLineOption help({QStringLiteral("h"), QStringLiteral("help")},
                                  QStringLiteral("Show this help."));
    const QCommandLineOption version({QStringLiteral("v"), QStringLiteral("version")},
                                     QStringLiteral("Show the version."));
    const QCommandLineOption configFile(
        QStringLiteral("config"),
        QStringLiteral("INI configuration file (default: %1).").arg(defaultConfigPath()),
        QStringLiteral("FILE"));
    const QCommandLineOption demo(QStringLiteral("demo"),
                                  QStringLiteral("Run on an in-process mock Kafka cluster with "
                                                 "generated events and the simulated LLM server, "
                                                 "and start the engine at once."));
    QCommandLineOption demoRate(QStringLiteral("demo-rate"),
                                QStringLiteral("Events per second the demo generates (default "
                                               "200)."),
                                QStringLiteral("R"));
    const QCommandLineOption attach(
        QStringLiteral("attach"),
        QStringLiteral("Attach to the running herder-engine whose ops API is at URL "
                       "(e.g. http://127.0.0.1:9464) instead of embedding an engine."),
        QStringLiteral("URL"));
    const QCommandLineOption opsToken(
        QStringLiteral("ops-token"),
        QStringLiteral("Bearer token for that engine's ops API (default: $HERDER_OPS_TOKEN); "
                       "needed to pause, resume and change limits."),
        QStringLiteral("TOKEN"));
    // For tests/ui/screenshots.sh: not an operator feature, so not in --help.
    QCommandLineOption screenshots(QStringLiteral("screenshots"),
                                   QStringLiteral("Grab each page into DIR, then quit."),
                                   QStringLiteral("DIR"));
    screenshots.setFlags(QCommandLineOption::HiddenFromHelp);
    QCommandLineOption screenshotsDelay(QStringLiteral("screenshots-delay"),
                                        QStringLiteral("Seconds before the screenshots."),
                                        QStringLiteral("SECONDS"));
    screenshotsDelay.setFlags(QCommandLineOption::HiddenFromHelp);
    p.addOptions({help, version, configFile, demo, demoRate, attach, opsToken, screenshots,
                  screenshotsDelay});

    if (!p.parse(arguments))
        return config::ConfigError{QStringLiteral("usage"), p.errorText()};
    if (p.isSet(help)) {
        // Parsed before the application object exists, which is where Qt looks for the name.
        std::fputs(qPrintable(p.helpText().replace(QStringLiteral("<executable_name>"),
                                                   QStringLiteral("herder"))),
                   stdout);
        return Exit{0};
    }
    if (p.isSet(version)) {
        std::printf("herder %s\n", HERDER_VERSION);
        return Exit{0};
    }
    if (!p.positionalArguments().isEmpty())
        return config::ConfigError{QStringLiteral("usage"),
                                   QStringLiteral("unexpected argument '%1'")
                                       .arg(p.positionalArguments().constFirst())};

    ConsoleInvocation inv;
    config::ConfigError error;
    config::ValueParser parse(&error);
    if (p.isSet(configFile)) {
        const auto v = parse.nonEmpty(QStringLiteral("--config"), p.value(configFile));
        if (!v)
            return error;
        inv.config_path = *v;
        inv.config_is_default = false;
    } else {
        inv.config_path = defaultConfigPath();
    }
    inv.demo = p.isSet(demo);
    if (p.isSet(demoRate)) {
        const auto v = parse.number(QStringLiteral("--demo-rate"), p.value(demoRate), 0, 1e6);
        if (!v)
            return error;
        inv.demo_rate_per_s = *v;
    }
    if (p.isSet(attach)) {
        const QString text = p.value(attach).trimmed();
        const QUrl url(text, QUrl::StrictMode);
        if (!url.isValid() || url.host().isEmpty() ||
            (url.scheme() != u"http" && url.scheme() != u"https"))
            return config::ConfigError{
                QStringLiteral("--attach"),
                QStringLiteral("'%1' is not an http:// or https:// URL of an ops API "
                               "(like http://127.0.0.1:9464)")
                    .arg(text)};
        if (inv.demo)
            return config::ConfigError{QStringLiteral("--attach"),
                                       QStringLiteral("cannot be combined with --demo")};
        inv.attach_url = url;
    }
    inv.ops_token = p.isSet(opsToken) ? p.value(opsToken)
                                      : qEnvironmentVariable("HERDER_OPS_TOKEN");
    if (p.isSet(screenshots)) {
        const auto v = parse.nonEmpty(QStringLiteral("--screenshots"), p.value(screenshots));
        if (!v)
            return error;
        inv.screenshots_dir = *v;
    }
    if (p.isSet(screenshotsDelay)) {
        const auto v = parse.number(QStringLiteral("--screenshots-delay"),
                                    p.value(screenshotsDelay), 0, 3600);
        if (!v)
            return error;
        inv.screenshots_delay_s = *v;
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
