// herder: the operator console. Reads the INI (or runs the demo), embeds the engine (or
// attaches to a running herder-engine's ops API with --attach) and shows the main window.
// Same conventions as herder-engine: --config, --demo, --help, --version; a bad
// configuration is a message naming the key and exit code 2.

#include "apikey.h"
#include "consolecommandline.h"
#include "defaultconfigfile.h"
#include "screenshotter.h"

#include "config/settingsloader.h"
#include "demohost.h"
#include "embeddedenginelink.h"
#include "consolesettings.h"
#include "languageloader.h"
#include "logcapture.h"
#include "mainwindow.h"
#include "remoteenginelink.h"

#include "quitsignals.h"

#include <QApplication>
#include <QLoggingCategory>
#include <QMessageBox>

#include <cstdio>
#include <memory>
#include <optional>

namespace {

Q_LOGGING_CATEGORY(lcConsole, "herder.console")

// Desktop users launch from a menu and never see stderr; automated runs must not block on
// a dialog nobody can close.
void reportStartupError(const QString &text)
{
    std::fprintf(stderr, "herder: %s\n", qPrintable(text));
    const QString platform = QGuiApplication::platformName();
    if (platform != QLatin1String("offscreen") && platform != QLatin1String("minimal"))
        QMessageBox::critical(nullptr, QStringLiteral("Herder"), text);
}

} // namespace

int main(int argc, char *argv[])
{
    // First, so that the log page also shows what happens while starting.
    herder::ui::LogCapture::install();
    QCoreApplication::setApplicationName(QStringLiteral("herder"));
    QCoreApplication::setApplicationVersion(QStringLiteral(HERDER_VERSION));

    // Parsed before QApplication exists: --help, --version and usage errors must answer on a
    // machine without a display (a packaging check, an ssh session).
    QStringList arguments;
    for (int i = 0; i < argc; ++i)
        arguments.append(QString::fromLocal8Bit(argv[i]));
    using herder::app::ConsoleCommandLine;
    auto parsed = ConsoleCommandLine::parse(arguments);
    if (auto *exit = std::get_if<herder::app::OptionParser::Exit>(&parsed))
        return exit->code;
    const auto inv = std::get<herder::app::ConsoleInvocation>(parsed);

    QApplication app(argc, argv);
    QGuiApplication::setDesktopFileName(QStringLiteral("herder"));

    if (inv.config_is_default) {
        QString error;
        if (!herder::app::DefaultConfigFile::ensureExists(inv.config_path, &error)) {
            reportStartupError(error);
            return 1;
        }
    }
    auto loaded = herder::config::SettingsLoader::loadFile(inv.config_path);
    if (auto *error = std::get_if<herder::config::ConfigError>(&loaded)) {
        reportStartupError(QStringLiteral("%1: %2").arg(inv.config_path, error->toString()));
        return 2;
    }
    auto settings = std::get<herder::config::EngineSettings>(std::move(loaded));

    // Before any window exists, so every tr() sees the operator's language ([ui] language).
    herder::ui::LanguageLoader language;
    language.apply(herder::ui::ConsoleSettings::readFile(inv.config_path).language);

    herder::ui::DemoHost demo;
    if (inv.demo) {
        QString error;
        if (!demo.start(settings, inv.demo_rate_per_s, &error)) {
            reportStartupError(QStringLiteral("demo: %1").arg(error));
            return 1;
        }
        qCInfo(lcConsole, "demo: mock Kafka cluster at %s, simulated LLM at %s, %.0f events/s",
               settings.bootstrapServers().constData(),
               qPrintable(settings.base_url.toString()), inv.demo_rate_per_s);
    } else if (inv.attach_url.isEmpty()) {
        settings.api_key = herder::app::ApiKey::lookUp(settings);
        if (settings.api_key.isEmpty())
            qCWarning(lcConsole, "%s is empty; requests go without an API key",
                      qPrintable(settings.api_key_env));
    }

    std::unique_ptr<herder::ui::EngineLink> link;
    if (inv.attach_url.isEmpty())
        link = std::make_unique<herder::ui::EmbeddedEngineLink>(settings);
    else
        link = std::make_unique<herder::ui::RemoteEngineLink>(inv.attach_url, inv.ops_token,
                                                              settings);
    herder::ui::MainWindow window(link.get(), inv.config_path,
                                  herder::ui::LogCapture::instance());
    // A console started from a terminal, or ended by a session manager, still drains and commits.
    herder::app::QuitSignals quitSignals(herder::app::QuitSignals::Mode::Drain);
    QObject::connect(&quitSignals, &herder::app::QuitSignals::quitRequested, &window,
                     &QWidget::close);
    window.show();
    // A newcomer should see numbers move within seconds, without looking for the Start button;
    // whoever names an engine to attach to wants to see it at once.
    if (inv.demo || !inv.attach_url.isEmpty())
        link->start();

    std::optional<herder::app::Screenshotter> screenshots;
    if (!inv.screenshots_dir.isEmpty()) {
        screenshots.emplace(&window, inv.screenshots_dir, int(inv.screenshots_delay_s * 1000));
        screenshots->start();
    }
    return app.exec();
}
