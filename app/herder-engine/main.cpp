// herder-engine: the headless twin of the console. Reads the INI, applies flag overrides, runs
// the engine until stopped (signal or --duration), prints a status line a second and a JSON
// summary at exit.

#include "commandline.h"
#include "statusprinter.h"

#include "quitsignals.h"

#include "engine.h"
#include "ops/opsserver.h"
#include "sim/demoenvironment.h"

#include <QCoreApplication>
#include <QFile>
#include <QJsonDocument>
#include <QTimer>

#include <cstdio>
#include <optional>

namespace {

bool writeReport(const QString &path, const QByteArray &json)
{
    if (path.isEmpty()) {
        std::fwrite(json.constData(), 1, size_t(json.size()), stdout);
        std::fflush(stdout);
        return true;
    }
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate)) {
        std::fprintf(stderr, "herder-engine: cannot write the report to %s: %s\n",
                     qPrintable(path), qPrintable(file.errorString()));
        return false;
    }
    file.write(json);
    return true;
}

// --exit-when-idle: the backlog is done once something was consumed, nothing is in flight or
// held for later, and every partition is committed up to its end.
bool backlogDone(const herder::metrics::EngineSnapshot &s)
{
    if (s.consumed == 0 || s.inflight_messages > 0 || s.held_retries > 0 || s.partitions.isEmpty())
        return false;
    for (const herder::metrics::PartitionStats &p : s.partitions)
        if (p.high_watermark > 0 && p.committed < p.high_watermark)
            return false;
    return true;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("herder-engine"));
    QCoreApplication::setApplicationVersion(QStringLiteral(HERDER_VERSION));

    auto parsed = herder::app::CommandLine::parse(QCoreApplication::arguments());
    if (auto *exit = std::get_if<herder::app::OptionParser::Exit>(&parsed))
        return exit->code;
    herder::app::Invocation inv = std::move(std::get<herder::app::Invocation>(parsed));

    herder::sim::DemoEnvironment demo;
    if (inv.demo) {
        QString error;
        if (!demo.start(inv.settings, inv.demo_rate_per_s, &error)) {
            std::fprintf(stderr, "herder-engine: demo: %s\n", qPrintable(error));
            return 1;
        }
        std::fprintf(stderr, "herder-engine: DEMO — mock Kafka cluster at %s, simulated LLM at %s, "
                             "%.0f events/s\n",
                     inv.settings.bootstrapServers().constData(),
                     qPrintable(inv.settings.base_url.toString()), inv.demo_rate_per_s);
    } else {
        inv.settings.api_key = qEnvironmentVariable(qPrintable(inv.settings.api_key_env));
        if (inv.settings.api_key.isEmpty())
            std::fprintf(stderr, "herder-engine: warning: %s is empty; requests go without a key\n",
                         qPrintable(inv.settings.api_key_env));
    }

    herder::Engine engine(inv.settings);
    std::optional<herder::app::StatusPrinter> status;
    if (!inv.quiet)
        status.emplace();
    herder::metrics::EngineSnapshot last;
    bool idle_stop = false;
    QObject::connect(&engine, &herder::Engine::snapshotReady, &app,
                     [&](const herder::metrics::EngineSnapshot &s) {
                         last = s;
                         if (status)
                             status->update(s);
                         if (inv.exit_when_idle && !idle_stop && backlogDone(s)) {
                             idle_stop = true;
                             std::fprintf(stderr, "herder-engine: backlog done, stopping\n");
                             engine.stop();
                         }
                     });
    int exitCode = 0;
    QObject::connect(&engine, &herder::Engine::failed, &app, [&](int code, const QString &message) {
        std::fprintf(stderr, "herder-engine: %s\n", qPrintable(message));
        exitCode = code;
        app.exit(code);
    });
    QObject::connect(&engine, &herder::Engine::stopped, &app, [&] {
        const QByteArray json = QJsonDocument(last.toJson()).toJson(QJsonDocument::Indented);
        if (!writeReport(inv.report_path, json))
            exitCode = 1;
        app.exit(exitCode);
    });

    // Signals become a graceful stop on the event loop; a second one ends at once.
    herder::app::QuitSignals quitSignals(herder::app::QuitSignals::Mode::Drain);
    if (!quitSignals.isActive()) {
        std::fprintf(stderr, "herder-engine: cannot catch signals: %s\n",
                     qPrintable(quitSignals.errorString()));
        return 1;
    }
    QObject::connect(&quitSignals, &herder::app::QuitSignals::quitRequested, &engine,
                     &herder::Engine::stop);

    // Up before the engine starts, so /healthz answers and /readyz says why it is not ready.
    std::optional<herder::ops::OpsServer> ops;
    if (inv.ops_listen) {
        ops.emplace(&engine, *inv.ops_listen, inv.settings.ops_token);
        const quint16 port = ops->listen();
        const QString address = herder::ops::ListenAddress::format(inv.ops_listen->address, port);
        if (port == 0) {
            std::fprintf(stderr,
                         "herder-engine: ops/listen: cannot listen on %s (in use or not "
                         "permitted)\n",
                         qPrintable(inv.settings.ops_listen));
            return 2;
        }
        std::fprintf(stderr, "herder-engine ops listening on http://%s\n", qPrintable(address));
        if (inv.settings.ops_token.isEmpty())
            std::fprintf(stderr, "herder-engine: ops: no token set, so change-making calls are "
                                 "refused\n");
    }

    if (inv.duration_s > 0)
        QTimer::singleShot(qint64(inv.duration_s * 1000), &app, [&] { engine.stop(); });

    engine.start();
    return app.exec();
}
